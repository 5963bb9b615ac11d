package dev.otpverifier.mail;

import dev.otpverifier.otp.Codes;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;

/**
 * Builds the verification email: multipart/alternative with a plain-text and an HTML part.
 *
 * <p>Headers: From with a display name, To, Subject with the code, Date, Message-ID (set when the
 * message is saved), {@code Auto-Submitted: auto-generated} (RFC 3834, so auto-responders stay
 * quiet) and {@code X-Auto-Response-Suppress: All} for Exchange. Texts come from the
 * {@code MailText} resource bundle. Stateless and thread safe.
 */
public final class MessageComposer {

    private static final String HTML_TEMPLATE = loadTemplate();

    private final Locale locale;
    private final Clock clock;

    /**
     * Creates a composer.
     *
     * @param locale the language of the texts
     * @param clock the source of the Date header
     */
    public MessageComposer(Locale locale, Clock clock) {
        this.locale = locale;
        this.clock = clock;
    }

    /**
     * The verification message for one code.
     *
     * @param session the Jakarta Mail session the message belongs to
     * @param settings the sender's address and name
     * @param recipient the recipient, already checked by {@link #recipient(String)}
     * @param code six ASCII digits
     * @param validity how long the code is valid
     * @return a message ready for {@code Transport.sendMessage}
     * @throws MessagingException when Jakarta Mail refuses a header
     */
    public MimeMessage verification(Session session, SmtpSettings settings, InternetAddress recipient, String code,
            Duration validity) throws MessagingException {
        if (!Codes.isWellFormed(code)) {
            throw new IllegalArgumentException("code must be six ASCII digits");
        }
        ResourceBundle text = ResourceBundle.getBundle("dev.otpverifier.mail.MailText", locale);
        Object[] arguments = {code, validity.toMinutes(), displayName(settings)};
        String validityText = format(text, "validity", arguments);
        Object[] withValidity = {validityText, validity.toMinutes(), displayName(settings)};

        String plain = String.join("\r\n",
                format(text, "intro", arguments),
                "",
                "    " + code,
                "",
                format(text, "valid", withValidity),
                "",
                format(text, "neverShare", arguments),
                "",
                format(text, "notRequested", arguments),
                "",
                "-- ",
                format(text, "footer", arguments),
                "");
        String html = HTML_TEMPLATE;
        for (Map.Entry<String, String> entry : Map.of(
                "heading", format(text, "heading", arguments),
                "intro", format(text, "intro", arguments),
                "code", code,
                "valid", format(text, "valid", withValidity),
                "neverShare", format(text, "neverShare", arguments),
                "notRequested", format(text, "notRequested", arguments),
                "footer", format(text, "footer", arguments)).entrySet()) {
            html = html.replace("{{" + entry.getKey() + "}}", escapeHtml(entry.getValue()));
        }

        MimeMessage message = base(session, settings, recipient, format(text, "subject", arguments));
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(plain, StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(textPart);
        alternative.addBodyPart(htmlPart);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /**
     * A short plain-text message that proves the settings work, sent to the From address.
     *
     * @throws MessagingException when Jakarta Mail refuses a header
     */
    public MimeMessage test(Session session, SmtpSettings settings) throws MessagingException {
        ResourceBundle text = ResourceBundle.getBundle("dev.otpverifier.mail.MailText", locale);
        InternetAddress to = recipient(settings.fromAddress());
        MimeMessage message = base(session, settings, to, text.getString("testSubject"));
        message.setText(text.getString("testBody") + "\r\n", StandardCharsets.UTF_8.name(), "plain");
        message.saveChanges();
        return message;
    }

    /**
     * Parses an address strictly (RFC 822 syntax, no display name, no groups, no line breaks).
     *
     * @throws AddressException when the address is not acceptable
     */
    public static InternetAddress recipient(String address) throws AddressException {
        if (address == null || address.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new AddressException("The address contains control characters", String.valueOf(address));
        }
        InternetAddress parsed = new InternetAddress(address, true);
        parsed.validate();
        if (parsed.isGroup() || parsed.getPersonal() != null || !parsed.getAddress().equals(address.strip())) {
            throw new AddressException("Only a bare address is accepted", address);
        }
        return parsed;
    }

    private MimeMessage base(Session session, SmtpSettings settings, InternetAddress to, String subject)
            throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        try {
            message.setFrom(new InternetAddress(settings.fromAddress(), displayName(settings),
                    StandardCharsets.UTF_8.name()));
        } catch (java.io.UnsupportedEncodingException impossible) {
            throw new AssertionError("UTF-8 is always supported", impossible);
        }
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("Auto-Submitted", "auto-generated");
        message.setHeader("X-Auto-Response-Suppress", "All");
        return message;
    }

    private static String displayName(SmtpSettings settings) {
        String name = settings.fromName().strip();
        return name.isEmpty() ? "OTP Verifier" : name;
    }

    private String format(ResourceBundle bundle, String key, Object[] arguments) {
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }

    static String escapeHtml(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String loadTemplate() {
        try (InputStream in = MessageComposer.class.getResourceAsStream("MailText.html")) {
            if (in == null) {
                throw new IllegalStateException("MailText.html is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
