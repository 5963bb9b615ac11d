package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.DrbgParameters;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * What makes "verified" mean it: a code proves the address only through the sender that delivered
 * it, counts survive a restart (a second service on the same ledger), a success forgives earlier
 * wrong tries, and codes come from a DRBG.
 */
class OtpServiceTrustTest {

    private static final String ALICE = "alice@example.com";
    private static final Duration COOLDOWN = OtpPolicy.DEFAULT_RESEND_COOLDOWN;

    private final MutableClock clock = new MutableClock();
    private final RecordingCodeSender demoInbox = new RecordingCodeSender();
    private final RecordingCodeSender realMail = new RecordingCodeSender();
    private final MapLedger ledger = new MapLedger();

    private OtpService service(CodeSender sender, OtpPolicy policy) {
        return new OtpService(sender, policy, clock, TestSupport.seededRandom(7), ledger);
    }

    // --- Codes are bound to their sender ------------------------------------------------------------

    @Test
    void aCodeFromTheOldSenderNoLongerVerifiesAfterTheSwitchAndCostsNothing() {
        OtpService demo = service(demoInbox, OtpPolicy.defaults());
        demo.requestCode(ALICE);
        String demoCode = demoInbox.lastCode();

        OtpService real = demo.withSender(realMail);

        assertThat(real.verify(ALICE, demoCode)).isEqualTo(new VerifyResult.SenderChanged());
        assertThat(real.verify(ALICE, demoCode)).as("said again, never counted")
                .isEqualTo(new VerifyResult.SenderChanged());
        assertThat(demo.verify(ALICE, demoCode)).as("not through the old service either")
                .isEqualTo(new VerifyResult.SenderChanged());
        clock.advance(COOLDOWN);
        assertThat(real.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        String realCode = realMail.lastCode();
        assertThat(real.verify(ALICE, TestSupport.codeOtherThan(demoCode, realCode)))
                .as("the old code's tries spent nothing").isEqualTo(new VerifyResult.WrongCode(5 - 1));
        assertThat(real.verify(ALICE, realCode)).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void everySwitchRetiresTheCodesBeforeIt() {
        OtpService first = service(realMail, OtpPolicy.defaults());
        first.requestCode(ALICE);
        String fromFirst = realMail.lastCode();
        OtpService second = first.withSender(demoInbox);
        clock.advance(COOLDOWN);
        second.requestCode(ALICE);
        String fromSecond = demoInbox.lastCode();

        OtpService third = second.withSender(realMail); // real to real, or back to demo: the same rule

        assertThat(third.verify(ALICE, fromSecond)).isEqualTo(new VerifyResult.SenderChanged());
        assertThat(third.verify(ALICE, fromFirst)).isEqualTo(new VerifyResult.SenderChanged());
    }

    @Test
    void aCodeThatTheReplacedServiceSendsAfterTheSwitchNeverVerifies() {
        OtpService old = service(demoInbox, OtpPolicy.defaults());
        OtpService current = old.withSender(realMail);

        // A send that started through the old settings and finished after the switch.
        assertThat(old.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);

        assertThat(current.verify(ALICE, demoInbox.lastCode())).isEqualTo(new VerifyResult.SenderChanged());
        assertThat(old.verify(ALICE, demoInbox.lastCode())).isEqualTo(new VerifyResult.SenderChanged());
    }

    @Test
    void switchingKeepsTheCooldownTheQuotaTheFailuresAndTheLock() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(3).withMaxCodesPerWindow(2);
        OtpService demo = service(demoInbox, policy);
        Instant start = clock.instant();
        demo.requestCode(ALICE);

        OtpService real = demo.withSender(realMail);
        assertThat(real.requestCode(ALICE)).as("cooldown kept")
                .isEqualTo(new RequestResult.Cooldown(start.plus(COOLDOWN)));

        clock.advance(COOLDOWN);
        real.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(realMail.lastCode());
        real.verify(ALICE, wrong);
        real.verify(ALICE, wrong);
        OtpService back = real.withSender(demoInbox);
        clock.advance(COOLDOWN);
        assertThat(back.requestCode(ALICE)).as("quota of 2 kept across both switches")
                .isEqualTo(new RequestResult.RateLimited(start.plus(OtpPolicy.DEFAULT_CODES_WINDOW)));

        OtpService again = back.withSender(realMail);
        assertThat(again.verify(ALICE, wrong)).as("no live code: nothing to count")
                .isEqualTo(new VerifyResult.NoActiveCode());
        clock.set(start.plus(OtpPolicy.DEFAULT_CODES_WINDOW));
        assertThat(again.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        Instant lockedUntil = start.plus(COOLDOWN).plus(OtpPolicy.DEFAULT_LOCK_WINDOW); // from the first failure
        assertThat(again.verify(ALICE, TestSupport.codeOtherThan(realMail.lastCode())))
                .as("two failures before the switches and one after make three: locked")
                .isEqualTo(new VerifyResult.Locked(lockedUntil));
        assertThat(again.withSender(demoInbox).requestCode(ALICE)).as("and a switch does not lift the lock")
                .isEqualTo(new RequestResult.Locked(lockedUntil));
    }

    // --- Counts survive a restart ---------------------------------------------------------------------

    @Test
    void theCooldownTheQuotaAndTheLockSurviveARestart() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(3).withMaxCodesPerWindow(3);
        Instant start = clock.instant();
        OtpService before = service(realMail, policy);
        before.requestCode(ALICE);

        OtpService afterFirstRestart = service(realMail, policy);
        assertThat(afterFirstRestart.requestCode(ALICE)).isEqualTo(new RequestResult.Cooldown(start.plus(COOLDOWN)));
        clock.advance(COOLDOWN);
        afterFirstRestart.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(realMail.lastCode());
        afterFirstRestart.verify(ALICE, wrong);
        afterFirstRestart.verify(ALICE, wrong);

        OtpService afterSecondRestart = service(realMail, policy);
        assertThat(afterSecondRestart.verify(ALICE, wrong)).as("codes do not survive: only the counts")
                .isEqualTo(new VerifyResult.NoActiveCode());
        clock.advance(COOLDOWN);
        assertThat(afterSecondRestart.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        Instant thirdFailure = clock.instant();
        Instant lockedUntil = start.plus(COOLDOWN).plus(OtpPolicy.DEFAULT_LOCK_WINDOW);
        assertThat(afterSecondRestart.verify(ALICE, TestSupport.codeOtherThan(realMail.lastCode())))
                .isEqualTo(new VerifyResult.Locked(lockedUntil));
        assertThat(thirdFailure).isBefore(lockedUntil);

        OtpService afterThirdRestart = service(realMail, policy);
        assertThat(afterThirdRestart.verify(ALICE, "123456")).as("a lock is a lock, even with no code in memory")
                .isEqualTo(new VerifyResult.Locked(lockedUntil));
        assertThat(afterThirdRestart.requestCode(ALICE)).isEqualTo(new RequestResult.Locked(lockedUntil));
        clock.set(lockedUntil);
        assertThat(afterThirdRestart.requestCode(ALICE)).as("quota of 3 in 15 minutes has long passed")
                .isInstanceOf(RequestResult.Sent.class);
    }

    @Test
    void theQuotaSurvivesARestart() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxCodesPerWindow(2);
        Instant start = clock.instant();
        service(realMail, policy).requestCode(ALICE);
        clock.advance(COOLDOWN);
        service(realMail, policy).requestCode(ALICE);
        clock.advance(COOLDOWN);

        assertThat(service(realMail, policy).requestCode(ALICE))
                .isEqualTo(new RequestResult.RateLimited(start.plus(OtpPolicy.DEFAULT_CODES_WINDOW)));
    }

    @Test
    void twoServicesOnOneLedgerAddUpEachOthersFailures() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(4);
        RecordingCodeSender terminalMail = new RecordingCodeSender();
        OtpService window = service(realMail, policy);
        OtpService terminal = service(terminalMail, policy);
        window.requestCode(ALICE);
        String windowWrong = TestSupport.codeOtherThan(realMail.lastCode());
        clock.advance(COOLDOWN);
        terminal.requestCode(ALICE);
        String terminalWrong = TestSupport.codeOtherThan(terminalMail.lastCode(), realMail.lastCode());

        window.verify(ALICE, windowWrong);
        terminal.verify(ALICE, terminalWrong);
        window.verify(ALICE, windowWrong);

        assertThat(terminal.verify(ALICE, terminalWrong)).as("two from each make four")
                .isInstanceOf(VerifyResult.Locked.class);
        assertThat(window.verify(ALICE, realMail.lastCode())).as("the window hears of the lock")
                .isInstanceOf(VerifyResult.Locked.class);
    }

