package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OtpService#verify(String, String)}: every {@link VerifyResult}, resends and lockout. */
class OtpServiceVerifyTest {

    private static final String ALICE = "alice@example.com";

    private final MutableClock clock = new MutableClock();
    private final RecordingCodeSender sender = new RecordingCodeSender();

    private OtpService service(OtpPolicy policy) {
        return new OtpService(sender, policy, clock, TestSupport.seededRandom(2));
    }

    private OtpService service() {
        return service(OtpPolicy.defaults());
    }

    /** The documented option {@code otp.previous.code.valid=true}: the previous code works until it expires. */
    private OtpService serviceKeepingThePreviousCode() {
        return service(OtpPolicy.defaults().withPreviousCodeValid(true));
    }

    // --- Verified and single use ------------------------------------------------------------------

    @Test
    void rightCodeIsVerifiedOnce() {
        OtpService service = service();
        service.requestCode(ALICE);
        String code = sender.lastCode();

        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.Verified());
        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.NoActiveCode());
    }

    @Test
    void rightCodeIsVerifiedUntilJustBeforeExpiry() {
        OtpService service = service();
        Instant issued = clock.instant();
        service.requestCode(ALICE);

        clock.set(issued.plus(Duration.ofMinutes(10)).minusNanos(1));
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void verifiedCodeUsesUpThePreviousCodeToo() {
        OtpService service = service();
        service.requestCode(ALICE);
        String previous = sender.lastCode();
        clock.advance(Duration.ofSeconds(30));
        service.requestCode(ALICE);
        String current = sender.lastCode();
        assertThat(current).isNotEqualTo(previous);

        assertThat(service.verify(ALICE, current)).isEqualTo(new VerifyResult.Verified());
        assertThat(service.verify(ALICE, previous)).isEqualTo(new VerifyResult.NoActiveCode());
    }

    @Test
    void codeIsAcceptedWithSeparatorsAndOtherDigits() {
        OtpService service = service();
        service.requestCode(ALICE);
        String code = sender.lastCode();
        String spaced = code.substring(0, 3) + " - " + code.substring(3);

        assertThat(service.verify(ALICE, spaced)).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void codeOfOneAddressDoesNotVerifyAnother() {
        OtpService service = service();
        service.requestCode(ALICE);
        String aliceCode = sender.lastCode();
        service.requestCode("bob@example.com");

        String bobCode = sender.lastCode();
        assertThat(bobCode).isNotEqualTo(aliceCode);
        assertThat(service.verify("bob@example.com", aliceCode)).isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, aliceCode)).isEqualTo(new VerifyResult.Verified());
    }

    // --- NoActiveCode -----------------------------------------------------------------------------

    @Test
    void neverRequestedAddressHasNoActiveCode() {
        assertThat(service().verify(ALICE, "123456")).isEqualTo(new VerifyResult.NoActiveCode());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "not an address", "alice@localhost"})
    void invalidAddressHasNoActiveCode(String address) {
        assertThat(service().verify(address, "123456")).isEqualTo(new VerifyResult.NoActiveCode());
    }

    // --- WrongCode and TooManyAttempts ------------------------------------------------------------

    @Test
    void wrongCodesCountDownThenKillTheCode() {
        OtpService service = service();
        service.requestCode(ALICE);
        String right = sender.lastCode();
        String wrong = TestSupport.codeOtherThan(right);

        List<VerifyResult> results = TestSupport.verifyRepeatedly(service, ALICE, wrong, 5);

        assertThat(results).containsExactly(new VerifyResult.WrongCode(4), new VerifyResult.WrongCode(3),
                new VerifyResult.WrongCode(2), new VerifyResult.WrongCode(1), new VerifyResult.TooManyAttempts());
        assertThat(service.verify(ALICE, right)).isEqualTo(new VerifyResult.TooManyAttempts());
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.TooManyAttempts());
    }

    @Test
    void deadCodeReportsExpiredOnceItsTimeIsUp() {
        OtpService service = service();
        Instant issued = clock.instant();
        service.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(sender.lastCode());
        for (int i = 0; i < 5; i++) {
            service.verify(ALICE, wrong);
        }

        clock.set(issued.plus(Duration.ofMinutes(10)));
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.Expired());
    }

    @Test
    void newCodeAfterTooManyAttemptsWorksAndTheDeadCodeStaysDead() {
        OtpService service = service();
        service.requestCode(ALICE);
        String dead = sender.lastCode();
        String wrong = TestSupport.codeOtherThan(dead);
        for (int i = 0; i < 5; i++) {
            service.verify(ALICE, wrong);
        }
        clock.advance(Duration.ofSeconds(30));

        service.requestCode(ALICE);
        String fresh = sender.lastCode();
        assertThat(fresh).isNotEqualTo(dead);
        assertThat(service.verify(ALICE, dead)).as("replaced, so it no longer works, and costs nothing")
                .isEqualTo(new VerifyResult.Superseded());
        assertThat(service.verify(ALICE, TestSupport.codeOtherThan(dead, fresh)))
                .isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, fresh)).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void withThePreviousCodeKeptADeadCodeIsNotKeptAfterANewOne() {
        OtpService service = serviceKeepingThePreviousCode();
        service.requestCode(ALICE);
        String dead = sender.lastCode();
        String wrong = TestSupport.codeOtherThan(dead);
        for (int i = 0; i < 5; i++) {
            service.verify(ALICE, wrong);
        }
        clock.advance(Duration.ofSeconds(30));

        service.requestCode(ALICE);
        String fresh = sender.lastCode();
        assertThat(service.verify(ALICE, dead)).as("only a live previous code is kept; a dead one is replaced")
                .isEqualTo(new VerifyResult.Superseded());
        assertThat(service.verify(ALICE, TestSupport.codeOtherThan(dead, fresh)))
                .isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, fresh)).isEqualTo(new VerifyResult.Verified());
    }

    // --- A new code replaces the previous one (ASVS 5.0 6.6.2) ----------------------------------------

    @Test
    void aNewCodeReplacesThePreviousOneAndTypingTheOldOneCostsNothing() {
        OtpService service = service();
        service.requestCode(ALICE);
        String previous = sender.lastCode();
        clock.advance(Duration.ofSeconds(30));
        service.requestCode(ALICE);
        String current = sender.lastCode();
        assertThat(current).isNotEqualTo(previous);

        assertThat(service.verify(ALICE, previous)).isEqualTo(new VerifyResult.Superseded());
        assertThat(service.verify(ALICE, previous)).as("said again, never counted")
                .isEqualTo(new VerifyResult.Superseded());
        assertThat(service.verify(ALICE, TestSupport.codeOtherThan(previous, current)))
                .as("no attempt was spent on the old code").isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, current)).isEqualTo(new VerifyResult.Verified());
        assertThat(service.verify(ALICE, previous)).as("after a success nothing of the address is left")
                .isEqualTo(new VerifyResult.NoActiveCode());
    }

    @Test
    void aReplacedCodeIsForgottenWhenItWouldHaveExpired() {
        OtpService service = service();
        Instant first = clock.instant();
        service.requestCode(ALICE);
        String previous = sender.lastCode();
        clock.advance(Duration.ofMinutes(2));
        service.requestCode(ALICE);
        String current = sender.lastCode();

        clock.set(first.plus(Duration.ofMinutes(10)));
        assertThat(service.verify(ALICE, previous)).as("past its own expiry it is just a wrong code")
                .isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, current)).isEqualTo(new VerifyResult.Verified());
    }

    // --- Expired ----------------------------------------------------------------------------------

    @Test
    void codeIsExpiredAtExactlyItsExpiryInstant() {
        OtpService service = service();
        RequestResult.Sent sent = (RequestResult.Sent) service.requestCode(ALICE);

        clock.set(sent.expiresAt());
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.Expired());
    }

    @Test
    void codeIsExpiredAfterItsExpiryInstantAndStaysSo() {
        OtpService service = service();
        RequestResult.Sent sent = (RequestResult.Sent) service.requestCode(ALICE);
        String code = sender.lastCode();

        clock.set(sent.expiresAt().plusSeconds(1));
        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.Expired());
        clock.advance(Duration.ofSeconds(30));
        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.Expired());
        assertThat(service.verify(ALICE, TestSupport.codeOtherThan(code))).isEqualTo(new VerifyResult.Expired());
    }

    @Test
    void codeValidLongerThanTheQuotaWindowIsExpiredAtItsExpiryInstant() {
        OtpService service = service(OtpPolicy.defaults().withCodeValidity(Duration.ofHours(1)));
        RequestResult.Sent sent = (RequestResult.Sent) service.requestCode(ALICE);

        clock.set(sent.expiresAt());
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.Expired());
    }

    @Test
    void codeIsStillReportedExpiredAfterTheQuotaWindow() {
        OtpService service = service();
        Instant issued = clock.instant();
        service.requestCode(ALICE);

        clock.set(issued.plus(Duration.ofMinutes(15))); // five minutes after expiry
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.Expired());
    }

    @Test
    void expiredCodeIsNotCountedAsAFailure() {
        OtpService service = service(OtpPolicy.defaults().withMaxFailuresPerLockWindow(3));
        RequestResult.Sent sent = (RequestResult.Sent) service.requestCode(ALICE);
        String code = sender.lastCode();
        clock.set(sent.expiresAt());

        for (int i = 0; i < 5; i++) {
            assertThat(service.verify(ALICE, TestSupport.codeOtherThan(code))).isEqualTo(new VerifyResult.Expired());
        }
        service.requestCode(ALICE);
        assertThat(service.verify(ALICE, TestSupport.codeOtherThan(sender.lastCode())))
                .isEqualTo(new VerifyResult.WrongCode(4));
    }

    // --- Malformed --------------------------------------------------------------------------------

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "abcdef", "12345a", "12345", "1234567", "12.3456", "+123456", "１２３４５"})
    void malformedInputCostsNoAttempt(String entered) {
        OtpService service = service();
        service.requestCode(ALICE);
        String right = sender.lastCode();

        for (int i = 0; i < 10; i++) {
            assertThat(service.verify(ALICE, entered)).isEqualTo(new VerifyResult.Malformed());
        }
        assertThat(service.verify(ALICE, TestSupport.codeOtherThan(right))).isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, right)).isEqualTo(new VerifyResult.Verified());
    }

    // --- With otp.previous.code.valid=true: the previous code, shared attempts ------------------------

    @Test
    void previousCodeStaysAcceptableUntilItsOwnExpiry() {
        OtpService service = serviceKeepingThePreviousCode();
        Instant first = clock.instant();
        service.requestCode(ALICE);
        String previous = sender.lastCode();
        clock.advance(Duration.ofMinutes(2));
        service.requestCode(ALICE);
        String current = sender.lastCode();
        assertThat(current).isNotEqualTo(previous);

        clock.set(first.plus(Duration.ofMinutes(10)).minusNanos(1));
        assertThat(service.verify(ALICE, previous)).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void previousCodeIsRefusedFromItsOwnExpiryWhileTheCurrentOneStillWorks() {
        OtpService service = serviceKeepingThePreviousCode();
        Instant first = clock.instant();
        service.requestCode(ALICE);
        String previous = sender.lastCode();
        clock.advance(Duration.ofMinutes(2));
        service.requestCode(ALICE);
        String current = sender.lastCode();

        clock.set(first.plus(Duration.ofMinutes(10)));
        assertThat(service.verify(ALICE, previous)).isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, current)).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void onlyTheLastTwoCodesAreAcceptable() {
        OtpService service = serviceKeepingThePreviousCode();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            service.requestCode(ALICE);
            codes.add(sender.lastCode());
            clock.advance(Duration.ofSeconds(30));
        }
        assertThat(codes).doesNotHaveDuplicates();

        assertThat(service.verify(ALICE, codes.get(0))).as("the third code replaced the first, at no cost")
                .isEqualTo(new VerifyResult.Superseded());
        assertThat(service.verify(ALICE, TestSupport.codeOtherThan(codes.toArray(String[]::new))))
                .isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, codes.get(1))).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void attemptsAreSharedByThePreviousAndTheCurrentCode() {
        OtpService service = serviceKeepingThePreviousCode();
        service.requestCode(ALICE);
        String previous = sender.lastCode();
        clock.advance(Duration.ofSeconds(30));
        service.requestCode(ALICE);
        String current = sender.lastCode();
        String wrong = TestSupport.codeOtherThan(previous, current);

        List<VerifyResult> results = TestSupport.verifyRepeatedly(service, ALICE, wrong, 5);

        assertThat(results).containsExactly(new VerifyResult.WrongCode(4), new VerifyResult.WrongCode(3),
                new VerifyResult.WrongCode(2), new VerifyResult.WrongCode(1), new VerifyResult.TooManyAttempts());
        assertThat(service.verify(ALICE, previous)).isEqualTo(new VerifyResult.TooManyAttempts());
        assertThat(service.verify(ALICE, current)).isEqualTo(new VerifyResult.TooManyAttempts());
    }

    @Test
    void newCodeResetsTheAttemptCounter() {
        OtpService service = service();
        service.requestCode(ALICE);
        String first = sender.lastCode();
        String wrong = TestSupport.codeOtherThan(first);
        for (int i = 0; i < 3; i++) {
            service.verify(ALICE, wrong);
        }
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.WrongCode(1));
        clock.advance(Duration.ofSeconds(30));

        service.requestCode(ALICE);
        String second = sender.lastCode();
        String wrongForBoth = TestSupport.codeOtherThan(first, second);
        assertThat(service.verify(ALICE, wrongForBoth)).isEqualTo(new VerifyResult.WrongCode(4));
    }

    @Test
    void aResendNeverGivesThePreviousCodeMoreThanItsFiveWrongTries() {
        OtpService service = serviceKeepingThePreviousCode();
        service.requestCode(ALICE);
        String first = sender.lastCode();
        clock.advance(Duration.ofSeconds(30));
        service.requestCode(ALICE); // a resend before any try: both codes are live
        String second = sender.lastCode();
        service.requestCode(ALICE); // too soon: cooldown, nothing changes
        String wrong = TestSupport.codeOtherThan(first, second);
        assertThat(TestSupport.verifyRepeatedly(service, ALICE, wrong, 4)).last()
                .isEqualTo(new VerifyResult.WrongCode(1));
        clock.advance(Duration.ofSeconds(30));
        service.requestCode(ALICE); // a third code: the first is dropped, the second keeps its 4 wrong tries
        String third = sender.lastCode();
        String wrongForAll = TestSupport.codeOtherThan(first, second, third);

        assertThat(service.verify(ALICE, wrongForAll)).as("the fifth wrong try kills the second code, the third "
                + "has 4 left").isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, second)).as("the second code took 5 wrong tries: it is dead")
                .isEqualTo(new VerifyResult.WrongCode(3));
        assertThat(service.verify(ALICE, third)).isEqualTo(new VerifyResult.Verified());
    }

    // --- Locked -----------------------------------------------------------------------------------

    /** Spends one code's five attempts on wrong codes and returns the results. */
    private List<VerifyResult> burnOneCode(OtpService service) {
        service.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(sender.lastCode());
        List<VerifyResult> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            results.add(service.verify(ALICE, wrong));
        }
        return results;
    }

    @Test
    void twentyFailuresWithinAnHourLockTheAddressForTheRestOfThatHour() {
        OtpService service = service();
        Instant start = clock.instant();
        Instant firstFailure = start.plusSeconds(10);
        Instant lockEnd = firstFailure.plus(Duration.ofHours(1));

        for (int code = 1; code <= 3; code++) {
            assertThat(burnOneCode(service)).as("code %d", code).last().isEqualTo(new VerifyResult.TooManyAttempts());
            clock.advance(Duration.ofSeconds(30)); // past the resend cooldown
        }
        List<VerifyResult> fourth = burnOneCode(service);

        assertThat(fourth).containsExactly(new VerifyResult.WrongCode(4), new VerifyResult.WrongCode(3),
                new VerifyResult.WrongCode(2), new VerifyResult.WrongCode(1), new VerifyResult.Locked(lockEnd));
        assertThat(sender.calls()).isEqualTo(4);
    }

    @Test
    void lockRefusesEvenTheRightCodeAndNewRequestsThenLifts() {
        OtpService service = service(OtpPolicy.defaults().withResendCooldown(Duration.ZERO));
        Instant start = clock.instant();
        for (int code = 1; code <= 4; code++) {
            burnOneCode(service);
        }
        Instant lockEnd = start.plusSeconds(10).plus(Duration.ofHours(1));

        clock.set(lockEnd.minusNanos(1));
        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Locked(lockEnd));
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.Locked(lockEnd));
        assertThat(service.verify(ALICE, "bad")).isEqualTo(new VerifyResult.Locked(lockEnd));

        clock.set(lockEnd);
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.NoActiveCode());
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void lockKillsTheCodesThatWereLive() {
        OtpService service = service(OtpPolicy.defaults().withMaxFailuresPerLockWindow(2));
        Instant start = clock.instant();
        service.requestCode(ALICE);
        String right = sender.lastCode();
        String wrong = TestSupport.codeOtherThan(right);
        service.verify(ALICE, wrong);
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.Locked(start.plus(Duration.ofHours(1))));

        clock.set(start.plus(Duration.ofHours(1)).minusSeconds(1));
        assertThat(service.verify(ALICE, right)).isInstanceOf(VerifyResult.Locked.class);
    }

    @Test
    void failuresOlderThanTheLockWindowDoNotCount() {
        OtpService service = service();
        for (int code = 1; code <= 3; code++) {
            burnOneCode(service);
            clock.advance(Duration.ofSeconds(30));
        }
        // 15 failures; let them all leave the one-hour window.
        clock.advance(Duration.ofHours(1));

        List<VerifyResult> results = burnOneCode(service);
        assertThat(results).last().isEqualTo(new VerifyResult.TooManyAttempts());
        clock.advance(Duration.ofSeconds(30));
        service.requestCode(ALICE);
        assertThat(service.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.Verified());
    }
}
