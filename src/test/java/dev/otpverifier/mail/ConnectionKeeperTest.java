package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionKeeper} with stand-in connections instead of a server: when it hands out, checks,
 * waits for, closes and reopens a kept connection. Its idle timeout is the one it is given; the five
 * seconds a connection is trusted without a NOOP and the thirty seconds of quiet after a failed
 * opening are read from a clock the tests move by hand ({@link #now}).
 */
class ConnectionKeeperTest {

    /** A connection that counts its NOOP checks and closes, and that a test can declare dropped. */
    static final class StandInTransport extends Transport {
        volatile boolean alive = true;
        volatile boolean closeFails;
        final AtomicInteger checks = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        StandInTransport() {
            super(Session.getInstance(new Properties()), null);
        }

        @Override
        public void sendMessage(Message message, Address[] addresses) {
            throw new UnsupportedOperationException("the keeper never sends");
        }

        @Override
        public synchronized boolean isConnected() {
            checks.incrementAndGet();
            return alive;
        }

        @Override
        public synchronized void close() throws MessagingException {
            closes.incrementAndGet();
            if (closeFails) {
                throw new MessagingException("the server hung up first");
            }
        }
    }

    /** Opens stand-in connections, each only once {@link #release} allows it, or fails as told. */
    static final class Opener implements ConnectionKeeper.Opener {
        final AtomicInteger opened = new AtomicInteger();
        final CountDownLatch release;
        volatile Exception failure;
        volatile StandInTransport last;

        Opener(boolean waitForRelease) {
            release = new CountDownLatch(waitForRelease ? 1 : 0);
        }

        @Override
        public Transport open() throws MessagingException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MessagingException("interrupted");
            }
            opened.incrementAndGet();
            if (failure instanceof MessagingException checked) {
                throw checked;
            }
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            last = new StandInTransport();
            return last;
        }
    }

    private ConnectionKeeper keeper;

    /** The monotonic clock of {@link #keeperOnTestClock}, in nanoseconds; it moves only when a test moves it. */
    private final AtomicLong now = new AtomicLong(7_000_000_000L);

    private ConnectionKeeper keeperOnTestClock(Opener opener) {
        keeper = new ConnectionKeeper(opener, Duration.ofMinutes(1), now::get);
        return keeper;
    }

    @AfterEach
    void close() {
        if (keeper != null) {
            keeper.close();
        }
    }

    private ConnectionKeeper keeper(Opener opener, Duration idleTimeout) {
        keeper = new ConnectionKeeper(opener, idleTimeout);
        return keeper;
    }

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Test
    void aConnectionKeptMomentsAgoIsHandedOutWithoutACheck() throws Exception {
        StandInTransport transport = new StandInTransport();
        keeper(new Opener(false), Duration.ofMinutes(1)).keep(transport);

        assertThat(keeper.take(Duration.ofSeconds(1))).isSameAs(transport);
        assertThat(transport.checks).as("no NOOP round trip").hasValue(0);
        assertThat(keeper.hasIdleConnection()).as("handed out: the caller owns it").isFalse();
        assertThat(keeper.take(Duration.ofSeconds(1))).isNull();
    }

    @Test
    void aConnectionKeptFiveSecondsOrLongerIsCheckedAndADroppedOneClosed() throws Exception {
        StandInTransport alive = new StandInTransport();
        StandInTransport dropped = new StandInTransport();
        dropped.alive = false;
        ConnectionKeeper first = keeperOnTestClock(new Opener(false));
        try (ConnectionKeeper second = new ConnectionKeeper(new Opener(false), Duration.ofMinutes(1), now::get)) {
            first.keep(alive);
            second.keep(dropped);

            now.addAndGet(Duration.ofSeconds(5).toNanos());

            assertThat(first.take(Duration.ofSeconds(1))).isSameAs(alive);
            assertThat(alive.checks).hasValue(1);
            assertThat(alive.closes).hasValue(0);
            assertThat(second.take(Duration.ofSeconds(1))).as("a dropped connection is not handed out").isNull();
            assertThat(dropped.checks).hasValue(1);
            assertThat(dropped.closes).as("but closed").hasValue(1);
        }
    }

    /** "Less than five seconds" to the nanosecond, counted from the last time the connection was kept. */
    @Test
    void aConnectionIsTrustedWithoutACheckForLessThanFiveSecondsSinceItWasKept() throws Exception {
        StandInTransport transport = new StandInTransport();
        keeperOnTestClock(new Opener(false)).keep(transport);

        now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
        assertThat(keeper.take(Duration.ofSeconds(1))).isSameAs(transport);
        assertThat(transport.checks).as("kept 5 s less 1 ns ago: no NOOP").hasValue(0);

        keeper.keep(transport);
        now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
        assertThat(keeper.take(Duration.ofSeconds(1))).isSameAs(transport);
        assertThat(transport.checks).as("the clock restarted when it was kept again").hasValue(0);

        keeper.keep(transport);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(keeper.take(Duration.ofSeconds(1))).isSameAs(transport);
        assertThat(transport.checks).as("kept exactly 5 s ago: checked").hasValue(1);
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutCountedFromItsLastUse() throws Exception {
        StandInTransport first = new StandInTransport();
        StandInTransport second = new StandInTransport();
        keeper(new Opener(false), Duration.ofMillis(300));

        keeper.keep(first);
        Thread.sleep(150);
        keeper.keep(second);

        assertThat(first.closes).as("replaced: closed at once").hasValue(1);
        Thread.sleep(200); // 350 ms after the first was kept, 200 ms after the second
        assertThat(second.closes).as("its own 300 ms have not passed").hasValue(0);
        assertThat(keeper.hasIdleConnection()).isTrue();
        assertThat(within(Duration.ofSeconds(3), () -> second.closes.get() == 1)).isTrue();
        assertThat(keeper.hasIdleConnection()).isFalse();
    }

    @Test
    void closeIdleClosesTheKeptConnectionEvenIfClosingFails() {
        StandInTransport transport = new StandInTransport();
        transport.closeFails = true;
        keeper(new Opener(false), Duration.ofMinutes(1)).keep(transport);

        keeper.closeIdle();

        assertThat(transport.closes).hasValue(1);
        assertThat(keeper.hasIdleConnection()).isFalse();
        ConnectionKeeper.closeQuietly(null);
    }

    @Test
    void aConnectionGivenBackAfterCloseIsClosedNotKept() {
        StandInTransport transport = new StandInTransport();
        keeper(new Opener(false), Duration.ofMinutes(1)).close();

        keeper.keep(transport);

        assertThat(transport.closes).hasValue(1);
        assertThat(keeper.hasIdleConnection()).isFalse();
    }

    @Test
    void closeClosesTheKeptConnectionAndNothingIsOpenedAfterwards() throws Exception {
        Opener opener = new Opener(false);
        StandInTransport transport = new StandInTransport();
        keeper(opener, Duration.ofMinutes(1)).keep(transport);

        keeper.close();
        keeper.prepare();

        assertThat(transport.closes).hasValue(1);
        Thread.sleep(100);
        assertThat(opener.opened).hasValue(0);
        assertThat(keeper.hasIdleConnection()).isFalse();
    }

    @Test
    void prepareOpensOneConnectionAndAnotherOnceThatOneIsGone() throws Exception {
        Opener opener = new Opener(false);
        keeper(opener, Duration.ofMinutes(1)).prepare();
        assertThat(within(Duration.ofSeconds(5), keeper::hasIdleConnection)).isTrue();

        keeper.prepare();
        Thread.sleep(100);
        assertThat(opener.opened).as("one is open: nothing more to do").hasValue(1);

        keeper.closeIdle();
        keeper.prepare();
        assertThat(within(Duration.ofSeconds(5), keeper::hasIdleConnection)).isTrue();
        assertThat(opener.opened).hasValue(2);
    }

    @Test
    void aTakeWaitsForTheConnectionBeingOpenedInsteadOfOpeningAnother() throws Exception {
        Opener opener = new Opener(true);
        keeper(opener, Duration.ofMinutes(1)).prepare();
        Thread releaser = new Thread(() -> {
            sleepQuietly(200);
            opener.release.countDown();
        });
        releaser.start();

        Transport taken = keeper.take(Duration.ofSeconds(10));

        assertThat(taken).isNotNull().isSameAs(opener.last);
        assertThat(opener.opened).hasValue(1);
        releaser.join();
    }

    @Test
    void theFailureOfTheConnectionBeingOpenedIsTheTakesAnswer() throws Exception {
        for (Exception failure : List.of(new MessagingException("535 5.7.8 refused"),
                new IllegalStateException("signed out"))) {
            Opener opener = new Opener(true);
            opener.failure = failure;
            ConnectionKeeper current = keeper(opener, Duration.ofMinutes(1));
            current.prepare();
            Thread releaser = new Thread(() -> {
                sleepQuietly(200);
                opener.release.countDown();
            });
            releaser.start();

            assertThatThrownBy(() -> current.take(Duration.ofSeconds(10))).isSameAs(failure);
            releaser.join();
            current.close();
        }
    }

    @Test
    void aTakeGivesUpWaitingAfterItsLimit() throws Exception {
        Opener opener = new Opener(true);
        keeper(opener, Duration.ofMinutes(1)).prepare();
        long start = System.nanoTime();

        Transport taken = keeper.take(Duration.ofMillis(300));

        assertThat(taken).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
        opener.release.countDown();
    }

    @Test
    void anInterruptedTakeReturnsAtOnceAndKeepsTheInterrupt() throws Exception {
        Opener opener = new Opener(true);
        keeper(opener, Duration.ofMinutes(1)).prepare();
        long start = System.nanoTime();

        Thread.currentThread().interrupt();
        Transport taken = keeper.take(Duration.ofSeconds(10));
        boolean stillInterrupted = Thread.interrupted();

        assertThat(taken).isNull();
        assertThat(stillInterrupted).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        opener.release.countDown();
    }

    @Test
    void theBackgroundThreadNeverKeepsTheApplicationRunning() throws Exception {
        keeper(new Opener(false), Duration.ofMinutes(1)).prepare();
        assertThat(within(Duration.ofSeconds(5), keeper::hasIdleConnection)).isTrue();

        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().equals("otp-smtp-connection"))
                .isNotEmpty().allMatch(Thread::isDaemon);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
    @Test
    void aFailedBackgroundOpeningIsNotRepeatedAtEveryKeyTyped() throws Exception {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        ConnectionKeeper keeper = new ConnectionKeeper(() -> {
            attempts.incrementAndGet();
            throw new jakarta.mail.AuthenticationFailedException("535 5.7.8 refused");
        }, java.time.Duration.ofSeconds(60));
        try {
            keeper.prepare();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (attempts.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100); // the attempt's end, and with it the quiet period, is recorded

            for (int key = 0; key < 20; key++) {
                keeper.prepare();
            }
            Thread.sleep(200);

            assertThat(attempts.get()).as("one refused login, not one per key typed").isEqualTo(1);
            assertThat(ConnectionKeeper.QUIET_AFTER_FAILURE).isEqualTo(java.time.Duration.ofSeconds(30));
        } finally {
            keeper.close();
        }
    }

    /** No background opening for thirty seconds after a failed one, to the nanosecond; then prepare tries again. */
    @Test
    void backgroundOpeningsResumeThirtySecondsAfterAFailure() throws Exception {
        Opener opener = new Opener(true);
        MessagingException refused = new MessagingException("535 5.7.8 refused");
        opener.failure = refused;
        keeperOnTestClock(opener).prepare();
        Thread releaser = new Thread(() -> {
            sleepQuietly(200);
            opener.release.countDown();
        });
        releaser.start();
        assertThatThrownBy(() -> keeper.take(Duration.ofSeconds(10))).as("the attempt has failed").isSameAs(refused);
        releaser.join();
        long failedAt = now.get();

        now.set(failedAt + ConnectionKeeper.QUIET_AFTER_FAILURE.toNanos() - 1);
        for (int key = 0; key < 5; key++) {
            keeper.prepare();
        }
        Thread.sleep(100);
        assertThat(opener.opened).as("still quiet 1 ns before the 30 s are up").hasValue(1);

        now.set(failedAt + ConnectionKeeper.QUIET_AFTER_FAILURE.toNanos());
        // The attempt's last step, letting the next one start, may lag the failure the take saw by a moment.
        assertThat(within(Duration.ofSeconds(5), () -> {
            keeper.prepare();
            return opener.opened.get() == 2;
        })).as("30 s after the failure, a background opening starts again").isTrue();
    }
}
