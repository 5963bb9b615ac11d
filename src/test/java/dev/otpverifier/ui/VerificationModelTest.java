package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.otp.RequestResult;
import dev.otpverifier.otp.VerifyResult;
import dev.otpverifier.ui.VerificationModel.Offer;
import dev.otpverifier.ui.VerificationModel.Phase;
import dev.otpverifier.ui.VerificationModel.Status;
import dev.otpverifier.ui.common.Tone;
import dev.otpverifier.ui.common.UiText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerificationModelTest {

    private static final Instant T0 = Instant.parse("2030-05-04T14:00:00Z");

    private VerificationModel model;
    private final AtomicInteger changes = new AtomicInteger();

    @BeforeEach
    void createModel() {
        model = new VerificationModel(ZoneOffset.UTC, Locale.ENGLISH);
        model.addChangeListener(changes::incrementAndGet);
    }

    private void sendTo(String address) {
        model.addressChanged(address);
        model.sendStarted();
        model.sendFinished(new RequestResult.Sent(T0.plusSeconds(600), T0.plusSeconds(30)), T0);
    }

    private String statusText(Instant now) {
        return model.status().map(status -> status.text().at(now)).orElse("");
    }

    @Test
    void startsEmptyWithSendDisabled() {
        assertThat(model.phase()).isEqualTo(Phase.ADDRESS);
        assertThat(model.addressError()).isFalse();
        assertThat(model.sendEnabled(T0)).isFalse();
        assertThat(model.sendText(T0)).isEqualTo("Send code");
        assertThat(model.codeEditable()).isFalse();
        assertThat(model.expiryText(T0)).isEmpty();
        assertThat(model.status()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice@", "alice@example", "alice example.com", "@example.com"})
    void invalidAddressShowsErrorAndKeepsSendDisabled(String typed) {
        model.addressChanged(typed);
        assertThat(model.addressError()).isTrue();
        assertThat(model.sendEnabled(T0)).isFalse();
        assertThat(model.addressEditable()).isTrue();
    }

    @Test
    void anAddressThatIsNoneIsExplainedOnceCommittedAndTheExplanationGoesWhenItIsFixed() {
        model.addressChanged("alice@exa");
        assertThat(model.status()).as("not while typing: the outline says enough").isEmpty();
        model.addressCommitted();
        assertThat(statusText(T0)).isEqualTo(UiText.plain("email.invalid"));
        assertThat(model.status().get().tone()).isEqualTo(Tone.WARNING);
        model.addressChanged("alice@exam");
        assertThat(statusText(T0)).as("still no address").isEqualTo(UiText.plain("email.invalid"));
        model.addressChanged("alice@example.com");
        assertThat(model.status()).isEmpty();
        model.addressCommitted();
        assertThat(model.status()).as("a valid address needs no explanation").isEmpty();
        model.addressChanged("");
        model.addressCommitted();
        assertThat(model.status()).as("nor an empty field").isEmpty();
    }

    @Test
    void inDemoModeTheSentCodeIsInTheDemoInboxWhichHasNoSpamFolder() {
        sendTo("alice@example.com");
        assertThat(statusText(T0)).contains("spam folder");
        model.demoModeChanged(true);
        sendTo("bob@example.com");
        assertThat(statusText(T0)).isEqualTo("Code sent to b***@example.com. It is in the demo inbox.");
    }

    @Test
    void enterOnAnIncompleteCodeSaysWhatACodeLooksLike() {
        model.codeCommittedIncomplete();
        assertThat(model.status()).as("no code is pending: nothing to say").isEmpty();
        sendTo("alice@example.com");
        model.codeCommittedIncomplete();
        assertThat(statusText(T0)).isEqualTo(UiText.plain("status.malformed"));
    }

    @Test
    void validAddressEnablesSendAndEveryChangeIsAnnounced() {
        model.addressChanged("alice@example.com");
        assertThat(model.addressError()).isFalse();
        assertThat(model.sendEnabled(T0)).isTrue();
        assertThat(changes.get()).isEqualTo(1);
    }

    @Test
    void noServiceKeepsSendDisabled() {
        model.addressChanged("alice@example.com");
        model.serviceAvailabilityChanged(false);
        assertThat(model.sendEnabled(T0)).isFalse();
        model.serviceAvailabilityChanged(true);
        assertThat(model.sendEnabled(T0)).isTrue();
    }

    @Test
    void sendingLocksTheAddressAndShowsProgressText() {
        model.addressChanged("alice@example.com");
        model.sendStarted();
        assertThat(model.phase()).isEqualTo(Phase.SENDING);
        assertThat(model.addressEditable()).isFalse();
        assertThat(model.sendEnabled(T0)).isFalse();
        assertThat(model.sendText(T0)).isEqualTo("Sending…");
    }

    @Test
    void sentMovesToTheCodeWithCountdowns() {
        sendTo("alice@example.com");
        assertThat(model.phase()).isEqualTo(Phase.CODE);
        assertThat(model.codeEditable()).isTrue();
        assertThat(statusText(T0)).startsWith("Code sent to a***@example.com.");
        assertThat(model.status().orElseThrow().tone()).isEqualTo(Tone.INFO);
        assertThat(model.expiryText(T0)).isEqualTo("Expires in 10:00");
        assertThat(model.expiryText(T0.plusSeconds(61))).isEqualTo("Expires in 8:59");
        assertThat(model.sendText(T0.plusSeconds(5))).isEqualTo("Resend in 0:25");
        assertThat(model.sendEnabled(T0.plusSeconds(5))).isFalse();
        assertThat(model.sendText(T0.plusSeconds(30))).isEqualTo("Resend code");
        assertThat(model.sendEnabled(T0.plusSeconds(30))).isTrue();
    }

    @Test
    void verifyNeedsSixDigits() {
        sendTo("alice@example.com");
        assertThat(model.verifyEnabled("12345")).isFalse();
        assertThat(model.verifyEnabled("123456")).isTrue();
        assertThat(model.verifyEnabled("12345a")).isFalse();
    }

    @Test
    void changingTheAddressLeavesTheCodeStepAndComingBackReturnsToIt() {
        sendTo("alice@example.com");
        model.addressChanged("bob@example.com");
        assertThat(model.phase()).isEqualTo(Phase.ADDRESS);
        assertThat(model.codeEditable()).isFalse();
        assertThat(model.sendText(T0)).isEqualTo("Send code");
        assertThat(model.sendEnabled(T0)).isTrue();
        model.addressChanged("ALICE@example.com");
        assertThat(model.phase()).isEqualTo(Phase.CODE);
        assertThat(model.sendEnabled(T0)).isFalse();
    }

    @Test
    void verifiedLocksEverythingAndOffersToStartOver() {
        sendTo("alice@example.com");
        model.verifyStarted();
        assertThat(model.phase()).isEqualTo(Phase.VERIFYING);
        assertThat(model.codeEditable()).isFalse();
        assertThat(model.verifyFinished(new VerifyResult.Verified())).isTrue();
        assertThat(model.phase()).isEqualTo(Phase.VERIFIED);
        assertThat(model.addressEditable()).isFalse();
        assertThat(model.codeEditable()).isFalse();
        assertThat(model.sendEnabled(T0.plusSeconds(100))).isFalse();
        assertThat(model.sendText(T0.plusSeconds(1))).as("no resend countdown beside a success")
                .doesNotContain("0:");
        Status status = model.status().orElseThrow();
        assertThat(status.tone()).isEqualTo(Tone.SUCCESS);
        assertThat(status.offer()).isEqualTo(Offer.START_OVER);
        assertThat(status.text().at(T0)).contains("a***@example.com is verified");

        model.startOver();
        assertThat(model.phase()).isEqualTo(Phase.ADDRESS);
        assertThat(model.address()).isEmpty();
        assertThat(model.status()).isEmpty();
        assertThat(model.pendingAddress()).isEmpty();
    }

    @Test
    void wrongCodeSaysHowManyAttemptsAreLeft() {
        sendTo("alice@example.com");
        model.verifyStarted();
        assertThat(model.verifyFinished(new VerifyResult.WrongCode(3))).isFalse();
        assertThat(model.phase()).isEqualTo(Phase.CODE);
        assertThat(model.codeEditable()).isTrue();
        assertThat(model.status().orElseThrow().tone()).isEqualTo(Tone.ERROR);
        assertThat(statusText(T0)).isEqualTo("Wrong code. 3 attempts left.");
        model.verifyFinished(new VerifyResult.WrongCode(1));
        assertThat(statusText(T0)).isEqualTo("Wrong code. 1 attempt left.");
    }

    @Test
    void expiredOffersANewCode() {
        sendTo("alice@example.com");
        model.verifyFinished(new VerifyResult.Expired());
        Status status = model.status().orElseThrow();
        assertThat(status.tone()).isEqualTo(Tone.WARNING);
        assertThat(status.offer()).isEqualTo(Offer.RESEND);
        assertThat(status.text().at(T0)).contains("expired");
    }

    @Test
    void theCountdownRunningOutAnnouncesExpiryOnce() {
        sendTo("alice@example.com");
        model.tick(T0.plusSeconds(599));
        assertThat(statusText(T0.plusSeconds(599))).startsWith("Code sent");
        model.tick(T0.plusSeconds(600));
        assertThat(model.codeExpired(T0.plusSeconds(600))).isTrue();
        assertThat(model.expiryText(T0.plusSeconds(600))).isEqualTo("Expired");
        assertThat(model.status().orElseThrow().offer()).isEqualTo(Offer.RESEND);
        model.verifyFinished(new VerifyResult.WrongCode(2));
        model.tick(T0.plusSeconds(601));
        assertThat(statusText(T0.plusSeconds(601))).startsWith("Wrong code");
    }

    @Test
    void tooManyAttemptsAndNoActiveCodeOfferANewCode() {
        sendTo("alice@example.com");
        model.verifyFinished(new VerifyResult.TooManyAttempts());
        assertThat(model.status().orElseThrow().offer()).isEqualTo(Offer.RESEND);
        assertThat(statusText(T0)).contains("Too many wrong codes");
        assertThat(model.codeEditable()).as("a used-up code takes no more tries").isFalse();
        assertThat(model.verifyEnabled("123456")).isFalse();
        assertThat(model.expiryText(T0)).as("no countdown for a dead code").isEmpty();
        model.verifyFinished(new VerifyResult.NoActiveCode());
        assertThat(model.status().orElseThrow().offer()).isEqualTo(Offer.RESEND);
        assertThat(statusText(T0)).contains("no active code for a***@example.com");
        sendTo("alice@example.com");
        assertThat(model.codeEditable()).as("a new code can be typed").isTrue();
    }

    @Test
    void malformedCountsNothing() {
        sendTo("alice@example.com");
        model.verifyFinished(new VerifyResult.Malformed());
        assertThat(statusText(T0)).contains("6 digits").contains("Nothing was counted");
    }

    @Test
    void lockedSaysUntilWhenAndCountsDown() {
        sendTo("alice@example.com");
        model.verifyFinished(new VerifyResult.Locked(T0.plusSeconds(3600)));
        assertThat(model.status().orElseThrow().tone()).isEqualTo(Tone.ERROR);
        assertThat(statusText(T0)).contains("a***@example.com").contains("3:00:00 PM").contains("1:00:00");
        assertThat(statusText(T0.plusSeconds(60))).contains("(in 59:00)");
    }

    @Test
    void aLockedAddressTakesNoCodesAndNoSendsUntilTheLockEnds() {
        sendTo("alice@example.com");
        Instant until = T0.plusSeconds(3600);
        model.verifyFinished(new VerifyResult.Locked(until));
        assertThat(model.codeEditable()).as("no tries while locked").isFalse();
        assertThat(model.sendEnabled(T0.plusSeconds(60))).as("a send would only be refused again").isFalse();
        model.tick(until.minusSeconds(1));
        assertThat(model.codeEditable()).isFalse();
        model.tick(until);
        assertThat(model.codeEditable()).as("the lock is over").isTrue();
        assertThat(model.sendEnabled(until)).isTrue();
    }

    @Test
    void aRateLimitedAddressCannotBeSentToUntilTheLimitEndsButAnotherCan() {
        model.addressChanged("alice@example.com");
        model.sendStarted();
        model.sendFinished(new RequestResult.RateLimited(T0.plusSeconds(300)), T0);
        assertThat(model.sendEnabled(T0.plusSeconds(10))).isFalse();
        assertThat(model.sendEnabled(T0.plusSeconds(300))).isTrue();
        model.addressChanged("bob@example.com");
        assertThat(model.sendEnabled(T0.plusSeconds(10))).isTrue();
    }

    @Test
    void requestRefusalsSayUntilWhenAndDisappearAfterwards() {
        model.addressChanged("alice@example.com");
        model.sendStarted();
        assertThat(model.sendFinished(new RequestResult.RateLimited(T0.plusSeconds(300)), T0)).isFalse();
        assertThat(model.phase()).isEqualTo(Phase.ADDRESS);
        assertThat(statusText(T0)).contains("Too many codes").contains("2:05:00 PM").contains("5:00");
        model.tick(T0.plusSeconds(300));
        assertThat(model.status()).isEmpty();

        model.sendStarted();
        model.sendFinished(new RequestResult.Busy(T0.plusSeconds(10)), T0);
        assertThat(statusText(T0)).contains("too many addresses").contains("0:10");

        model.sendStarted();
        model.sendFinished(new RequestResult.Locked(T0.plusSeconds(60)), T0);
        assertThat(statusText(T0)).contains("locked until 2:01:00 PM");

        model.sendStarted();
        model.sendFinished(new RequestResult.InvalidAddress(), T0);
        assertThat(statusText(T0)).contains("is not an address");
    }

    @Test
    void cooldownOfThePendingAddressMovesTheResendCountdown() {
        sendTo("alice@example.com");
        model.sendStarted();
        model.sendFinished(new RequestResult.Cooldown(T0.plusSeconds(45)), T0);
        assertThat(model.phase()).isEqualTo(Phase.CODE);
        assertThat(model.sendText(T0.plusSeconds(40))).isEqualTo("Resend in 0:05");
        assertThat(statusText(T0)).contains("0:45").contains("2:00:45 PM");
    }

    @Test
    void untilTimesOnAnotherDayIncludeTheDate() {
        model.addressChanged("alice@example.com");
        model.sendStarted();
        model.sendFinished(new RequestResult.RateLimited(T0.plusSeconds(86_400)), T0);
        assertThat(statusText(T0)).contains("May 5, 2030");
    }

    @Test
    void sendFailureKeepsTheAddressAndAllowsRetry() {
        model.addressChanged("alice@example.com");
        model.sendStarted();
        model.sendFailed("Could not connect to smtp.example.com:587.");
        assertThat(model.phase()).isEqualTo(Phase.ADDRESS);
        assertThat(model.address()).isEqualTo("alice@example.com");
        assertThat(model.addressEditable()).isTrue();
        assertThat(model.sendEnabled(T0)).isTrue();
        assertThat(model.status().orElseThrow().tone()).isEqualTo(Tone.ERROR);
        assertThat(statusText(T0)).isEqualTo("The code could not be sent. Could not connect to smtp.example.com:587.");
    }

    @Test
    void resendFailureKeepsThePendingCode() {
        sendTo("alice@example.com");
        model.sendStarted();
        model.sendFailed("Timeout.");
        assertThat(model.phase()).isEqualTo(Phase.CODE);
        assertThat(model.codeEditable()).isTrue();
    }

    @Test
    void statusNeverContainsTheCode() {
        sendTo("alice@example.com");
        model.verifyFinished(new VerifyResult.WrongCode(4));
        assertThat(statusText(T0)).doesNotContainPattern("[0-9]{6}");
    }

    // ---- mail settings changed, newer code sent ------------------------------------------------

    @Test
    void changedMailSettingsLeaveTheCodeStepAndSayWhy() {
        sendTo("carol@example.com");
        assertThat(model.codeEditable()).isTrue();

        model.mailSettingsChanged();

        assertThat(model.phase()).isEqualTo(Phase.ADDRESS);
        assertThat(model.codeEditable()).as("a code sent through the old settings proves nothing now").isFalse();
        assertThat(model.expiryText(T0)).isEmpty();
        assertThat(model.address()).as("the address stays, ready for a new code").isEqualTo("carol@example.com");
        assertThat(statusText(T0)).startsWith("Mail settings changed: send a new code");
        assertThat(model.status().get().tone()).isEqualTo(Tone.WARNING);
        assertThat(model.status().get().offer()).isEqualTo(Offer.RESEND);
        assertThat(model.sendText(T0)).isEqualTo("Send code");
    }

    @Test
    void changedMailSettingsWhileSendingMakeThatCodeUseless() {
        model.addressChanged("carol@example.com");
        model.sendStarted();
        model.mailSettingsChanged();

        boolean sent = model.sendFinished(new RequestResult.Sent(T0.plusSeconds(600), T0.plusSeconds(30)), T0);

        assertThat(sent).as("the focus must not move to a code that cannot work").isFalse();
        assertThat(model.codeEditable()).isFalse();
        assertThat(statusText(T0)).startsWith("Mail settings changed: send a new code");
        model.sendStarted();
        model.sendFinished(new RequestResult.Sent(T0.plusSeconds(700), T0.plusSeconds(60)), T0.plusSeconds(30));
        assertThat(model.codeEditable()).as("the next send is a normal one").isTrue();
    }

    @Test
    void changedMailSettingsLeaveAVerifiedAddressVerifiedAndAnEmptyFormEmpty() {
        model.mailSettingsChanged();
        assertThat(model.status()).isEmpty();

        sendTo("carol@example.com");
        model.verifyStarted();
        model.verifyFinished(new VerifyResult.Verified());
        model.mailSettingsChanged();

        assertThat(model.phase()).isEqualTo(Phase.VERIFIED);
        assertThat(statusText(T0)).contains("is verified");
    }

    @Test
    void aCodeTypedForTheOldSettingsIsExplainedNotCalledWrong() {
        sendTo("carol@example.com");
        model.verifyStarted();

        model.verifyFinished(new VerifyResult.SenderChanged());

        assertThat(model.phase()).as("the pending code came through the new settings: it can still be typed")
                .isEqualTo(Phase.CODE);
        assertThat(model.codeEditable()).isTrue();
        assertThat(statusText(T0)).startsWith("That code was sent through the old mail settings")
                .endsWith("Nothing was counted.").doesNotContain("Wrong");
        assertThat(model.status().get().offer()).isEqualTo(Offer.RESEND);
    }

    @Test
    void anOlderCodeIsExplainedAndTheNewestCanStillBeTyped() {
        sendTo("carol@example.com");
        model.verifyStarted();

        model.verifyFinished(new VerifyResult.Superseded());

        assertThat(model.phase()).isEqualTo(Phase.CODE);
        assertThat(model.codeEditable()).isTrue();
        assertThat(statusText(T0)).isEqualTo("A newer code was sent to c***@example.com, and only the newest one "
                + "works. Type the code from the latest message. Nothing was counted.");
    }

    @Test
    void aResendThatTheSettingsOvertookLeavesNoCodeToTypeWhateverItAnswers() {
        sendTo("carol@example.com");
        model.sendStarted(); // a resend through the old server, which is slow
        model.mailSettingsChanged();
        model.sendFailed("The mail server did not answer within 15 seconds.");

        assertThat(model.phase()).isEqualTo(Phase.ADDRESS);
        assertThat(model.codeEditable()).as("the code awaited before went through the old settings").isFalse();
        assertThat(model.expiryText(T0)).isEmpty();

        sendTo("dave@example.com");
        model.sendStarted();
        model.mailSettingsChanged();
        model.sendFinished(new RequestResult.Cooldown(T0.plusSeconds(30)), T0);
        assertThat(model.codeEditable()).isFalse();
        assertThat(statusText(T0)).as("the refusal is still said").startsWith("A code was sent moments ago");
    }

    @Test
    void aCheckThatTheSettingsOvertookIsNotShown() {
        sendTo("carol@example.com");
        model.verifyStarted();
        model.mailSettingsChanged();

        assertThat(model.verifyFinished(new VerifyResult.Verified())).isFalse();

        assertThat(model.phase()).isEqualTo(Phase.ADDRESS);
        assertThat(statusText(T0)).startsWith("Mail settings changed: send a new code").doesNotContain("verified");
    }
}
