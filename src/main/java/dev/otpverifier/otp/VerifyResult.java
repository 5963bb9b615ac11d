package dev.otpverifier.otp;

import java.time.Instant;
import java.util.Objects;

/**
 * What became of an entered code. A wrong code is a value, never an exception.
 *
 * <p>Every variant is an immutable record. Callers handle them through {@link Visitor}, which the
 * compiler checks for completeness (Java 17 has no pattern matching in {@code switch}).
 */
public sealed interface VerifyResult {

    /**
     * Handles each kind of result; the compiler makes every implementation handle all of them, which
     * is what an exhaustive {@code switch} over this sealed type would do on newer Java versions.
     *
     * @param <T> what the handling produces
     */
    interface Visitor<T> {
        /** Handles {@link Verified}. */
        T verified(Verified result);

        /** Handles {@link WrongCode}. */
        T wrongCode(WrongCode result);

        /** Handles {@link Expired}. */
        T expired(Expired result);

        /** Handles {@link TooManyAttempts}. */
        T tooManyAttempts(TooManyAttempts result);

        /** Handles {@link NoActiveCode}. */
        T noActiveCode(NoActiveCode result);

        /** Handles {@link Malformed}. */
        T malformed(Malformed result);

        /** Handles {@link Locked}. */
        T locked(Locked result);

        /** Handles {@link Superseded}. */
        T superseded(Superseded result);

        /** Handles {@link SenderChanged}. */
        T senderChanged(SenderChanged result);
    }

    /** Calls the visitor method for this kind of result. */
    <T> T accept(Visitor<T> visitor);

    /** The code was right. It is used up, and so is any other code of that address. */
    record Verified() implements VerifyResult {
        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.verified(this);
        }
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

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.wrongCode(this);
        }
    }

    /** Every code of the address has expired; a new one must be requested. */
    record Expired() implements VerifyResult {
        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.expired(this);
        }
    }

    /** The codes of the address took too many wrong tries and are dead; a new one must be requested. */
    record TooManyAttempts() implements VerifyResult {
        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.tooManyAttempts(this);
        }
    }

    /** No code was requested for this address (or it was already used). */
    record NoActiveCode() implements VerifyResult {
        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.noActiveCode(this);
        }
    }

    /** The input is not six digits after normalisation; no attempt was counted. */
    record Malformed() implements VerifyResult {
        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.malformed(this);
        }
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

        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.locked(this);
        }
    }

    /**
     * The code was right once, but a newer code was sent to the address since, and only the newest
     * one works (OWASP ASVS 5.0 6.6.2; see {@link OtpPolicy#previousCodeValid()}). No attempt was
     * counted: the person did read the mailbox, they only took the older message.
     */
    record Superseded() implements VerifyResult {
        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.superseded(this);
        }
    }

    /**
     * The code was sent through mail settings that are no longer in use (demo mode before real mail
     * was set up, or another server), so it proves nothing about the address now; a new code must be
     * sent through the current settings. No attempt was counted.
     */
    record SenderChanged() implements VerifyResult {
        @Override
        public <T> T accept(Visitor<T> visitor) {
            return visitor.senderChanged(this);
        }
    }
}
