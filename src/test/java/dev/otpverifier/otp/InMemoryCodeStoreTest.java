package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryCodeStore}: the memory bound over time, generations, and counts that another process
 * (or an earlier run) left in the ledger.
 */
class InMemoryCodeStoreTest {

    private static final String ALICE = "alice@example.com";

    private final MutableClock clock = new MutableClock();
    private final RecordingCodeSender sender = new RecordingCodeSender();
    private final MapLedger ledger = new MapLedger();

    private OtpService service(OtpPolicy policy) {
        return new OtpService(sender, policy, clock, TestSupport.seededRandom(11), ledger);
    }

    // --- The memory bound over time ------------------------------------------------------------------

    @Test
    void aStoreLeftAloneForHoursShrinksBackAtTheNextRequest() {
        OtpService service = service(OtpPolicy.defaults());
        for (int i = 0; i < 50; i++) {
            service.requestCode("user" + i + "@example.com");
        }
        assertThat(service.trackedAddresses()).isEqualTo(50);

        clock.advance(Duration.ofHours(3));
        service.requestCode(ALICE);

        assertThat(service.trackedAddresses()).as("nobody called purgeExpired: it happened by itself").isEqualTo(1);
    }

    @Test
    void aStoreLeftAloneForHoursShrinksBackAtTheNextVerification() {
        OtpService service = service(OtpPolicy.defaults());
        for (int i = 0; i < 50; i++) {
            service.requestCode("user" + i + "@example.com");
        }

        clock.advance(Duration.ofHours(3));
        assertThat(service.verify(ALICE, "123456")).isEqualTo(new VerifyResult.NoActiveCode());

        assertThat(service.trackedAddresses()).isZero();
    }

    // --- Generations ---------------------------------------------------------------------------------

    @Test
    void aNewStoreIsAtTheGenerationOfAServicesFirstSenderAndEachNewGenerationIsTheCurrentOne() {
        InMemoryCodeStore store = new InMemoryCodeStore(OtpPolicy.defaults(), LimitLedger.none());

        assertThat(store.currentGeneration()).as("OtpService gives its first sender generation 0").isZero();
        long next = store.nextGeneration();
        assertThat(next).isNotZero();
        assertThat(store.currentGeneration()).isEqualTo(next);
        long after = store.nextGeneration();
        assertThat(after).isNotIn(0L, next);
        assertThat(store.currentGeneration()).isEqualTo(after);
    }

    // --- Counts from the ledger ----------------------------------------------------------------------

    @Test
    void aLockRecordedByAnotherProcessVoidsTheCodesOfThisOneForGood() {
        OtpService service = service(OtpPolicy.defaults());
        service.requestCode(ALICE);
        String code = sender.lastCode();
        Instant lockedUntil = clock.instant().plus(Duration.ofMinutes(5));
        ledger.merge(ALICE, AddressLimits.NONE.withLockedUntil(lockedUntil));

        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.Locked(lockedUntil));

