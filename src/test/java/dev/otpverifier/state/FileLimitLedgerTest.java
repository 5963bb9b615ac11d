package dev.otpverifier.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.otpverifier.otp.AddressLimits;
import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on real files: restarts, two ledgers on one directory, pruning, the bound and failed writes. */
class FileLimitLedgerTest {

    private static final String CAROL = "carol@example.com";
    private static final String DAVE = "dave@example.org";

    @TempDir
    Path temp;

    private final TestClock clock = new TestClock();
    private final OtpPolicy policy = OtpPolicy.defaults();

    private Path directory() {
        return temp.resolve("state").resolve("otp-verifier");
    }

    private FileLimitLedger open() {
        return FileLimitLedger.open(directory(), policy, clock);
    }

    private Instant at(int seconds) {
        return TestClock.START.plusSeconds(seconds);
    }

    @Test
    void aFirstRunMakesOwnerOnlyFilesAndWarnsOfNothing() throws IOException {
        FileLimitLedger ledger = open();
        ledger.merge(CAROL, AddressLimits.NONE.withSend(at(0)));

        assertThat(ledger.warnings()).isEmpty();
        assertThat(permissions(directory())).isEqualTo("rwx------");
        assertThat(permissions(directory().resolve("limits"))).isEqualTo("rw-------");
        assertThat(permissions(directory().resolve("limits.key"))).isEqualTo("rw-------");
        assertThat(permissions(directory().resolve("limits.lock"))).isEqualTo("rw-------");
        assertThat(Files.size(directory().resolve("limits.key"))).isEqualTo(32);
        assertThat(directory().resolve("limits.tmp")).doesNotExist();
    }

    @Test
    void everyKindOfCountSurvivesARestart() {
        AddressLimits limits = AddressLimits.NONE.withSend(at(0)).withSend(at(40)).withFailure(at(50))
                .withFailure(at(51)).withFailuresForgivenAt(at(45)).withLockedUntil(at(3000));
        open().merge(CAROL, limits);

        FileLimitLedger restarted = open();

        assertThat(restarted.read(CAROL)).isEqualTo(limits);
        assertThat(restarted.read(DAVE)).isEqualTo(AddressLimits.NONE);
        assertThat(restarted.warnings()).isEmpty();
    }

    @Test
    void instantsKeepTheirNanosecondsSoARepeatedMergeCountsNothingTwice() {
        Instant precise = at(1).plusNanos(123_456_789);
        Instant micros = at(2).plusNanos(654_321_000);
        AddressLimits limits = AddressLimits.NONE.withFailure(precise).withFailure(micros);
        open().merge(CAROL, limits);

        FileLimitLedger restarted = open();

        assertThat(restarted.read(CAROL).failures()).containsExactly(precise, micros);
        assertThat(restarted.merge(CAROL, limits).failures()).containsExactly(precise, micros);
    }

    @Test
    void twoLedgersOnOneDirectorySeeEachOthersCountsAndLocks() {
        FileLimitLedger window = open();
        FileLimitLedger terminal = open();

        window.merge(CAROL, AddressLimits.NONE.withFailure(at(1)));
        assertThat(terminal.read(CAROL).failures()).containsExactly(at(1));

        terminal.merge(CAROL, AddressLimits.NONE.withFailure(at(2)).withLockedUntil(at(3600)));
        AddressLimits seenByWindow = window.read(CAROL);
        assertThat(seenByWindow.failures()).containsExactly(at(1), at(2));
        assertThat(seenByWindow.lockedUntil()).contains(at(3600));

        // A merge returns what the other ledger recorded meanwhile, not only what it was given.
        AddressLimits merged = window.merge(CAROL, AddressLimits.NONE.withFailure(at(3)));
        assertThat(merged.failures()).containsExactly(at(1), at(2), at(3));
        assertThat(merged.lockedUntil()).contains(at(3600));
        assertThat(open().read(CAROL)).isEqualTo(merged);
    }

