package dev.otpverifier.otp;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of an entered code. A wrong code is a value, never an exception.
 *
 * <p>Every variant is an immutable record, so callers handle them with one exhaustive {@code switch}.
 */
public sealed interface VerifyResult {

    /** The code was right. It is used up, and so is any other code of that address. */
    record Verified() implements VerifyResult {
    }

    /**
     * The code was wrong.
     *
     * @param attemptsLeft how many more tries the address has for its current codes (at least 1)
     */
    record WrongCode(int attemptsLeft) implements VerifyResult {
        /** Checks that at least one attempt is left; otherwise the result is {@link TooManyAttempts}. */
        public WrongCode {
            if (attemptsLeft < 1) {
                throw new IllegalArgumentException("attemptsLeft must be at least 1, was " + attemptsLeft);
            }
        }
    }

    /** Every code of the address has expired; a new one must be requested. */
    record Expired() implements VerifyResult {
    }

    /** The codes of the address took too many wrong tries and are dead; a new one must be requested. */
    record TooManyAttempts() implements VerifyResult {
    }

    /** No code was requested for this address (or it was already used). */
    record NoActiveCode() implements VerifyResult {
    }

    /** The input is not six digits after normalisation; no attempt was counted. */
    record Malformed() implements VerifyResult {
    }

    /**
     * The address is locked after too many wrong tries in the lockout window.
     *
     * @param until when the lock ends
     */
    record Locked(Instant until) implements VerifyResult {
        /** Checks that the instant is present. */
        public Locked {
            Objects.requireNonNull(until, "until");
        }
    }
}
