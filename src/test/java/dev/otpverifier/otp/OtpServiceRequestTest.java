package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OtpService#requestCode(String)}: every {@link RequestResult}, keying and failed sends. */
class OtpServiceRequestTest {

    private static final String ALICE = "alice@example.com";

    private final MutableClock clock = new MutableClock();
    private final RecordingCodeSender sender = new RecordingCodeSender();

    private OtpService service(OtpPolicy policy) {
        return new OtpService(sender, policy, clock, TestSupport.seededRandom(1));
    }

    private OtpService service() {
        return service(OtpPolicy.defaults());
    }

    // --- Sent -------------------------------------------------------------------------------------

    @Test
    void sentCarriesExpiryAndResendTimeFromTheClock() {
        OtpService service = service();
        Instant now = clock.instant();

        RequestResult result = service.requestCode(ALICE);

        assertThat(result).isEqualTo(new RequestResult.Sent(now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofSeconds(30))));
        assertThat(sender.calls()).isEqualTo(1);
        RecordingCodeSender.Message message = sender.last();
        assertThat(message.address()).isEqualTo(ALICE);
        assertThat(message.code()).matches("[0-9]{6}");
        assertThat(message.validity()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void senderGetsTheTrimmedAddress() {
        service().requestCode("  alice@example.com\t");

        assertThat(sender.last().address()).isEqualTo(ALICE);
    }

    // --- Cooldown ---------------------------------------------------------------------------------

    @Test
    void secondRequestWithinCooldownIsRefusedUntilTheCooldownEnds() {
        OtpService service = service();
        Instant first = clock.instant();
        service.requestCode(ALICE);

        clock.advance(Duration.ofSeconds(29));
        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Cooldown(first.plusSeconds(30)));
        assertThat(sender.calls()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        assertThat(sender.calls()).isEqualTo(2);
    }

    @Test
    void cooldownDoesNotMoveWhenRequestsKeepComing() {
        OtpService service = service();
        Instant first = clock.instant();
        service.requestCode(ALICE);

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(5));
            assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Cooldown(first.plusSeconds(30)));
        }
    }

    // --- RateLimited ------------------------------------------------------------------------------

    @Test
    void sixthCodeWithinFifteenMinutesIsRateLimitedUntilTheFirstLeavesTheWindow() {
        OtpService service = service();
        Instant first = clock.instant();
        for (int i = 0; i < 5; i++) {
            assertThat(service.requestCode(ALICE)).as("code %d", i + 1).isInstanceOf(RequestResult.Sent.class);
            clock.advance(Duration.ofSeconds(30));
        }

        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.RateLimited(first.plus(Duration.ofMinutes(15))));
        assertThat(sender.calls()).isEqualTo(5);

        clock.set(first.plus(Duration.ofMinutes(15)).minusSeconds(1));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.RateLimited.class);

        clock.set(first.plus(Duration.ofMinutes(15)));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        assertThat(sender.calls()).isEqualTo(6);
    }

    // --- Locked -----------------------------------------------------------------------------------

    @Test
    void requestForLockedAddressIsRefusedUntilTheLockEnds() {
        OtpService service = service(OtpPolicy.defaults().withMaxFailuresPerLockWindow(3));
        Instant start = clock.instant();
        service.requestCode(ALICE);
        String wrong = TestSupport.codeOtherThan(sender.lastCode());
        service.verify(ALICE, wrong);
        service.verify(ALICE, wrong);
        assertThat(service.verify(ALICE, wrong)).isEqualTo(new VerifyResult.Locked(start.plus(Duration.ofHours(1))));
        clock.advance(Duration.ofMinutes(5));

        assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Locked(start.plus(Duration.ofHours(1))));
        assertThat(sender.calls()).isEqualTo(1);

        clock.set(start.plus(Duration.ofHours(1)));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
    }

    // --- InvalidAddress ---------------------------------------------------------------------------

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "alice", "alice@", "@example.com", "alice@localhost", "alice@example.com.",
        "alice@example..com", "al ice@example.com", "alice@example.com\r\nBcc: eve@example.com"})
    void invalidAddressSendsNothingAndTracksNothing(String address) {
        OtpService service = service();

        assertThat(service.requestCode(address)).isEqualTo(new RequestResult.InvalidAddress());
        assertThat(sender.calls()).isZero();
        assertThat(service.trackedAddresses()).isZero();
    }

    // --- Busy -------------------------------------------------------------------------------------

    @Test
    void fullStoreAnswersBusyUntilEntriesExpire() {
        OtpService service = service(OtpPolicy.defaults().withMaxEntries(3));
        Instant start = clock.instant();
        for (String address : new String[] {"a@example.com", "b@example.com", "c@example.com"}) {
            assertThat(service.requestCode(address)).isInstanceOf(RequestResult.Sent.class);
        }

        // An entry matters until one validity period after its code expired (10 + 10 minutes), so that
        // a late attempt is told "expired"; that outlasts the 15-minute quota window.
        Instant dropAt = start.plus(Duration.ofMinutes(20));
        assertThat(service.requestCode("d@example.com")).isEqualTo(new RequestResult.Busy(dropAt));
        assertThat(sender.calls()).isEqualTo(3);
        assertThat(service.trackedAddresses()).isEqualTo(3);

        clock.set(dropAt.minusSeconds(1));
        assertThat(service.requestCode("d@example.com")).isInstanceOf(RequestResult.Busy.class);

        clock.set(dropAt);
        assertThat(service.requestCode("d@example.com")).isInstanceOf(RequestResult.Sent.class);
        assertThat(service.trackedAddresses()).isEqualTo(1);
    }

    @Test
    void knownAddressIsServedEvenWhenTheStoreIsFull() {
        OtpService service = service(OtpPolicy.defaults().withMaxEntries(2));
        service.requestCode("a@example.com");
        service.requestCode("b@example.com");
        clock.advance(Duration.ofSeconds(30));

        assertThat(service.requestCode("c@example.com")).isInstanceOf(RequestResult.Busy.class);
        assertThat(service.requestCode("a@example.com")).isInstanceOf(RequestResult.Sent.class);
    }

    @Test
    void purgeExpiredDropsEntriesThatNoLongerMatter() {
        OtpService service = service(OtpPolicy.defaults().withMaxEntries(3));
        service.requestCode("a@example.com");
        service.requestCode("b@example.com");
        clock.advance(Duration.ofMinutes(5));
        service.requestCode("c@example.com");

        clock.advance(Duration.ofMinutes(15)); // a and b are 20 minutes old, c only 15
        service.purgeExpired();

        assertThat(service.trackedAddresses()).isEqualTo(1);
        assertThat(service.requestCode("c@example.com")).isInstanceOf(RequestResult.Sent.class);
    }

    @Test
    void memoryStaysBoundedUnderManyAddresses() {
        OtpService service = service(OtpPolicy.defaults().withMaxEntries(100));
        int sent = 0;
        for (int i = 0; i < 1_000; i++) {
            if (service.requestCode("user" + i + "@example.com") instanceof RequestResult.Sent) {
                sent++;
            }
            assertThat(service.trackedAddresses()).as("after request %d", i).isLessThanOrEqualTo(100);
            clock.advance(Duration.ofSeconds(13));
        }
        // Entries drop out after 20 minutes (93 requests), so room keeps being made and none is refused.
        assertThat(sent).isEqualTo(1_000);
    }

    @Test
    void memoryStaysBoundedWhenTimeStandsStill() {
        OtpService service = service(OtpPolicy.defaults().withMaxEntries(100));
        int busy = 0;
        for (int i = 0; i < 1_000; i++) {
            if (service.requestCode("user" + i + "@example.com") instanceof RequestResult.Busy) {
                busy++;
            }
            assertThat(service.trackedAddresses()).as("after request %d", i).isLessThanOrEqualTo(100);
        }
        assertThat(busy).isEqualTo(900);
        assertThat(sender.calls()).isEqualTo(100);
        assertThat(service.trackedAddresses()).isEqualTo(100);
    }

    // --- Keying -----------------------------------------------------------------------------------

    @Test
    void addressesAreKeyedCaseInsensitivelyAfterTrimming() {
        OtpService service = service();
        Instant now = clock.instant();
        service.requestCode("Alice@Example.com");

        assertThat(service.requestCode(" alice@example.COM ")).isEqualTo(new RequestResult.Cooldown(now.plusSeconds(30)));
        assertThat(service.trackedAddresses()).isEqualTo(1);
    }

    @Test
    void verifyWithDifferentlyCasedAddressWorks() {
        OtpService service = service();
        service.requestCode("Alice@Example.com");

        assertThat(service.verify("  ALICE@example.COM", sender.lastCode())).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void internationalisedDomainSharesLimitsWithItsAsciiForm() {
        OtpService service = service();
        service.requestCode("user@bücher.de");

        assertThat(sender.last().address()).isEqualTo("user@xn--bcher-kva.de");
        assertThat(service.requestCode("user@XN--BCHER-KVA.de")).isInstanceOf(RequestResult.Cooldown.class);
        assertThat(service.verify("user@xn--bcher-kva.de", sender.lastCode())).isEqualTo(new VerifyResult.Verified());
    }

    // --- Failed send ------------------------------------------------------------------------------

    @Test
    void failedSendPropagatesAndChargesNothing() {
        OtpService service = service();
        DeliveryException failure = RecordingCodeSender.connectionRefused();
        sender.failNextWith(failure);

        assertThatThrownBy(() -> service.requestCode(ALICE)).isSameAs(failure);
        assertThat(sender.calls()).isEqualTo(1);
        assertThat(service.trackedAddresses()).isZero();

        // Immediately, not after the cooldown.
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        assertThat(sender.calls()).isEqualTo(2);
    }

    @Test
    void failedSendsDoNotUseUpTheQuota() {
        OtpService service = service(OtpPolicy.defaults().withMaxCodesPerWindow(2));
        for (int i = 0; i < 5; i++) {
            sender.failNextWith(RecordingCodeSender.connectionRefused());
            assertThatThrownBy(() -> service.requestCode(ALICE)).isInstanceOf(DeliveryException.class);
        }

        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        clock.advance(Duration.ofSeconds(30));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.Sent.class);
        clock.advance(Duration.ofSeconds(30));
        assertThat(service.requestCode(ALICE)).isInstanceOf(RequestResult.RateLimited.class);
    }

    @Test
    void failedResendKeepsThePreviousCodeAndRejectsTheUndeliveredCode() {
        OtpService service = service();
        service.requestCode(ALICE);
        String previous = sender.lastCode();
        clock.advance(Duration.ofSeconds(30));

        sender.failNextWith(RecordingCodeSender.connectionRefused());
        assertThatThrownBy(() -> service.requestCode(ALICE)).isInstanceOf(DeliveryException.class);
        String undelivered = sender.lastCode();
        assertThat(sender.last().delivered()).isFalse();
        assertThat(undelivered).as("the seeded random gives two different codes").isNotEqualTo(previous);

        assertThat(service.verify(ALICE, undelivered)).isEqualTo(new VerifyResult.WrongCode(4));
        assertThat(service.verify(ALICE, previous)).isEqualTo(new VerifyResult.Verified());
    }

    @Test
    void failedResendDoesNotStartANewCooldown() {
        OtpService service = service();
        service.requestCode(ALICE);
        clock.advance(Duration.ofSeconds(30));
        sender.failNextWith(RecordingCodeSender.connectionRefused());
        assertThatThrownBy(() -> service.requestCode(ALICE)).isInstanceOf(DeliveryException.class);

        Instant retry = clock.instant();
        assertThat(service.requestCode(ALICE))
                .isEqualTo(new RequestResult.Sent(retry.plus(Duration.ofMinutes(10)), retry.plusSeconds(30)));
    }

    @Test
    void failedResendLeavesThePreviousCodeValidUntilItsOwnExpiry() {
        OtpService service = service();
        Instant first = clock.instant();
        service.requestCode(ALICE);
        String previous = sender.lastCode();
        clock.advance(Duration.ofMinutes(1));
        sender.failNextWith(RecordingCodeSender.connectionRefused());
        assertThatThrownBy(() -> service.requestCode(ALICE)).isInstanceOf(DeliveryException.class);

        clock.set(first.plus(Duration.ofMinutes(10)));
        assertThat(service.verify(ALICE, previous)).isEqualTo(new VerifyResult.Expired());
    }

    @Test
    void anyRuntimeExceptionFromTheSenderAlsoChargesNothing() {
        CodeSender broken = (address, code, validity) -> {
            throw new IllegalStateException("bug in a sender");
        };
        OtpService service = new OtpService(broken, OtpPolicy.defaults(), clock, TestSupport.seededRandom(1));

        assertThatThrownBy(() -> service.requestCode(ALICE)).isInstanceOf(IllegalStateException.class);
        assertThat(service.trackedAddresses()).isZero();
    }

    // --- A send in flight -------------------------------------------------------------------------

    /** A sender that waits, inside {@code send}, until the test lets it go. */
    private static final class GatedSender implements CodeSender {
        final RecordingCodeSender recorder = new RecordingCodeSender();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void send(String address, String code, Duration validity) {
            entered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never released the sender");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            recorder.send(address, code, validity);
        }
    }

    @Test
    void secondRequestWhileTheFirstIsBeingSentGetsCooldownAndTheServiceStaysUsable() throws Exception {
        GatedSender gated = new GatedSender();
        OtpService service = new OtpService(gated, OtpPolicy.defaults(), clock, TestSupport.seededRandom(1));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<RequestResult> first = executor.submit(() -> service.requestCode(ALICE));
            assertThat(gated.entered.await(30, TimeUnit.SECONDS)).as("sender entered").isTrue();

            Instant now = clock.advance(Duration.ofSeconds(2));
            assertThat(service.requestCode(ALICE)).isEqualTo(new RequestResult.Cooldown(now.plusSeconds(30)));
            // The store is not locked while the code travels: other addresses are served meanwhile.
            assertThat(service.verify("bob@example.com", "123456")).isEqualTo(new VerifyResult.NoActiveCode());
            // An entry with a send in flight is never purged.
            clock.advance(Duration.ofHours(2));
            service.purgeExpired();
            assertThat(service.trackedAddresses()).isEqualTo(1);

            gated.release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(new RequestResult.Sent(
                    MutableClock.DEFAULT_START.plus(Duration.ofMinutes(10)), MutableClock.DEFAULT_START.plusSeconds(30)));
            assertThat(gated.recorder.calls()).isEqualTo(1);
        } finally {
            gated.release.countDown();
            executor.shutdownNow();
        }
    }
}