    @Test
    void manyThreadsOnTwoLedgersLoseNoCount() throws Exception {
        FileLimitLedger first = open();
        FileLimitLedger second = open();
        int threads = 4;
        int eventsPerThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                FileLimitLedger ledger = t % 2 == 0 ? first : second;
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < eventsPerThread; i++) {
                        ledger.merge(CAROL, AddressLimits.NONE.withFailure(at(1).plusMillis(thread * 1000L + i)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(open().read(CAROL).failures()).hasSize(threads * eventsPerThread);
        assertThat(first.warnings()).isEmpty();
        assertThat(second.warnings()).isEmpty();
    }

    @Test
    void noFileHoldsTheAddressInPlainText() throws IOException {
        FileLimitLedger ledger = open();
        ledger.merge(CAROL, AddressLimits.NONE.withSend(at(0)).withFailure(at(5)));
        ledger.merge(DAVE, AddressLimits.NONE.withLockedUntil(at(600)));

        try (var paths = Files.list(directory())) {
            for (Path file : paths.toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).toLowerCase();
                for (String secret : List.of(CAROL, "carol", DAVE, "dave")) {
                    assertThat(bytes).as("%s must not hold %s", file, secret).doesNotContain(secret);
                }
            }
        }
        assertThat(lines(directory().resolve("limits"))).hasSize(5)
                .anySatisfy(line -> assertThat(line).matches("entry [0-9a-f]{64} sends .*"));
    }

    @Test
    void entriesThatCanNoLongerMatterAreDroppedOnWrite() throws IOException {
        FileLimitLedger ledger = open();
        ledger.merge(CAROL, AddressLimits.NONE.withSend(clock.instant()).withFailure(clock.instant()));
        assertThat(lines(directory().resolve("limits"))).contains("end 1");

        // Past the longest window any configuration may set (7 days), nothing of Carol's can change a
        // decision of any run that shares the file.
        clock.advance(FileLimitLedger.LONGEST_WINDOW.plusSeconds(1));
        ledger.merge(DAVE, AddressLimits.NONE.withSend(clock.instant()));

        assertThat(lines(directory().resolve("limits"))).contains("end 1");
        FileLimitLedger restarted = open();
        assertThat(restarted.read(CAROL)).isEqualTo(AddressLimits.NONE);
        assertThat(restarted.read(DAVE).sends()).containsExactly(clock.instant());
    }

    @Test
    void theFileKeepsAtMostMaxEntriesAndKeepsThoseThatRestrictTheLongest() throws IOException {
        OtpPolicy small = policy.withMaxEntries(3);
        // The retention as given: the public factories never cap below the default 10,000 (see below).
        FileLimitLedger ledger = FileLimitLedger.open(directory(), small, clock, warning -> { },
                FileLimitLedger.ATOMIC_REPLACE);
        // Locks of 10 to 50 minutes: the later a lock ends, the longer its entry restricts.
        List<String> addresses = List.of("a@example.com", "b@example.com", "c@example.com", "d@example.com",
                "e@example.com");
        List<Integer> minutes = List.of(30, 10, 50, 20, 40);
        for (int i = 0; i < addresses.size(); i++) {
            ledger.merge(addresses.get(i),
                    AddressLimits.NONE.withLockedUntil(clock.instant().plus(Duration.ofMinutes(minutes.get(i)))));
        }

        assertThat(lines(directory().resolve("limits"))).contains("end 3");
        FileLimitLedger restarted = FileLimitLedger.open(directory(), small, clock, warning -> { },
                FileLimitLedger.ATOMIC_REPLACE);
        assertThat(restarted.read("c@example.com").lockedUntil()).isPresent();
        assertThat(restarted.read("e@example.com").lockedUntil()).isPresent();
        assertThat(restarted.read("a@example.com").lockedUntil()).isPresent();
        assertThat(restarted.read("b@example.com")).isEqualTo(AddressLimits.NONE);
        assertThat(restarted.read("d@example.com")).isEqualTo(AddressLimits.NONE);
    }

    @Test
    void aRunWithShortWindowsOrASmallCapDropsNoCountThatAnotherRunStillNeeds() throws IOException {
        // The configured window keeps failures for a day; a demo run (default windows) and a run with
        // a cap of 1 write the same file two hours later.
        OtpPolicy daily = policy.withLockWindow(Duration.ofDays(1));
        FileLimitLedger configured = FileLimitLedger.open(directory(), daily, clock);
        AddressLimits failures = AddressLimits.NONE;
        for (int i = 0; i < 19; i++) {
            failures = failures.withFailure(clock.instant().plusSeconds(i));
        }
        configured.merge(CAROL, failures);
        clock.advance(Duration.ofHours(2));

        FileLimitLedger.open(directory(), policy, clock).merge(DAVE, AddressLimits.NONE.withSend(clock.instant()));
        FileLimitLedger.open(directory(), policy.withMaxEntries(1), clock)
                .merge("erin@example.com", AddressLimits.NONE.withSend(clock.instant()));

        FileLimitLedger restarted = FileLimitLedger.open(directory(), daily, clock);
        assertThat(restarted.read(CAROL).failures()).as("still inside Carol's day").hasSize(19);
        assertThat(restarted.read(DAVE).sends()).hasSize(1);
        assertThat(FileLimitLedger.retention(policy.withMaxEntries(1)).maxEntries())
                .isEqualTo(OtpPolicy.DEFAULT_MAX_ENTRIES);
    }

    @Test
    void aFailedMoveLeavesTheOldFileWholeAndLosesAtMostTheLastEvent() throws IOException {
        AtomicBoolean failMoves = new AtomicBoolean();
        List<String> heard = new CopyOnWriteArrayList<>();
        FileLimitLedger ledger = FileLimitLedger.open(directory(), policy, clock, heard::add, (source, target) -> {
            if (failMoves.get()) {
                throw new IOException("simulated crash before the rename");
            }
            FileLimitLedger.ATOMIC_REPLACE.move(source, target);
        });
        ledger.merge(CAROL, AddressLimits.NONE.withFailure(at(1)));
        ledger.merge(CAROL, AddressLimits.NONE.withFailure(at(2)));
        byte[] before = Files.readAllBytes(directory().resolve("limits"));

        failMoves.set(true);
        AddressLimits returned = ledger.merge(CAROL, AddressLimits.NONE.withFailure(at(3)));

        assertThat(returned.failures()).as("the failing ledger still counts in memory").containsExactly(at(1), at(2),
                at(3));
        assertThat(Files.readAllBytes(directory().resolve("limits"))).isEqualTo(before);
        assertThat(directory().resolve("limits.tmp")).doesNotExist();
        FileLimitLedger restarted = open();
        assertThat(restarted.read(CAROL).failures()).containsExactly(at(1), at(2));
        assertThat(restarted.warnings()).isEmpty();
        assertThat(heard).singleElement().asString().contains(directory().toString())
                .contains("simulated crash before the rename").contains("kept in memory");

        // Still failing: no second warning. Then the disk recovers and the unsaved event is written too.
        ledger.merge(CAROL, AddressLimits.NONE.withFailure(at(4)));
        assertThat(heard).hasSize(1);
        failMoves.set(false);
        ledger.merge(DAVE, AddressLimits.NONE.withSend(at(5)));

        FileLimitLedger afterRecovery = open();
        assertThat(afterRecovery.read(CAROL).failures()).containsExactly(at(1), at(2), at(3), at(4));
        assertThat(afterRecovery.read(DAVE).sends()).containsExactly(at(5));
        assertThat(ledger.warnings()).isEqualTo(heard);
    }

    @Test
    void aDirectoryThatCannotBeMadeKeepsCountsInMemoryWithOneWarningUntilItCan() throws IOException {
        Path blocker = Files.writeString(temp.resolve("state"), "a file where the folder should be");
        FileLimitLedger ledger = open();

        assertThat(ledger.warnings()).singleElement().asString().contains(directory().toString())
                .contains("kept in memory");
        for (int i = 0; i < 10; i++) {
            assertThat(ledger.merge(CAROL, AddressLimits.NONE.withFailure(at(i))).failures()).hasSize(i + 1);
        }
        assertThat(ledger.read(CAROL).failures()).hasSize(10);
        assertThat(ledger.warnings()).hasSize(1);

        Files.delete(blocker);
        assertThatCode(() -> ledger.merge(DAVE, AddressLimits.NONE.withSend(at(20)))).doesNotThrowAnyException();

        FileLimitLedger restarted = open();
        assertThat(restarted.read(CAROL).failures()).hasSize(10);
        assertThat(restarted.read(DAVE).sends()).containsExactly(at(20));
        assertThat(restarted.warnings()).isEmpty();
    }

    @Test
    void aTemporaryFileLeftByADeadWriterIsReplaced() throws IOException {
        open().merge(CAROL, AddressLimits.NONE.withSend(at(0)));
        Files.writeString(directory().resolve("limits.tmp"), "half a file");

        FileLimitLedger ledger = open();
        ledger.merge(CAROL, AddressLimits.NONE.withSend(at(1)));

        assertThat(ledger.warnings()).isEmpty();
        assertThat(directory().resolve("limits.tmp")).doesNotExist();
        assertThat(open().read(CAROL).sends()).containsExactly(at(0), at(1));
    }

    @Test
    void aListKeepsItsLatestInstantsWithinWhatTheFormatHolds() {
        List<Instant> failures = new ArrayList<>();
        for (int i = 0; i < LimitsFormat.MAX_INSTANTS_PER_LIST + 10; i++) {
            failures.add(at(0).plusMillis(i));
        }
        AddressLimits many = new AddressLimits(List.of(), failures, Optional.empty(), Optional.empty());
        open().merge(CAROL, many);

        FileLimitLedger restarted = open();

        assertThat(restarted.warnings()).isEmpty();
        assertThat(restarted.read(CAROL).failures()).hasSize(LimitsFormat.MAX_INSTANTS_PER_LIST)
                .isEqualTo(failures.subList(10, failures.size()));
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.US_ASCII);
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
