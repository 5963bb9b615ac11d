package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every number of {@link OtpPolicy} is honoured by {@link OtpService} when changed from its default. */
class OtpServicePolicyTest {

    private static final String ALICE = "alice@example.com";

    private final MutableClock clock = new MutableClock();
    private final RecordingCodeSender sender = new RecordingCodeSender();

    private OtpService service(OtpPolicy policy) {
        return new OtpService(sender, policy, clock, TestSupport.seededRandom(3));
    }

    // Validities shorter than the 15-minute quota window; for longer ones see
    // OtpServiceVerifyTest.codeValidLongerThanTheQuotaWindowIsExpiredAtItsExpiryInstant.
    @ParameterizedTest(name = "validity {0} s")
    @ValueSource(longs = {1, 60, 300, 899})
    void codeValidity(long seconds) {
        Duration validity = Duration.ofSeconds(seconds);
        OtpService service = service(OtpPolicy.defaults().withCodeValidity(validity));
        Instant start = clock.instant();

        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Sent(start.plus(validity), start.plusSeconds(30)));
        assertThat(sender.last().validity()).isEqualTo(validity);
        String code = sender.lastCode();

        clock.set(start.plus(validity));
        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.Expired());
    }

    @ParameterizedTest(name = "validity {0} s")
    @ValueSource(longs = {1, 60, 300, 3_600})
    void codeValidityStillAcceptsJustBeforeTheEnd(long seconds) {
        Duration validity = Duration.ofSeconds(seconds);
        OtpService service = service(OtpPolicy.defaults().withCodeValidity(validity));
        Instant start = clock.instant();
        service.requestCode(ALICE);

        clock.set(start.plus(validity).minusNanos(1));
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.Verified());
    }

    @ParameterizedTest(name = "{0} attempts")
    @ValueSource(ints = {1, 2, 3, 7, 10})
    void maxAttemptsPerCode(int attempts) {
        OtpService service = service(OtpPolicy.defaults().withMaxAttemptsPerCode(attempts));
        service.requestCode(ALICE);
        String right = sender.lastCode();
        String wrong = TestSupport.codeOtherThan(right);

        List<VerifyResult> results = TestSupport.verifyRepeatedly(service, ALICE, wrong, attempts);

        List<VerifyResult> expected = new ArrayList<>();
        for (int left = attempts - 1; left >= 1; left--) {
            expected.add(new VerifyResult.WrongCode(left));
        }
        expected.add(new VerifyResult.TooManyAttempts());
        assertThat(results).isEqualTo(expected);
        assertThat(service.verify(ALICE, right)).isEqualTo(new VerifyResult.TooManyAttempts());
    }

    @ParameterizedTest(name = "cooldown {0} s")
    @ValueSource(longs = {1, 5, 120})
    void resendCooldown(long seconds) {
        Duration cooldown = Duration.ofSeconds(seconds);
        OtpService service = service(OtpPolicy.defaults().withResendCooldown(cooldown));
        Instant start = clock.instant();

        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Sent(start.plus(Duration.ofMinutes(10)), start.plus(cooldown)));
        clock.set(start.plus(cooldown).minusNanos(1));
        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Cooldown(start.plus(cooldown)));
        clock.set(start.plus(cooldown));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
    }

    @ParameterizedTest(name = "no cooldown")
    @ValueSource(ints = {3})
    void zeroResendCooldownAllowsImmediateResendsUpToTheQuota(int quota) {
        OtpService service = service(OtpPolicy.defaults().withResendCooldown(Duration.ZERO).withMaxCodesPerWindow(quota));
        Instant start = clock.instant();
        for (int i = 0; i < quota; i++) {
            assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Sent(start.plus(Duration.ofMinutes(10)), start));
        }
        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.RateLimited(start.plus(Duration.ofMinutes(15))));
    }

    @ParameterizedTest(name = "quota {0}")
    @ValueSource(ints = {1, 2, 3, 8})
    void maxCodesPerWindow(int quota) {
        OtpService service = service(OtpPolicy.defaults().withMaxCodesPerWindow(quota).withResendCooldown(Duration.ofSeconds(5)));
        Instant start = clock.instant();
        for (int i = 0; i < quota; i++) {
            assertThat(service.requestCode(ALICE)).as("code %d", i + 1).isInstanceOf(RequestResult.Sent.class);
            clock.advance(Duration.ofSeconds(5));
        }

        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.RateLimited(start.plus(Duration.ofMinutes(15))));
        assertThat(sender.calls()).isEqualTo(quota);
    }

    @ParameterizedTest(name = "window {0} min")
    @ValueSource(longs = {1, 5, 60})
    void codesWindow(long minutes) {
        Duration window = Duration.ofMinutes(minutes);
        OtpService service = service(OtpPolicy.defaults().withCodesWindow(window).withMaxCodesPerWindow(2)
                .withResendCooldown(Duration.ofSeconds(1)));
        Instant start = clock.instant();
        service.requestCode(ALICE);
        clock.advance(Duration.ofSeconds(1));
        service.requestCode(ALICE);
        clock.advance(Duration.ofSeconds(1));

        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.RateLimited(start.plus(window)));
        clock.set(start.plus(window).minusNanos(1));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.RateLimited.class);
        clock.set(start.plus(window));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
    }

    @ParameterizedTest(name = "{0} failures")
    @ValueSource(ints = {1, 3, 4, 9})
    void maxFailuresPerLockWindow(int failures) {
        OtpService service = service(OtpPolicy.defaults().withMaxFailuresPerLockWindow(failures)
                .withMaxAttemptsPerCode(100));
        Instant start = clock.instant();
        service.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(sender.lastCode());

        for (int i = 1; i < failures; i++) {
            assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.WrongCode(100 - i));
        }
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.Locked(start.plus(Duration.ofHours(1))));
    }

    @ParameterizedTest(name = "lock window {0} min")
    @ValueSource(longs = {1, 10, 120})
    void lockWindow(long minutes) {
        Duration window = Duration.ofMinutes(minutes);
        OtpService service = service(OtpPolicy.defaults().withLockWindow(window).withMaxFailuresPerLockWindow(2));
        Instant start = clock.instant();
        service.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(sender.lastCode());
        service.verify(ALICE, wrong);

        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.Locked(start.plus(window)));
        clock.set(start.plus(window).minusNanos(1));
        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Locked(start.plus(window)));
        clock.set(start.plus(window));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
    }

    @ParameterizedTest(name = "lock window {0} min")
    @ValueSource(longs = {1, 10})
    void failuresSpreadWiderThanTheLockWindowDoNotLock(long minutes) {
        Duration window = Duration.ofMinutes(minutes);
        OtpService service = service(OtpPolicy.defaults().withLockWindow(window).withMaxFailuresPerLockWindow(2)
                .withCodeValidity(Duration.ofHours(3)));
        service.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(sender.lastCode());

        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.WrongCode(4));
        clock.advance(window);
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.WrongCode(3));
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {1, 3, 5, 50})
    void maxEntries(int cap) {
        OtpService service = service(OtpPolicy.defaults().withMaxEntries(cap));
        for (int i = 0; i < cap; i++) {
            assertThat(service.requestCode("user" + i + "@example.com")).isInstanceOf(RequestResult.Sent.class);
        }

        assertThat(service.requestCode("late@example.com")).isInstanceOf(RequestResult.Busy.class);
        assertThat(service.trackedAddresses()).isEqualTo(cap);
    }
}
