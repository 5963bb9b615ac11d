package dev.otpverifier.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 of a code, bound to its address, under a random key that lives only in this process.
 *
 * <p>The store keeps these digests instead of codes, so that no code sits in memory as text, and a
 * digest on its own (without the key) cannot be turned back into its code. This is no protection
 * against someone who can read the whole process memory: a heap dump that holds the digests also holds
 * the key, and with the key every live code falls to trying all 10^6 candidates, in well under a
 * second. The key is made fresh in each process and never written anywhere. Thread safe: each thread
 * gets its own {@link Mac}.
 */
final class CodeHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final ThreadLocal<Mac> macs;

    CodeHasher(SecureRandom random) {
        byte[] keyBytes = new byte[KEY_BYTES];
        random.nextBytes(keyBytes);
        SecretKeySpec key = new SecretKeySpec(keyBytes, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    /**
     * Sets up HMAC-SHA256 for the calling thread now. The first use in a process looks up the
     * security provider, about 30 ms that a start-up should not wait for; see {@link OtpService#warmUp()}.
     */
    void warmUp() {
        macs.get();
    }

    byte[] hash(String addressKey, String code) {
        Mac mac = macs.get();
        mac.update(addressKey.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
    }

    /** Constant-time comparison of two digests (time depends on length only, which is fixed). */
    static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This Java runtime lacks " + ALGORITHM + ", which every Java 17 must have", e);
        }
    }
}