    // --- A success forgives the wrong tries before it (NIST SP 800-63B) -------------------------------

    @Test
    void aRightCodeForgivesTheWrongTriesBeforeIt() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(3);
        OtpService service = service(realMail, policy);
        service.requestCode(ALICE);
        String code = realMail.lastCode();
        String wrong = TestSupport.codeOtherThan(code);
        service.verify(ALICE, wrong);
        service.verify(ALICE, wrong);
        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.Verified());

        clock.advance(COOLDOWN);
        service.requestCode(ALICE);
        String next = realMail.lastCode();
        String wrongAgain = TestSupport.codeOtherThan(next);
        assertThat(service.verify(ALICE, wrongAgain)).as("without forgiveness this third failure would lock")
                .isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, wrongAgain)).isEqualTo(new VerifyResult.WrongCode(3));
        assertThat(service.verify(ALICE, wrongAgain)).as("three after the success do lock")
                .isInstanceOf(VerifyResult.Locked.class);
    }

    @Test
    void aDemoCodeForgivesNothingInTheSameProcess() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(3);
        OtpService demo = service(new DemoInbox(demoInbox), policy);
        demo.requestCode(ALICE);
        String code = demoInbox.lastCode();
        demo.verify(ALICE, TestSupport.codeOtherThan(code));
        demo.verify(ALICE, TestSupport.codeOtherThan(code));

        assertThat(demo.verify(ALICE, code)).as("the demo flow still works").isEqualTo(new VerifyResult.Verified());

        clock.advance(COOLDOWN);
        demo.requestCode(ALICE);
        assertThat(demo.verify(ALICE, TestSupport.codeOtherThan(demoInbox.lastCode())))
                .as("the code was readable by anyone at the keyboard: the two failures still count")
                .isInstanceOf(VerifyResult.Locked.class);
    }

    @Test
    void aDemoRunBesideARealOneCannotWipeTheRealFailures() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(3);
        OtpService real = service(realMail, policy);
        real.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(realMail.lastCode());
        real.verify(ALICE, wrong);
        real.verify(ALICE, wrong);

        OtpService demoProcess = service(new DemoInbox(demoInbox), policy); // `--demo` in a terminal, same file
        clock.advance(COOLDOWN);
        demoProcess.requestCode(ALICE);
        assertThat(demoProcess.verify(ALICE, demoInbox.lastCode())).isEqualTo(new VerifyResult.Verified());

        assertThat(real.verify(ALICE, wrong)).as("2 + 1 failures: locked, the demo success forgave nothing")
                .isInstanceOf(VerifyResult.Locked.class);
    }

    @Test
    void failuresRecordedElsewhereLockEvenWithoutARecordedLock() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(3);
        String key = EmailAddresses.key(ALICE).orElseThrow();
        Instant start = clock.instant();
        // Three processes each recorded one failure, none of them saw three.
        ledger.merge(key, AddressLimits.NONE.withFailure(start));
        ledger.merge(key, AddressLimits.NONE.withFailure(start.plusSeconds(1)));
        ledger.merge(key, AddressLimits.NONE.withFailure(start.plusSeconds(2)));
        clock.advance(Duration.ofSeconds(3));

        OtpService service = service(realMail, policy);
        Instant until = start.plus(OtpPolicy.DEFAULT_LOCK_WINDOW);
        assertThat(service.verify(ALICE, "123456")).isEqualTo(new VerifyResult.Locked(until));
        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Locked(until));
        assertThat(realMail.calls()).isZero();
    }

    @Test
    void aLedgerThatThrowsLeavesTheServiceWorkingFromMemory() {
        LimitLedger broken = new LimitLedger() {
            @Override
            public AddressLimits read(String addressKey) {
                throw new IllegalStateException("disk on fire");
            }

            @Override
            public AddressLimits merge(String addressKey, AddressLimits limits) {
                throw new IllegalStateException("disk on fire");
            }
        };
        OtpService service = new OtpService(realMail, OtpPolicy.defaults().withMaxFailuresPerLockWindow(2), clock,
                TestSupport.seededRandom(7), broken);

        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        String wrong = TestSupport.codeOtherThan(realMail.lastCode());
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, wrong)).as("the counts held in memory").isInstanceOf(VerifyResult.Locked.class);
    }

    @Test
    void forgivenessIsRecordedSoThatARestartDoesNotBringTheFailuresBack() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(3);
        OtpService service = service(realMail, policy);
        service.requestCode(ALICE);
        String code = realMail.lastCode();
        service.verify(ALICE, TestSupport.codeOtherThan(code));
        service.verify(ALICE, TestSupport.codeOtherThan(code));
        service.verify(ALICE, code);

        String key = EmailAddresses.key(ALICE).orElseThrow();
        assertThat(ledger.recordedFor(key).failures()).isEmpty();
        assertThat(ledger.recordedFor(key).failuresForgivenAt()).isPresent();
        OtpService restarted = service(realMail, policy);
        clock.advance(COOLDOWN);
        restarted.requestCode(ALICE);
        assertThat(restarted.verify(ALICE, TestSupport.codeOtherThan(realMail.lastCode())))
                .isEqualTo(new VerifyResult.WrongCode(4));
    }

    @Test
    void aRequestAndAWrongTryReachTheLedgerAsOneSendAndOneFailure() {
        OtpService service = service(realMail, OtpPolicy.defaults());
        service.requestCode(ALICE);
        service.verify(ALICE, TestSupport.codeOtherThan(realMail.lastCode()));

        AddressLimits recorded = ledger.recordedFor(EmailAddresses.key(ALICE).orElseThrow());
        assertThat(recorded.sends()).hasSize(1);
        assertThat(recorded.failures()).hasSize(1);
    }

    // --- Codes come from a DRBG -----------------------------------------------------------------------

    @Test
    void codesComeFromTheJdksDrbgAt256Bits() {
        SecureRandom random = Codes.newRandom();

        assertThat(random.getAlgorithm()).isEqualTo("DRBG");
        assertThat(random.getParameters()).isInstanceOfSatisfying(DrbgParameters.Instantiation.class,
                parameters -> assertThat(parameters.getStrength()).isEqualTo(256));
        assertThat(Codes.isWellFormed(Codes.generate(random))).isTrue();
    }

    /** The demo inbox: delivers like any sender, but anyone at the keyboard reads the code. */
    private static final class DemoInbox implements CodeSender {
        private final RecordingCodeSender delegate;

        DemoInbox(RecordingCodeSender delegate) {
            this.delegate = delegate;
        }

        @Override
        public void send(String address, String code, Duration validity) {
            delegate.send(address, code, validity);
        }

        @Override
        public boolean reachesTheMailbox() {
            return false;
        }
    }
}
