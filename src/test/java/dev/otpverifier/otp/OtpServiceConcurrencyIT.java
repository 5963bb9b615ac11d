package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link OtpService} under many threads at once: single use, attempt limits without lost updates,
 * the cap on tracked addresses, and the races the policy names (verify against expiry, verify against
 * a resend, requests against the cooldown).
 *
 * <p>Every run is bounded: the threads have 120 seconds to finish, or the test fails. Nothing here
 * asserts how fast anything is.
 */
class OtpServiceConcurrencyIT {

    private static final int THREADS = 8;
    private static final long DEADLINE_SECONDS = 120;

    /** Keeps the logger (and so its level) alive: 100,000 log lines would only slow the test down. */
    private static final Logger OTP_LOG = Logger.getLogger("dev.otpverifier.otp");
    private static Level savedLevel;

    @BeforeAll
    static void quietLog() {
        savedLevel = OTP_LOG.getLevel();
        OTP_LOG.setLevel(Level.OFF);
    }

    @AfterAll
    static void restoreLog() {
        OTP_LOG.setLevel(savedLevel);
    }

    /**
     * Codes that never repeat within a run, so that "this code was verified" names one issued code:
     * with random codes, two of the thousands issued to one address could be equal by chance. Code
     * {@code i} is {@code i * 7919 mod 1,000,000}, a bijection (7919 is prime to 10), so the codes for
     * {@code i >= 500,000} are never issued during a test and are certainly wrong. The HMAC key still
     * comes from a real {@link SecureRandom}.
     */
    private static final class DistinctCodes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public int nextInt(int bound) {
            if (bound != 1_000_000) {
                throw new AssertionError("Codes draw from 1,000,000, not " + bound);
            }
            int i = next.getAndIncrement();
            if (i >= 500_000) {
                throw new AssertionError("more codes than this fixture can keep distinct");
            }
            return (int) ((i * 7919L) % 1_000_000);
        }