        clock.set(lockedUntil); // the code itself would still be valid for five minutes
        assertThat(service.verify(ALICE, code)).as("a lock ends every code sent before it")
                .isEqualTo(new VerifyResult.NoActiveCode());
    }

    @Test
    void failuresOlderThanTheLockWindowThatTheLedgerStillHoldsDoNotCount() {
        OtpPolicy policy = OtpPolicy.defaults();
        Instant longAgo = clock.instant().minus(policy.lockWindow()).minus(Duration.ofMinutes(1));
        AddressLimits earlierRun = AddressLimits.NONE;
        for (int i = 0; i < policy.maxFailuresPerLockWindow() - 1; i++) {
            earlierRun = earlierRun.withFailure(longAgo.minusSeconds(i));
        }
        ledger.merge(ALICE, earlierRun); // a ledger may hand back counts it has not pruned yet
        OtpService service = service(policy);
        service.requestCode(ALICE);
        String code = sender.lastCode();

        assertThat(service.verify(ALICE, TestSupport.codeOtherThan(code)))
                .isEqualTo(new VerifyResult.WrongCode(policy.maxAttemptsPerCode() - 1));
        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.Verified());
    }

    // --- Locks void codes ----------------------------------------------------------------------------

    @Test
    void aLockCausedHereVoidsTheLiveCodeEvenAfterTheLockEnds() {
        OtpPolicy policy = OtpPolicy.defaults().withMaxFailuresPerLockWindow(3).withLockWindow(Duration.ofMinutes(1));
        OtpService service = service(policy);
        service.requestCode(ALICE);
        String code = sender.lastCode();
        String wrong = TestSupport.codeOtherThan(code);
        Instant firstFailure = clock.instant();

        service.verify(ALICE, wrong);
        service.verify(ALICE, wrong);
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.Locked(firstFailure.plus(Duration.ofMinutes(1))));

        clock.advance(Duration.ofMinutes(2)); // the code itself is valid for eight more minutes
        assertThat(service.verify(ALICE, code)).isEqualTo(new VerifyResult.NoActiveCode());
    }

    // --- Retired codes -------------------------------------------------------------------------------

    @Test
    void theLastEightReplacedCodesAreRecognisedAndAnOlderOneIsJustWrong() {
        OtpPolicy policy = OtpPolicy.defaults().withResendCooldown(Duration.ZERO).withMaxCodesPerWindow(20);
        OtpService service = service(policy);
        for (int i = 0; i < 10; i++) {
            assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        }
        List<String> codes = sender.messages().stream().map(RecordingCodeSender.Message::code).toList();
        assertThat(new HashSet<>(codes)).as("ten different codes").hasSize(10);

        for (int i = 1; i <= 8; i++) {
            assertThat(service.verify(ALICE, codes.get(9 - i))).as("replaced %d sends ago", i)
                    .isEqualTo(new VerifyResult.Superseded());
        }
        assertThat(service.verify(ALICE, codes.get(0))).as("replaced nine sends ago: forgotten")
                .isEqualTo(new VerifyResult.WrongCode(policy.maxAttemptsPerCode() - 1));
        assertThat(service.verify(ALICE, codes.get(9))).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void aCodeSentThroughAReplacedSenderKeepsItsAddressOnlyAsLongAsTheQuotaWindow() {
        OtpService old = service(OtpPolicy.defaults());
        OtpService current = old.withSender(new RecordingCodeSender());
        old.requestCode(ALICE); // retired at once: it proves nothing, it only explains a late try

        clock.advance(OtpPolicy.DEFAULT_CODES_WINDOW); // the code expired five minutes ago
        current.purgeExpired();

        assertThat(current.trackedAddresses()).isZero();
        assertThat(current.verify(ALICE, sender.lastCode())).isEqualTo(new VerifyResult.NoActiveCode());
    }

    // --- A failed send -------------------------------------------------------------------------------

    @Test
    void aFailedSendAtTheVeryInstantAnOldEntryStopsMatteringLeavesNothingBehind() {
        OtpService service = service(OtpPolicy.defaults());
        Instant start = clock.instant();
        service.requestCode(ALICE);
        // Alice's entry matters until her code has been expired for one validity period: 20 minutes.
        Instant aliceDroppable = start.plus(OtpPolicy.DEFAULT_CODE_VALIDITY.multipliedBy(2));
        clock.set(aliceDroppable.minusSeconds(30));
        service.requestCode("bob@example.com"); // purges, so no purge is due in the next minute
        assertThat(service.trackedAddresses()).isEqualTo(2);

        clock.set(aliceDroppable);
        sender.failNextWith(RecordingCodeSender.connectionRefused());
        assertThatThrownBy(() -> service.requestCode(ALICE)).isInstanceOf(DeliveryException.class);

        assertThat(service.trackedAddresses()).isEqualTo(1);
    }

    @Test
    void aFailedSendJustBeforeAnOldEntryStopsMatteringKeepsIt() {
        OtpService service = service(OtpPolicy.defaults());
        Instant start = clock.instant();
        service.requestCode(ALICE);
        String code = sender.lastCode();
        Instant aliceDroppable = start.plus(OtpPolicy.DEFAULT_CODE_VALIDITY.multipliedBy(2));
        clock.set(aliceDroppable.minusSeconds(30));
        service.requestCode("bob@example.com");

        clock.set(aliceDroppable.minusNanos(1));
        sender.failNextWith(RecordingCodeSender.connectionRefused());
        assertThatThrownBy(() -> service.requestCode(ALICE)).isInstanceOf(DeliveryException.class);

        assertThat(service.trackedAddresses()).isEqualTo(2);
        assertThat(service.verify(ALICE, code)).as("still told apart from a code never sent")
                .isEqualTo(new VerifyResult.Expired());
    }
}
