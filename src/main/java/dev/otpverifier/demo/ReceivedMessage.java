package dev.otpverifier.demo;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * A message the demo server received, as the recipient would see it.
 *
 * @param receivedAt when it arrived
 * @param envelopeFrom the MAIL FROM address
 * @param envelopeTo the RCPT TO address
 * @param subject the decoded Subject header
 * @param from the decoded From header
 * @param text the text/plain part, or empty
 * @param html the text/html part, or empty
 * @param raw the message as received, for tests and for "show source"
 */
public record ReceivedMessage(Instant receivedAt, String envelopeFrom, String envelopeTo, String subject, String from,
        String text, String html, byte[] raw) {

    private static final Session PARSING_SESSION = Session.getInstance(new Properties());

    /** Checks that nothing is missing. */
    public ReceivedMessage {
        Objects.requireNonNull(receivedAt, "receivedAt");
        envelopeFrom = Objects.requireNonNullElse(envelopeFrom, "");
        envelopeTo = Objects.requireNonNullElse(envelopeTo, "");
        subject = Objects.requireNonNullElse(subject, "");
        from = Objects.requireNonNullElse(from, "");
        text = Objects.requireNonNullElse(text, "");
        html = Objects.requireNonNullElse(html, "");
        raw = raw.clone();
    }

    /** A copy of the message as received. */
    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /**
     * Parses a received message.
     *
     * @param receivedAt when it arrived
     * @param envelopeFrom the MAIL FROM address
     * @param envelopeTo the RCPT TO address
     * @param raw the bytes after DATA
     * @return the message; parts that cannot be read are left empty
     */
    public static ReceivedMessage parse(Instant receivedAt, String envelopeFrom, String envelopeTo, byte[] raw) {
        String subject = "";
        String from = "";
        String[] bodies = {"", ""};
        try {
            MimeMessage message = new MimeMessage(PARSING_SESSION, new ByteArrayInputStream(raw));
            subject = Objects.requireNonNullElse(message.getSubject(), "");
            from = message.getFrom() == null ? "" : String.join(", ", List.of(message.getFrom()).stream()
                    .map(Object::toString).toList());
            collect(message, bodies);
        } catch (MessagingException | IOException e) {
            bodies[0] = "(This message could not be read: " + e.getClass().getSimpleName() + ")";
        }
        return new ReceivedMessage(receivedAt, envelopeFrom, envelopeTo, subject, from, bodies[0], bodies[1], raw);
    }

    private static void collect(Part part, String[] bodies) throws MessagingException, IOException {
        if (part.isMimeType("text/plain") && bodies[0].isEmpty()) {
            bodies[0] = String.valueOf(part.getContent());
        } else if (part.isMimeType("text/html") && bodies[1].isEmpty()) {
            bodies[1] = String.valueOf(part.getContent());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collect(child, bodies);
            }
        }
    }
}
