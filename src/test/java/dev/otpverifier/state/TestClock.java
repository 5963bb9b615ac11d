package dev.otpverifier.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A UTC clock that stands still until a test moves it. Thread safe. */
final class TestClock extends Clock {

    static final Instant START = Instant.parse("2026-12-02T07:30:00Z");

    private final AtomicReference<Instant> now;

    TestClock() {
        this(START);
    }

    TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    Instant advance(Duration amount) {
        return now.updateAndGet(instant -> instant.plus(amount));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the ledger needs no other zone");
    }
}
