package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * {@link CodeHasher}: what its class comment promises. A digest is HMAC-SHA256 bound to the address,
 * under a key drawn from the random source, so that two services (two processes) never share one.
 */
class CodeHasherTest {

    private static final String ALICE = "alice@example.com";
    private static final String BOB = "bob@example.com";
    private static final String CODE = "123456";

    @Test
    void theKeyComesFromTheRandomSourceSoTwoServicesNeverShareDigests() {
        CodeHasher one = new CodeHasher(TestSupport.seededRandom(1));
        CodeHasher other = new CodeHasher(TestSupport.seededRandom(2));

        assertThat(one.hash(ALICE, CODE)).isNotEqualTo(other.hash(ALICE, CODE));
    }

    @Test
    void theKeyIsNotAllZeroBytes() throws GeneralSecurityException {
        byte[] underZeroKey = hmac(new byte[32], ALICE, CODE);

        assertThat(new CodeHasher(TestSupport.seededRandom(1)).hash(ALICE, CODE)).isNotEqualTo(underZeroKey);
    }

    @Test
    void theSameCodeForTwoAddressesGivesTwoDigests() {
        CodeHasher hasher = new CodeHasher(TestSupport.seededRandom(1));

        assertThat(hasher.hash(ALICE, CODE)).isNotEqualTo(hasher.hash(BOB, CODE));
    }

    @Test
    void twoCodesForOneAddressGiveTwoDigests() {
        CodeHasher hasher = new CodeHasher(TestSupport.seededRandom(1));

        assertThat(hasher.hash(ALICE, "123456")).isNotEqualTo(hasher.hash(ALICE, "123457"));
    }

    @Test
    void theSameAddressAndCodeAlwaysGiveTheSameDigestInOneService() {
        CodeHasher hasher = new CodeHasher(TestSupport.seededRandom(1));
        byte[] first = hasher.hash(ALICE, CODE);
        hasher.hash(BOB, "654321"); // a Mac is reused: nothing of one digest may leak into the next

        assertThat(hasher.hash(ALICE, CODE)).isEqualTo(first);
    }

    @Test
    void aDigestIsHmacSha256OfTheAddressAZeroByteAndTheCodeUnder32RandomBytes() throws GeneralSecurityException {
        byte[] key = new byte[32];
        TestSupport.seededRandom(3).nextBytes(key);

        byte[] digest = new CodeHasher(TestSupport.seededRandom(3)).hash(ALICE, CODE);

        assertThat(digest).isEqualTo(hmac(key, ALICE, CODE)).hasSize(32);
    }

    @Test
    void digestsMatchOnlyWhenEqual() {
        CodeHasher hasher = new CodeHasher(TestSupport.seededRandom(1));
        byte[] digest = hasher.hash(ALICE, CODE);

        assertThat(CodeHasher.matches(digest, hasher.hash(ALICE, CODE))).isTrue();
        assertThat(CodeHasher.matches(digest, hasher.hash(ALICE, "123457"))).isFalse();
        assertThat(CodeHasher.matches(digest, hasher.hash(BOB, CODE))).isFalse();
    }

    @Test
    void aWarmedUpHasherGivesTheSameDigests() {
        CodeHasher cold = new CodeHasher(TestSupport.seededRandom(4));
        CodeHasher warm = new CodeHasher(TestSupport.seededRandom(4));

        warm.warmUp();

        assertThat(warm.hash(ALICE, CODE)).isEqualTo(cold.hash(ALICE, CODE));
    }

    @Test
    void eachThreadGetsTheSameDigests() throws Exception {
        CodeHasher hasher = new CodeHasher(TestSupport.seededRandom(5));
        byte[] onThisThread = hasher.hash(ALICE, CODE);
        byte[][] onAnother = new byte[1][];

        Thread thread = new Thread(() -> onAnother[0] = hasher.hash(ALICE, CODE));
        thread.start();
        thread.join();

        assertThat(onAnother[0]).isEqualTo(onThisThread);
    }

    private static byte[] hmac(byte[] key, String address, String code) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        mac.update(address.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(code.getBytes(StandardCharsets.US_ASCII));
    }
}
