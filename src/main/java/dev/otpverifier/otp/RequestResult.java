package dev.otpverifier.otp;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of a request for a code. Failures of the mail system are not results: they are
 * {@link DeliveryException}s.
 *
 * <p>Every variant is an immutable record, so callers handle them with one exhaustive {@code switch}.
 */
public sealed interface RequestResult {

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
    }

    /** The address is not one a code can be sent to (see {@link EmailAddresses#isValid(String)}). */
    record InvalidAddress() implements RequestResult {
    }
}
