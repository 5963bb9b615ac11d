package dev.otpverifier.otp;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Small helpers shared by the tests of this package. */
final class TestSupport {

    private TestSupport() {
    }

    /**
     * A {@link SecureRandom} that gives the same numbers on every run, so that a failing test fails
     * the same way again.
     */
    static SecureRandom seededRandom(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed); // before any output: SHA1PRNG is then fully determined by the seed
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every Java 17 ships SHA1PRNG", e);
        }
    }

    /** A well-formed code that is none of {@code codes}, so it is certainly wrong. */
    static String codeOtherThan(String... codes) {
        Set<String> taken = new HashSet<>(Arrays.asList(codes));
        for (int i = 0; i < 1_000_000; i++) {
            String candidate = String.format(Locale.ROOT, "%06d", i);
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no code left");
    }

    /** Enters the same code {@code times} times and returns every result, in order. */
    static java.util.List<VerifyResult> verifyRepeatedly(OtpService service, String address, String code, int times) {
        java.util.List<VerifyResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < times; i++) {
            results.add(service.verify(address, code));
        }
        return results;
    }
}
