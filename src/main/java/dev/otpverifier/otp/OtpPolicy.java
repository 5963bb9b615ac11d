package dev.otpverifier.otp;

import java.time.Duration;
import java.util.Objects;

/**
 * The numbers that govern codes: validity, attempts, resend cooldown, quotas, lockout, the store cap,
 * and whether a code stays usable after a newer one was sent.
 *
 * <p>Immutable and thread safe. Every number is validated on construction; a bad one is an
 * {@link IllegalArgumentException} naming the rule. Use {@link #defaults()} and the {@code with...}
 * methods to change single numbers.
 *
 * @param codeValidity how long a code can be used after it was issued (default 10 minutes)
 * @param maxAttemptsPerCode wrong tries allowed for the live codes of an address before they are dead
 *     (default 5); with {@code previousCodeValid} counted per address across the current code and the
 *     previous one
 * @param resendCooldown how long after a code was sent another one may be requested (default 30 s)
 * @param maxCodesPerWindow how many codes one address may be sent within {@code codesWindow} (default 5)
 * @param codesWindow the sliding window for {@code maxCodesPerWindow} (default 15 minutes)
 * @param maxFailuresPerLockWindow wrong tries within {@code lockWindow} after which the address is
 *     locked for the rest of that window (default 20)
 * @param lockWindow the sliding window for {@code maxFailuresPerLockWindow} (default 1 hour)
 * @param maxEntries the hard cap on addresses the store tracks at once (default 10,000)
 * @param previousCodeValid whether the previous code stays usable until its own expiry after a new
 *     one was sent (default {@code false}: a new code replaces the previous one completely, as OWASP
 *     ASVS 5.0 6.6.2 asks, and typing the older one is answered {@link VerifyResult.Superseded})
 */
public record OtpPolicy(
        Duration codeValidity,
        int maxAttemptsPerCode,
        Duration resendCooldown,
        int maxCodesPerWindow,
        Duration codesWindow,
        int maxFailuresPerLockWindow,
        Duration lockWindow,
        int maxEntries,
        boolean previousCodeValid) {

    /** Default code validity: 10 minutes. */
    public static final Duration DEFAULT_CODE_VALIDITY = Duration.ofMinutes(10);
    /** Default wrong attempts per code: 5. */
    public static final int DEFAULT_MAX_ATTEMPTS_PER_CODE = 5;
    /** Default resend cooldown: 30 seconds. */
    public static final Duration DEFAULT_RESEND_COOLDOWN = Duration.ofSeconds(30);
    /** Default codes per address per window: 5. */
    public static final int DEFAULT_MAX_CODES_PER_WINDOW = 5;
    /** Default quota window: 15 minutes. */
    public static final Duration DEFAULT_CODES_WINDOW = Duration.ofMinutes(15);
    /** Default failures before lockout: 20. */
    public static final int DEFAULT_MAX_FAILURES_PER_LOCK_WINDOW = 20;
    /** Default lockout window: 1 hour. */
    public static final Duration DEFAULT_LOCK_WINDOW = Duration.ofHours(1);
    /** Default store cap: 10,000 addresses. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** By default a new code replaces the previous one completely. */
    public static final boolean DEFAULT_PREVIOUS_CODE_VALID = false;

    /** Validates every number. */
    public OtpPolicy {
        requirePositive(codeValidity, "codeValidity");
        requireAtLeastOne(maxAttemptsPerCode, "maxAttemptsPerCode");
        Objects.requireNonNull(resendCooldown, "resendCooldown");
        if (resendCooldown.isNegative()) {
            throw new IllegalArgumentException("resendCooldown must not be negative, was " + resendCooldown);
        }
        requireAtLeastOne(maxCodesPerWindow, "maxCodesPerWindow");
        requirePositive(codesWindow, "codesWindow");
        requireAtLeastOne(maxFailuresPerLockWindow, "maxFailuresPerLockWindow");
        requirePositive(lockWindow, "lockWindow");
        requireAtLeastOne(maxEntries, "maxEntries");
    }

    /** The defaults listed on each parameter. */
    public static OtpPolicy defaults() {
        return new OtpPolicy(DEFAULT_CODE_VALIDITY, DEFAULT_MAX_ATTEMPTS_PER_CODE, DEFAULT_RESEND_COOLDOWN,
                DEFAULT_MAX_CODES_PER_WINDOW, DEFAULT_CODES_WINDOW, DEFAULT_MAX_FAILURES_PER_LOCK_WINDOW,
                DEFAULT_LOCK_WINDOW, DEFAULT_MAX_ENTRIES, DEFAULT_PREVIOUS_CODE_VALID);
    }

    /** A copy with another code validity. */
    public OtpPolicy withCodeValidity(Duration value) {
        return new OtpPolicy(value, maxAttemptsPerCode, resendCooldown, maxCodesPerWindow, codesWindow,
                maxFailuresPerLockWindow, lockWindow, maxEntries, previousCodeValid);
    }

    /** A copy with another number of wrong attempts per code. */
    public OtpPolicy withMaxAttemptsPerCode(int value) {
        return new OtpPolicy(codeValidity, value, resendCooldown, maxCodesPerWindow, codesWindow,
                maxFailuresPerLockWindow, lockWindow, maxEntries, previousCodeValid);
    }

    /** A copy with another resend cooldown. */
    public OtpPolicy withResendCooldown(Duration value) {
        return new OtpPolicy(codeValidity, maxAttemptsPerCode, value, maxCodesPerWindow, codesWindow,
                maxFailuresPerLockWindow, lockWindow, maxEntries, previousCodeValid);
    }

    /** A copy with another quota of codes per window. */
    public OtpPolicy withMaxCodesPerWindow(int value) {
        return new OtpPolicy(codeValidity, maxAttemptsPerCode, resendCooldown, value, codesWindow,
                maxFailuresPerLockWindow, lockWindow, maxEntries, previousCodeValid);
    }

    /** A copy with another quota window. */
    public OtpPolicy withCodesWindow(Duration value) {
        return new OtpPolicy(codeValidity, maxAttemptsPerCode, resendCooldown, maxCodesPerWindow, value,
                maxFailuresPerLockWindow, lockWindow, maxEntries, previousCodeValid);
    }

    /** A copy with another number of failures before lockout. */
    public OtpPolicy withMaxFailuresPerLockWindow(int value) {
        return new OtpPolicy(codeValidity, maxAttemptsPerCode, resendCooldown, maxCodesPerWindow, codesWindow,
                value, lockWindow, maxEntries, previousCodeValid);
    }

    /** A copy with another lockout window. */
    public OtpPolicy withLockWindow(Duration value) {
        return new OtpPolicy(codeValidity, maxAttemptsPerCode, resendCooldown, maxCodesPerWindow, codesWindow,
                maxFailuresPerLockWindow, value, maxEntries, previousCodeValid);
    }

    /** A copy with another store cap. */
    public OtpPolicy withMaxEntries(int value) {
        return new OtpPolicy(codeValidity, maxAttemptsPerCode, resendCooldown, maxCodesPerWindow, codesWindow,
                maxFailuresPerLockWindow, lockWindow, value, previousCodeValid);
    }

    /** A copy that does or does not keep the previous code usable after a new one was sent. */
    public OtpPolicy withPreviousCodeValid(boolean value) {
        return new OtpPolicy(codeValidity, maxAttemptsPerCode, resendCooldown, maxCodesPerWindow, codesWindow,
                maxFailuresPerLockWindow, lockWindow, maxEntries, value);
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be longer than zero, was " + value);
        }
    }

    private static void requireAtLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
