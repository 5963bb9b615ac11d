package dev.otpverifier.otp;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Making and reading six-digit codes.
 *
 * <p>Codes are strings of exactly six ASCII digits; they are never parsed to numbers, so leading
 * zeros survive. Stateless and thread safe (the {@link SecureRandom} passed in is thread safe).
 */
public final class Codes {

    /** The number of digits in a code. */
    public static final int LENGTH = 6;

    /** Longer input is not even looked at: it cannot be a code, and scanning it costs time. */
    public static final int MAX_INPUT_LENGTH = 64;

    private static final int BOUND = 1_000_000;

    private Codes() {
    }

    /**
     * Draws a code uniformly from 000000 to 999999.
     *
     * <p>{@link SecureRandom#nextInt(int)} rejects the values that would bias a modulo, so every
     * code is equally likely: about 19.9 bits. SP 800-63B asks for at least 20 bits from an approved
     * random bit generator (revision 3, 5.1.3.2); SECURITY.md says how the rate limits make up for
     * the missing tenth of a bit.
     *
     * @param random the source of randomness, normally {@link #newRandom()}
     * @return six ASCII digits, formatted with {@link Locale#ROOT} so no locale can change the digits
     */
    public static String generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return String.format(Locale.ROOT, "%06d", random.nextInt(BOUND));
    }

    /**
     * The random bit generator codes should come from: the JDK's {@code DRBG} (NIST SP 800-90A; Hash_DRBG
     * with SHA-256 unless the {@code securerandom.drbg.config} security property says otherwise), asked
     * for 256 bits of security strength and reseeding, rather than whatever {@code new SecureRandom()}
     * picks on a platform (NativePRNG on Linux, which mixes in {@code /dev/urandom} but is no
     * SP 800-90A generator).
     *
     * @return a new, thread safe generator, seeded by the JDK from the operating system's entropy source
     * @throws IllegalStateException when the runtime has no DRBG, which every Java 9 and newer has
     */
    public static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime lacks the DRBG random bit generator that every "
                    + "Java 9 and newer has", e);
        }
    }

    /**
     * Normalises what a person typed or pasted into a code.
     *
     * <p>Removes spaces of every kind (including no-break and thin spaces) and hyphens and dashes of
     * every kind, maps any Unicode decimal digit (Arabic-Indic, Devanagari, full-width...) to its
     * ASCII digit, and accepts the result only if it is then exactly six ASCII digits.
     *
     * @param input what was entered; may be {@code null}
     * @return the six ASCII digits, or empty when the input is not a code
     */
    public static Optional<String> normalize(String input) {
        if (input == null || input.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        StringBuilder digits = new StringBuilder(LENGTH);
        for (int i = 0; i < input.length(); ) {
            int codePoint = input.codePointAt(i);
            i += Character.charCount(codePoint);
            if (isSeparator(codePoint)) {
                continue;
            }
            if (!Character.isDigit(codePoint)) {
                return Optional.empty();
            }
            int value = Character.digit(codePoint, 10);
            if (value < 0 || digits.length() == LENGTH) {
                return Optional.empty();
            }
            digits.append((char) ('0' + value));
        }
        return digits.length() == LENGTH ? Optional.of(digits.toString()) : Optional.empty();
    }

    /**
     * Whether a normalised code is well formed: exactly six ASCII digits.
     *
     * @param code the candidate; may be {@code null}
     * @return {@code true} for six ASCII digits
     */
    public static boolean isWellFormed(String code) {
        if (code == null || code.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isSeparator(int codePoint) {
        return codePoint == ' ' || codePoint == '\t'
                || Character.getType(codePoint) == Character.SPACE_SEPARATOR
                || Character.getType(codePoint) == Character.DASH_PUNCTUATION
                || codePoint == '\u2212'; // minus sign, which some keyboards and fonts give for '-'
    }
}
