package dev.otpverifier.otp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that stands still until a test moves it, so that every instant in a test is exact.
 *
 * <p>Thread safe: the instant is read and moved under the object's monitor. Clocks made by
 * {@link #withZone(ZoneId)} share the time line of this one.
 */
final class MutableClock extends Clock {

    /** A fixed, arbitrary start that is not the epoch, so that "zero" is never mistaken for "unset". */
    static final Instant DEFAULT_START = Instant.parse("2025-01-15T09:00:00Z");

    private final Object lock;
    private final Instant[] now;
    private final ZoneId zone;

    /** A clock at {@link #DEFAULT_START} in UTC. */
    MutableClock() {
        this(DEFAULT_START);
    }

    /** A clock at {@code start} in UTC. */
    MutableClock(Instant start) {
        this(new Object(), new Instant[] {Objects.requireNonNull(start, "start")}, ZoneOffset.UTC);
    }

    private MutableClock(Object lock, Instant[] now, ZoneId zone) {
        this.lock = lock;
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock forward (or back, for a negative amount) and returns the new instant. */
    Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        synchronized (lock) {
            now[0] = now[0].plus(amount);
            return now[0];
        }
    }

    /** Puts the clock at {@code instant}. */
    void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        synchronized (lock) {
            now[0] = instant;
        }
    }

    @Override
    public Instant instant() {
        synchronized (lock) {
            return now[0];
        }
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new MutableClock(lock, now, Objects.requireNonNull(newZone, "zone"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + ", " + zone + "]";
    }
}
