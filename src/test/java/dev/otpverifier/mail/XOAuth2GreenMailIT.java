package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XOAUTH2 over implicit TLS against GreenMail, which takes the access token as the user's
 * password: codes, test messages and the kept connection sign in with the token source's token, and
 * a refused token is renewed exactly once.
 *
 * <p>GreenMail reads XOAUTH2 only in the one-line form ({@code AUTH XOAUTH2 <response>}, lines up to
 * 4096 characters), so its tokens here are Google-sized; the two-line form is tested against
 * subethasmtp ({@link XOAuth2StartTlsIT}) and the scripted server ({@link XOAuth2ScriptedIT}).
 */
class XOAuth2GreenMailIT {

    private static final String ACCOUNT = "sender@example.com";
    private static final String GOOD = FakeTokens.googleLike(220, 100);
    private static final String STALE = FakeTokens.googleLike(220, 101);
    private static final String ALSO_STALE = FakeTokens.googleLike(220, 102);

    private GreenMail greenMail;
    private SmtpSettings settings;

    @BeforeEach
    void start() {
        DemoCertificate certificate = GreenMailTls.certificate(); // shared: GreenMail reads it once per JVM
        greenMail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(ACCOUNT, GOOD));
        greenMail.start();
        settings = SmtpSettings.of("127.0.0.1", greenMail.getSmtps().getPort(), TransportSecurity.SSL, "", "", ACCOUNT)
                .withTrustCertificate(certificate.certificate())
                .withTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private SmtpCodeSender sender(FakeTokens tokens) {
        return new SmtpCodeSender(settings.withAccessTokens(tokens), Locale.ENGLISH, Clock.systemUTC());
    }

    @Test
    void aCodeIsSentSignedInWithTheToken() throws Exception {
        FakeTokens tokens = FakeTokens.of(ACCOUNT, GOOD);
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (SmtpCodeSender sender = new SmtpCodeSender(settings.withAccessTokens(tokens), Locale.ENGLISH,
                Clock.systemUTC(), new PrintStream(trace, true, StandardCharsets.UTF_8))) {
            sender.send("alice@example.com", "480213", Duration.ofMinutes(10));
        }

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage message = greenMail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("480213 is your verification code");
        assertThat(tokens.fetches()).isEqualTo(1);
        assertThat(tokens.renewals()).isZero();
        String shown = trace.toString(StandardCharsets.UTF_8);
        assertThat(shown).contains("Using mechanism XOAUTH2", "AUTH XOAUTH2 succeeded").doesNotContain(GOOD);
    }

    @Test
    void aWrongTokenIsRefusedAndRenewedExactlyOnce() {
        FakeTokens tokens = FakeTokens.of(ACCOUNT, STALE, ALSO_STALE, GOOD);

        assertThatThrownBy(() -> {
            try (SmtpCodeSender sender = sender(tokens)) {
                sender.send("alice@example.com", "123456", Duration.ofMinutes(10));
            }
        }).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(e.getMessage()).startsWith("The mail server 127.0.0.1 did not accept your sign-in")
                    .contains("Sign in again in Mail settings.", "535 5.7.8")
                    .doesNotContain(STALE).doesNotContain(ALSO_STALE).doesNotContain("app password");
        });
        assertThat(tokens.renewals()).as("one renewal, no loop").isEqualTo(1);
        assertThat(tokens.rejected()).containsExactly(STALE);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Test
    void aRefusedTokenThenARenewedGoodOneSends() throws Exception {
        FakeTokens tokens = FakeTokens.of(ACCOUNT, STALE, GOOD);

        try (SmtpCodeSender sender = sender(tokens)) {
            sender.send("alice@example.com", "123456", Duration.ofMinutes(10));
        }

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(tokens.renewals()).isEqualTo(1);
        assertThat(tokens.rejected()).containsExactly(STALE);
    }

    @Test
    void theConnectionTestAndTheTestMessageSignInTheSameWay() throws Exception {
        try (SmtpCodeSender sender = sender(FakeTokens.of(ACCOUNT, GOOD))) {
            sender.testConnection();
            assertThat(greenMail.getReceivedMessages()).isEmpty();
            sender.sendTestMessage();
        }
        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        assertThat(greenMail.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo(ACCOUNT);

        FakeTokens refused = FakeTokens.of(ACCOUNT, STALE);
        try (SmtpCodeSender sender = sender(refused)) {
            assertThatThrownBy(sender::testConnection).isInstanceOfSatisfying(DeliveryException.class,
                    e -> assertThat(e.getMessage()).contains("Sign in again in Mail settings."));
        }
        assertThat(refused.renewals()).isEqualTo(1);
    }

    @Test
    void theKeptConnectionSignsInOnceForTwoSends() throws Exception {
        FakeTokens tokens = FakeTokens.of(ACCOUNT, STALE, GOOD);
        try (SmtpCodeSender sender = sender(tokens)) {
            sender.prepare();
            for (int i = 0; i < 500 && !sender.isPrepared(); i++) {
                Thread.sleep(10);
            }
            assertThat(sender.isPrepared()).as("opened in the background, after one renewal").isTrue();

            sender.send("a@example.com", "111111", Duration.ofMinutes(10));
            sender.send("b@example.com", "222222", Duration.ofMinutes(10));
        }

        assertThat(greenMail.waitForIncomingEmail(5_000, 2)).isTrue();
        assertThat(tokens.fetches()).as("one connection, one token").isEqualTo(1);
        assertThat(tokens.renewals()).isEqualTo(1);
    }

    @Test
    void aSignInNeverGoesWithoutTlsEither() {
        GreenMail plain = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(ACCOUNT, GOOD));
        plain.start();
        try {
            SmtpSettings withoutTls = SmtpSettings.of("127.0.0.1", plain.getSmtp().getPort(), TransportSecurity.STARTTLS,
                    "", "", ACCOUNT).withTimeout(Duration.ofSeconds(5)).withAccessTokens(FakeTokens.of(ACCOUNT, GOOD));

            assertThatThrownBy(() -> new SmtpCodeSender(withoutTls, Locale.ENGLISH, Clock.systemUTC())
                    .send("alice@example.com", "123456", Duration.ofMinutes(10)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.STARTTLS_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("does not offer STARTTLS");
                    });
            assertThat(plain.getReceivedMessages()).as("no token and no code in plain text").isEmpty();
        } finally {
            plain.stop();
        }
    }
}