        static String neverIssued(Random random) {
            int i = 500_000 + random.nextInt(500_000);
            return String.format(Locale.ROOT, "%06d", (i * 7919L) % 1_000_000);
        }
    }

    /** Records every code per address, in the order they were handed over; never fails. */
    private static final class CodeLog implements CodeSender {
        final Map<String, List<String>> codes = new ConcurrentHashMap<>();
        final AtomicInteger sends = new AtomicInteger();

        @Override
        public void send(String address, String code, Duration validity) {
            sends.incrementAndGet();
            codes.computeIfAbsent(address, a -> new CopyOnWriteArrayList<>()).add(code);
        }

        /** The newest code sent to the address, or null. */
        String newest(String address) {
            List<String> list = codes.get(address);
            return list == null || list.isEmpty() ? null : list.get(list.size() - 1);
        }

        /** A code sent to the address at some point, or null. */
        String any(String address, Random random) {
            List<String> list = codes.get(address);
            return list == null || list.isEmpty() ? null : list.get(random.nextInt(list.size()));
        }
    }

    /** Runs the tasks on their own threads, all released at once; fails if they are not done in time. */
    private static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(THREADS, tasks.size()));
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(executor.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                long left = deadline - System.nanoTime();
                try {
                    results.add(future.get(Math.max(left, 0), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw new AssertionError("the threads did not finish within " + DEADLINE_SECONDS
                            + " s: a deadlock or a livelock", e);
                }
            }
            return results;
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    // --- the stress test ----------------------------------------------------------------------------

    @Test
    void oneHundredThousandOperationsOnEightThreadsKeepEveryPromise() throws Exception {
        int operations = 100_000;
        int addresses = 300;
        OtpPolicy policy = OtpPolicy.defaults()
                .withResendCooldown(Duration.ZERO)
                .withMaxCodesPerWindow(1_000)
                .withMaxEntries(200); // fewer than the addresses: the cap must hold under pressure
        MutableClock clock = new MutableClock();
        CodeLog sender = new CodeLog();
        OtpService service = new OtpService(sender, policy, clock, new DistinctCodes());

        Set<String> verifiedCodes = ConcurrentHashMap.newKeySet();
        List<String> violations = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> wrongCodeResults = new ConcurrentHashMap<>();
        AtomicLong verifiedCount = new AtomicLong();
        AtomicInteger maxTracked = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();

        List<Callable<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = 1_000 + t;
            int share = operations / THREADS;
            workers.add(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < share; i++) {
                    String address = "user" + random.nextInt(addresses) + "@example.com";
                    int dice = random.nextInt(100);
                    if (dice < 20) {
                        if (service.requestCode(address) instanceof RequestResult.Busy) {
                            busy.incrementAndGet();
                        }
                    } else if (dice < 55) {
                        String code = dice < 45 ? sender.newest(address) : sender.any(address, random);
                        if (code != null) {
                            VerifyResult result = service.verify(address, code);
                            if (result instanceof VerifyResult.Verified) {
                                verifiedCount.incrementAndGet();
                                if (!verifiedCodes.add(code)) {
                                    violations.add("code " + code + " of " + address + " was verified twice");
                                }
                            } else if (result instanceof VerifyResult.WrongCode) {
                                wrongCodeResults.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                            }
                        }
                    } else if (dice < 95) {
                        VerifyResult result = service.verify(address, DistinctCodes.neverIssued(random));
                        if (result instanceof VerifyResult.Verified) {
                            violations.add("a code never issued verified " + address);
                        } else if (result instanceof VerifyResult.WrongCode) {
                            wrongCodeResults.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet();
                        }
                    } else if (dice < 98) {
                        VerifyResult result = service.verify(address, "12345x");
                        if (!(result instanceof VerifyResult.Malformed || result instanceof VerifyResult.NoActiveCode
                                || result instanceof VerifyResult.Locked)) {
                            violations.add("malformed input gave " + result);
                        }
                    } else {
                        clock.advance(Duration.ofSeconds(random.nextInt(30)));
                    }
                    maxTracked.accumulateAndGet(service.trackedAddresses(), Math::max);
                }
                return share;
            });
        }

        List<Integer> done = race(workers);

        assertThat(done.stream().mapToInt(Integer::intValue).sum()).isEqualTo(operations);
        assertThat(violations).isEmpty();
        assertThat(maxTracked.get()).as("addresses tracked at any time").isLessThanOrEqualTo(policy.maxEntries());
        assertThat(service.trackedAddresses()).isLessThanOrEqualTo(policy.maxEntries());
        assertThat(verifiedCount.get()).as("the run must exercise success").isGreaterThan(1_000);
        assertThat(busy.get()).as("the run must press against the cap").isGreaterThan(0);
        assertThat(sender.codes.size()).as("more addresses got codes over time than the cap holds at once")
                .isGreaterThan(policy.maxEntries());
        // Each code resets the attempt counter; no more wrong tries than that can ever have been allowed.
        for (Map.Entry<String, AtomicInteger> entry : wrongCodeResults.entrySet()) {
            int codesSent = sender.codes.getOrDefault(entry.getKey(), List.of()).size();
            assertThat(entry.getValue().get()).as("WrongCode results for " + entry.getKey())
                    .isLessThanOrEqualTo(codesSent * (policy.maxAttemptsPerCode() - 1));
        }
    }

    // --- attempt counters under a race --------------------------------------------------------------

    @Test
    void wrongTriesRacingAtOneAddressAreCountedExactly() throws Exception {
        OtpPolicy policy = OtpPolicy.defaults(); // 5 tries per code, lock after 20 failures
        MutableClock clock = new MutableClock();
        CodeLog sender = new CodeLog();
        OtpService service = new OtpService(sender, policy, clock, new DistinctCodes());

        for (int round = 0; round < 100; round++) {
            String address = "victim" + round + "@example.com";
            assertThat(service.requestCode(address)).isInstanceOf(RequestResult.Sent.class);
            String code = sender.newest(address);
            List<Callable<List<VerifyResult>>> attackers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = round * 100L + t;
                attackers.add(() -> {
                    Random random = new Random(seed);
                    List<VerifyResult> results = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        results.add(service.verify(address, DistinctCodes.neverIssued(random)));
                    }
                    return results;
                });
            }

            List<VerifyResult> results = race(attackers).stream().flatMap(List::stream).toList();

            List<Integer> left = results.stream().filter(r -> r instanceof VerifyResult.WrongCode)
                    .map(r -> ((VerifyResult.WrongCode) r).attemptsLeft()).sorted().toList();
            assertThat(left).as("round " + round + ": each count seen once, none lost").containsExactly(1, 2, 3, 4);
            assertThat(results).as("round " + round)
                    .filteredOn(r -> !(r instanceof VerifyResult.WrongCode))
                    .allMatch(r -> r instanceof VerifyResult.TooManyAttempts)
                    .hasSize(THREADS * 4 - 4);
            assertThat(service.verify(address, code)).as("the right code after the limit")
                    .isInstanceOf(VerifyResult.TooManyAttempts.class);
        }
    }

    @Test
    void theRightCodeRacingWrongOnesWinsOnlyWithinTheLimit() throws Exception {
        OtpPolicy policy = OtpPolicy.defaults();
        MutableClock clock = new MutableClock();
        CodeLog sender = new CodeLog();
        OtpService service = new OtpService(sender, policy, clock, new DistinctCodes());
        int verifiedRounds = 0;

        for (int round = 0; round < 200; round++) {
            String address = "race" + round + "@example.com";
            service.requestCode(address);
            String code = sender.newest(address);
            List<Callable<VerifyResult>> tries = new ArrayList<>();
            Random seeds = new Random(round);
            for (int t = 0; t < THREADS; t++) {
                String attempt = t == 0 ? code : DistinctCodes.neverIssued(seeds);
                tries.add(() -> service.verify(address, attempt));
            }

            List<VerifyResult> results = race(tries);

            VerifyResult rightOne = results.get(0);
            long wrongCounted = results.stream().filter(r -> r instanceof VerifyResult.WrongCode).count();
            assertThat(wrongCounted).as("round " + round).isLessThanOrEqualTo(policy.maxAttemptsPerCode() - 1);
            assertThat(rightOne).as("round " + round).isInstanceOfAny(VerifyResult.Verified.class,
                    VerifyResult.TooManyAttempts.class);
            if (rightOne instanceof VerifyResult.Verified) {
                verifiedRounds++;
                assertThat(wrongCounted).isLessThan(policy.maxAttemptsPerCode());
            } else {
                assertThat(results).filteredOn(r -> r instanceof VerifyResult.WrongCode)
                        .hasSize(policy.maxAttemptsPerCode() - 1);
            }
            assertThat(results.subList(1, THREADS)).noneMatch(r -> r instanceof VerifyResult.Verified);
            assertThat(service.verify(address, code)).isNotInstanceOf(VerifyResult.Verified.class);
        }
        assertThat(verifiedRounds).as("the race must sometimes go either way; at least it must allow success")
                .isGreaterThan(0);
    }

    @Test
    void failuresRacingTowardsTheLockoutAreCountedExactly() throws Exception {
        OtpPolicy policy = OtpPolicy.defaults().withMaxAttemptsPerCode(100).withMaxFailuresPerLockWindow(10);
        MutableClock clock = new MutableClock();
        CodeLog sender = new CodeLog();
        OtpService service = new OtpService(sender, policy, clock, new DistinctCodes());

        for (int round = 0; round < 50; round++) {
            String address = "lock" + round + "@example.com";
            service.requestCode(address);
            List<Callable<List<VerifyResult>>> attackers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = round * 1000L + t;
                attackers.add(() -> {
                    Random random = new Random(seed);
                    List<VerifyResult> results = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        results.add(service.verify(address, DistinctCodes.neverIssued(random)));
                    }
                    return results;
                });
            }

            List<VerifyResult> results = race(attackers).stream().flatMap(List::stream).toList();

            assertThat(results).filteredOn(r -> r instanceof VerifyResult.WrongCode)
                    .as("round " + round).hasSize(policy.maxFailuresPerLockWindow() - 1);
            assertThat(results).filteredOn(r -> !(r instanceof VerifyResult.WrongCode))
                    .allMatch(r -> r instanceof VerifyResult.Locked);
            assertThat(service.requestCode(address)).isInstanceOf(RequestResult.Locked.class);
        }
    }

    // --- the races the policy names -------------------------------------------------------------

    @Test
    void verificationRacingExpiryIsEitherVerifiedOrExpired() throws Exception {
        OtpPolicy policy = OtpPolicy.defaults().withResendCooldown(Duration.ZERO).withMaxCodesPerWindow(1_000);
        MutableClock clock = new MutableClock();
        CodeLog sender = new CodeLog();
        OtpService service = new OtpService(sender, policy, clock, new DistinctCodes());
        int verified = 0;
        int expired = 0;

        for (int round = 0; round < 300; round++) {
            String address = "expiry" + round + "@example.com";
            Instant issued = clock.instant();
            service.requestCode(address);
            String code = sender.newest(address);
            clock.set(issued.plus(policy.codeValidity()).minusMillis(1)); // one millisecond to live
            Instant expiresAt = issued.plus(policy.codeValidity());

            List<Callable<Object>> racers = List.of(
                    () -> service.verify(address, code),
                    () -> clock.advance(Duration.ofMillis(1)));
            VerifyResult result = (VerifyResult) race(racers).get(0);

            assertThat(clock.instant()).isEqualTo(expiresAt);
            assertThat(result).as("round " + round).isInstanceOfAny(VerifyResult.Verified.class,
                    VerifyResult.Expired.class);
            if (result instanceof VerifyResult.Verified) {
                verified++;
                assertThat(service.verify(address, code)).isInstanceOf(VerifyResult.NoActiveCode.class);
            } else {
                expired++;
                assertThat(service.verify(address, code)).isInstanceOf(VerifyResult.Expired.class);
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(verified + expired).isEqualTo(300);
    }

    @Test
    void aResendRacingAVerifyLeavesEachCodeUsableAtMostOnce() throws Exception {
        OtpPolicy policy = OtpPolicy.defaults().withResendCooldown(Duration.ZERO).withMaxCodesPerWindow(1_000);
        MutableClock clock = new MutableClock();
        CodeLog sender = new CodeLog();
        OtpService service = new OtpService(sender, policy, clock, new DistinctCodes());

        for (int round = 0; round < 300; round++) {
            String address = "replace" + round + "@example.com";
            service.requestCode(address);
            String first = sender.newest(address);

            List<Callable<Object>> racers = List.of(
                    () -> service.verify(address, first),
                    () -> service.requestCode(address));
            List<Object> results = race(racers);

            // The first code works until the second is stored, and is then answered "a newer code was sent".
            assertThat(results.get(0)).as("round " + round).isInstanceOfAny(VerifyResult.Verified.class,
                    VerifyResult.Superseded.class);
            assertThat(results.get(1)).as("round " + round).isInstanceOf(RequestResult.Sent.class);
            String second = sender.newest(address);
            assertThat(second).isNotEqualTo(first);
            VerifyResult secondResult = service.verify(address, second);
            if (results.get(0) instanceof VerifyResult.Superseded) {
                assertThat(secondResult).as("round " + round + ": the newest code works")
                        .isInstanceOf(VerifyResult.Verified.class);
            } else {
                // Verified before the new code was stored: the new one is live. After: it was used up too.
                assertThat(secondResult).as("round " + round).isInstanceOfAny(VerifyResult.Verified.class,
                        VerifyResult.NoActiveCode.class);
            }
            assertThat(service.verify(address, first)).isNotInstanceOf(VerifyResult.Verified.class);
            assertThat(service.verify(address, second)).isNotInstanceOf(VerifyResult.Verified.class);
        }
    }

    @Test
    void withThePreviousCodeKeptAResendRacingAVerifyNeverLosesTheCodeInHand() throws Exception {
        OtpPolicy policy = OtpPolicy.defaults().withResendCooldown(Duration.ZERO).withMaxCodesPerWindow(1_000)
                .withPreviousCodeValid(true);
        MutableClock clock = new MutableClock();
        CodeLog sender = new CodeLog();
        OtpService service = new OtpService(sender, policy, clock, new DistinctCodes());

        for (int round = 0; round < 300; round++) {
            String address = "resend" + round + "@example.com";
            service.requestCode(address);
            String first = sender.newest(address);

            List<Callable<Object>> racers = List.of(
                    () -> service.verify(address, first),
                    () -> service.requestCode(address));
            List<Object> results = race(racers);

            // The previous code stays acceptable while a new one is on its way and after it arrived.
            assertThat(results.get(0)).as("round " + round).isInstanceOf(VerifyResult.Verified.class);
            assertThat(results.get(1)).as("round " + round).isInstanceOf(RequestResult.Sent.class);
            String second = sender.newest(address);
            assertThat(second).isNotEqualTo(first);
            assertThat(service.verify(address, first)).isNotInstanceOf(VerifyResult.Verified.class);
            // Verified before the new code was stored: the new one is live. After: it was used up too.
            assertThat(service.verify(address, second)).isInstanceOfAny(VerifyResult.Verified.class,
                    VerifyResult.NoActiveCode.class);
            assertThat(service.verify(address, second)).isNotInstanceOf(VerifyResult.Verified.class);
        }
    }

    @Test
    void requestsRacingForOneAddressSendExactlyOneCode() throws Exception {
        OtpPolicy policy = OtpPolicy.defaults(); // 30 s cooldown
        MutableClock clock = new MutableClock();
        CodeLog sender = new CodeLog();
        OtpService service = new OtpService(sender, policy, clock, new DistinctCodes());

        for (int round = 0; round < 100; round++) {
            String address = "burst" + round + "@example.com";
            List<Callable<RequestResult>> requests = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                requests.add(() -> service.requestCode(address));
            }

            List<RequestResult> results = race(requests);

            assertThat(results).filteredOn(r -> r instanceof RequestResult.Sent).as("round " + round).hasSize(1);
            assertThat(results).filteredOn(r -> !(r instanceof RequestResult.Sent))
                    .allMatch(r -> r instanceof RequestResult.Cooldown);
            assertThat(sender.codes.get(address)).hasSize(1);
        }
    }
}
