package dev.otpverifier.otp;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of a request for a code. Failures of the mail system are not results: they are
 * {@link DeliveryException}s.
 *
 * <p>Every variant is an immutable record. Callers handle them through {@link Visitor}, which the
 * compiler checks for completeness (Java 17 has no pattern matching in {@code switch}).
 */
public sealed interface RequestResult {

    /**
     * Handles each kind of result; the compiler makes every implementation handle all of them, which
     * is what an exhaustive {@code switch} over this sealed type would do on newer Java versions.
     *
     * @param <T> what the handling produces
     */
    interface Visitor<T> {
        /** Handles {@link Sent}. */
        T sent(Sent result);

        /** Handles {@link Cooldown}. */
        T cooldown(Cooldown result);

        /** Handles {@link RateLimited}. */
        T rateLimited(RateLimited result);

        /** Handles {@link Locked}. */
        T locked(Locked result);

        /** Handles {@link Busy}. */
        T busy(Busy result);

        /** Handles {@link InvalidAddress}. */
        T invalidAddress(InvalidAddress result);
    }

    /** Calls the visitor method for this kind of result. */
    <T> T accept(Visitor<T> visitor);

    /**
     * The code was handed to the mail server.
     *
     * @param expiresAt when the code stops being accepted
     * @param resendAllowedAt when another code may be requested
     */
    record Sent(Instant expiresAt, Instant resendAllowedAt) implements RequestResult {
        /** Checks that both instants are present. */
        public Sent {
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(resendAllowedAt, "resendAllowedAt");
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.sent(this);
        }
    }

    /**
     * A code was sent (or is being sent) too recently; nothing was sent now.
     *
     * @param retryAt when a new request will be accepted
     */
    record Cooldown(Instant retryAt) implements RequestResult {
        /** Checks that the instant is present. */
        public Cooldown {
            Objects.requireNonNull(retryAt, "retryAt");
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.cooldown(this);
        }
    }

    /**
     * The address used up its quota of codes for the current window; nothing was sent.
     *
     * @param retryAt when the oldest code of the window leaves it
     */
    record RateLimited(Instant retryAt) implements RequestResult {
        /** Checks that the instant is present. */
        public RateLimited {
            Objects.requireNonNull(retryAt, "retryAt");
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.rateLimited(this);
        }
    }

    /**
     * The address is locked after too many wrong codes; nothing was sent.
     *
     * @param until when the lock ends
     */
    record Locked(Instant until) implements RequestResult {
        /** Checks that the instant is present. */
        public Locked {
            Objects.requireNonNull(until, "until");
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.locked(this);
        }
    }

    /**
     * The store tracks as many addresses as its cap allows; nothing was sent.
     *
     * @param retryAt the earliest time an entry is due to be dropped
     */
    record Busy(Instant retryAt) implements RequestResult {
        /** Checks that the instant is present. */
        public Busy {
            Objects.requireNonNull(retryAt, "retryAt");
        }

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.busy(this);
        }
    }

    /** The address is not one a code can be sent to (see {@link EmailAddresses#isValid(String)}). */
    record InvalidAddress() implements RequestResult {
        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.invalidAddress(this);
        }
    }
}
