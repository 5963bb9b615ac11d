package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What {@link OtpService} hands on: its policy and clock (for countdowns), and the hint to prepare. */
class OtpServiceAccessorsTest {

    private final MutableClock clock = new MutableClock();
    private final RecordingCodeSender sender = new RecordingCodeSender();
    private final OtpPolicy policy = OtpPolicy.defaults().withMaxEntries(7);
    private final OtpService service = new OtpService(sender, policy, clock, TestSupport.seededRandom(1));

    @Test
    void theServiceShowsThePolicyAndClockItWasGiven() {
        assertThat(service.policy()).isSameAs(policy);
        assertThat(service.clock()).isSameAs(clock);
    }

    @Test
    void prepareToSendPassesTheHintToTheSender() {
        service.prepareToSend();
        service.prepareToSend();

        assertThat(sender.prepareCalls()).isEqualTo(2);
        assertThat(sender.calls()).as("a hint sends nothing").isZero();
    }

    @Test
    void aDeliveryExceptionKeepsItsReasonMessageAndCause() {
        IllegalStateException cause = new IllegalStateException("socket");
        DeliveryException e = new DeliveryException(DeliveryException.Reason.RECIPIENT_REJECTED, "rejected", cause);

        assertThat(e.reason()).isEqualTo(DeliveryException.Reason.RECIPIENT_REJECTED);
        assertThat(e).hasMessage("rejected").hasCause(cause);
    }
}
