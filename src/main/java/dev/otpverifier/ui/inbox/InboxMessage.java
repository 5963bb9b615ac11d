package dev.otpverifier.ui.inbox;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of the demo inbox.
 *
 * @param receivedAt when it arrived
 * @param to the recipient
 * @param from the From header
 * @param subject the subject
 * @param text the plain-text part
 * @param html the HTML part, or empty
 */
public record InboxMessage(Instant receivedAt, String to, String from, String subject, String text, String html) {
    /** Checks that nothing is missing. */
    public InboxMessage {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
    }
}
