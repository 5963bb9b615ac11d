package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageComposer}: a composed message is finished when it is handed over (its Message-ID
 * and MIME headers are set, as its javadoc promises), for the verification and the test message alike.
 */
class MessageComposerTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final SmtpSettings SETTINGS = SmtpSettings.of("smtp.example.com", 587, TransportSecurity.STARTTLS,
            "", "", "sender@example.com").withFromName("Example Shop");
    private static final MessageComposer COMPOSER = new MessageComposer(Locale.ENGLISH, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Session session() {
        Properties properties = new Properties();
        properties.put("mail.from", "sender@example.com");
        return Session.getInstance(properties);
    }

    @Test
    void theVerificationMessageHasItsMessageIdAndMimeHeadersBeforeItIsSent() throws Exception {
        MimeMessage message = COMPOSER.verification(session(), SETTINGS, new InternetAddress("ann@example.com"),
                "042042", Duration.ofMinutes(10));

        assertThat(message.getMessageID()).matches("<[^<>@]+@[^<>@]+>");
        assertThat(message.getContentType()).startsWith("multipart/alternative;").contains("boundary=");
        assertThat(message.getHeader("MIME-Version", null)).isEqualTo("1.0");
        assertThat(message.getSubject()).isEqualTo("042042 is your verification code");
        assertThat(message.getSentDate()).isEqualTo(Date.from(NOW));
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("ann@example.com");
        assertThat(message.getFrom()).extracting(Object::toString).containsExactly("Example Shop <sender@example.com>");
    }

    @Test
    void theTestMessageGoesToTheFromAddressAndIsFinishedToo() throws Exception {
        MimeMessage message = COMPOSER.test(session(), SETTINGS);

        assertThat(message.getMessageID()).matches("<[^<>@]+@[^<>@]+>");
        assertThat(message.getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("sender@example.com");
        assertThat(message.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(message.getHeader("X-Auto-Response-Suppress", null)).isEqualTo("All");
    }

    @Test
    void twoMessagesHaveTwoMessageIds() throws Exception {
        InternetAddress ann = new InternetAddress("ann@example.com");

        assertThat(COMPOSER.verification(session(), SETTINGS, ann, "111111", Duration.ofMinutes(10)).getMessageID())
                .isNotEqualTo(COMPOSER.verification(session(), SETTINGS, ann, "111111", Duration.ofMinutes(10))
                        .getMessageID());
    }
}
