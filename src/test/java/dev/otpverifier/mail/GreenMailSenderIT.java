package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Message content, headers and authentication against GreenMail, and the refusal to talk to a server
 * without STARTTLS (GreenMail's plain SMTP does not offer it).
 */
class GreenMailSenderIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:15:30Z"), ZoneOffset.UTC);

    private GreenMail greenMail;

    @AfterEach
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void refusesAServerThatDoesNotOfferStartTls() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("user@example.com", "secret"));
        greenMail.start();
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", greenMail.getSmtp().getPort(), TransportSecurity.STARTTLS,
                "user@example.com", "secret", "user@example.com").withTimeout(Duration.ofSeconds(5));

        assertThatThrownBy(() -> new SmtpCodeSender(settings, Locale.ENGLISH, CLOCK)
                .send("alice@example.com", "123456", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.STARTTLS_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("does not offer STARTTLS").contains("port 587");
                });
        assertThat(greenMail.getReceivedMessages()).as("nothing may be sent in plain text").isEmpty();
    }

    /** GreenMail over implicit TLS, presenting a certificate that only this test trusts. */
    private SmtpSettings startSmtpsWithOwnCertificate() throws Exception {
        DemoCertificate certificate = GreenMailTls.certificate(); // shared: GreenMail reads it once per JVM
        greenMail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("sender@example.com", "s3cret"));
        greenMail.start();
        return new SmtpSettings("127.0.0.1", greenMail.getSmtps().getPort(), TransportSecurity.SSL,
                "sender@example.com", "s3cret", certificate.certificate(), Duration.ofSeconds(5),
                "sender@example.com", "Acme Sign-in", SmtpSettings.DEFAULT_RETRY_BACKOFF);
    }

    @Test
    void messageHasBothPartsTheCodeAndTheHeadersARecipientNeeds() throws Exception {
        SmtpSettings settings = startSmtpsWithOwnCertificate();

        new SmtpCodeSender(settings, Locale.ENGLISH, CLOCK).send("alice@example.com", "004217", Duration.ofMinutes(10));

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage message = greenMail.getReceivedMessages()[0];
        assertThat(message.getSubject()).isEqualTo("004217 is your verification code");
        InternetAddress from = (InternetAddress) message.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo("sender@example.com");
        assertThat(from.getPersonal()).isEqualTo("Acme Sign-in");
        assertThat(message.getAllRecipients()).extracting(Object::toString).containsExactly("alice@example.com");
        assertThat(message.getSentDate()).isEqualTo(java.util.Date.from(CLOCK.instant()));
        assertThat(message.getMessageID()).matches("<.+@.+>");
        assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(message.getContentType()).startsWith("multipart/alternative");

        Multipart parts = (Multipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").contains("UTF-8");
        String text = (String) parts.getBodyPart(0).getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        for (String body : new String[] {text, html}) {
            assertThat(body).contains("004217").contains("valid for 10 minutes")
                    .contains("Never share this code").contains("Did not request this code?");
        }
        assertThat(html).contains("Acme Sign-in");
    }

    @Test
    void displayNameWithMarkupIsEscapedInTheHtmlPart() throws Exception {
        SmtpSettings settings = startSmtpsWithOwnCertificate().withFromName("<script>alert(1)</script> & Co");

        new SmtpCodeSender(settings, Locale.ENGLISH, CLOCK).send("alice@example.com", "123456", Duration.ofMinutes(10));

        assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
        Multipart parts = (Multipart) greenMail.getReceivedMessages()[0].getContent();
        String html = (String) parts.getBodyPart(1).getContent();
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co");
    }

    @Test
    void logsInWithTheConfiguredUserAndRefusesAWrongPassword() throws Exception {
        SmtpSettings settings = startSmtpsWithOwnCertificate();

        new SmtpCodeSender(settings, Locale.ENGLISH, CLOCK).testConnection();
        assertThatThrownBy(() -> new SmtpCodeSender(settings.withPassword("wrong"), Locale.ENGLISH, CLOCK)
                .send("alice@example.com", "123456", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION));
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }
}
