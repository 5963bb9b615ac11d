package dev.otpverifier.mail;

import dev.otpverifier.otp.CodeSender;
import dev.otpverifier.otp.DeliveryException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import javax.net.ssl.SSLContext;

/**
 * Sends codes through an SMTP server with Jakarta Mail, always over TLS.
 *
 * <p>Each send opens a connection, upgrades it (STARTTLS) or starts in TLS, checks the certificate
 * and host name, logs in, sends one message and closes. Connecting, reading and writing are each
 * bounded by {@link SmtpSettings#timeout()} (Jakarta Mail's own defaults are infinite). A message the
 * server refuses temporarily (4xx) is retried after each pause of
 * {@link SmtpSettings#retryBackoff()}; permanent refusals (5xx) are not retried.
 *
 * <p>Thread safe: every send uses its own connection. The TLS context is built on the first use, not
 * in the constructor, so creating a sender costs nothing at start-up.
 */
public final class SmtpCodeSender implements CodeSender {

    private static final Logger LOG = System.getLogger("dev.otpverifier.mail");

    private final SmtpSettings settings;
    private final MessageComposer composer;
    private final Locale locale;
    private final PrintStream debugOut;
    private volatile Session session;

    /**
     * Creates a sender.
     *
     * @param settings the server and the login
     * @param locale the language of the message and of error messages
     * @param clock the source of the Date header
     */
    public SmtpCodeSender(SmtpSettings settings, Locale locale, Clock clock) {
        this(settings, locale, clock, null);
    }

    /**
     * Creates a sender that writes Jakarta Mail's protocol trace to {@code debugOut} (for
     * troubleshooting; the trace never shows the password, which Jakarta Mail masks, nor the message
     * content, which holds the code: see {@link MessageContentFilter}).
     */
    public SmtpCodeSender(SmtpSettings settings, Locale locale, Clock clock, PrintStream debugOut) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.locale = Objects.requireNonNull(locale, "locale");
        this.composer = new MessageComposer(locale, clock);
        this.debugOut = debugOut == null ? null : MessageContentFilter.wrap(debugOut);
    }

    /** The settings this sender uses. */
    public SmtpSettings settings() {
        return settings;
    }

    @Override
    public void send(String address, String code, Duration validity) {
        InternetAddress recipient;
        try {
            recipient = MessageComposer.recipient(address);
        } catch (AddressException e) {
            throw SmtpErrors.invalidRecipient(e, settings, address, locale);
        }
        Session mailSession = session();
        deliver(address, () -> composer.verification(mailSession, settings, recipient, code, validity));
    }

    /**
     * Connects, secures the connection, checks the certificate and logs in, then disconnects without
     * sending anything.
     *
     * @throws DeliveryException with a plain message when any step fails
     */
    public void testConnection() {
        Session mailSession = session();
        try (Transport transport = mailSession.getTransport("smtp")) {
            connect(transport);
        } catch (MessagingException e) {
            throw SmtpErrors.translate(e, settings, settings.fromAddress(), locale);
        }
    }

    /**
     * Sends a short test message to the From address.
     *
     * @throws DeliveryException with a plain message when it could not be sent
     */
    public void sendTestMessage() {
        Session mailSession = session();
        deliver(settings.fromAddress(), () -> composer.test(mailSession, settings));
    }

    @FunctionalInterface
    private interface MessageSource {
        MimeMessage create() throws MessagingException;
    }

    private void deliver(String recipientForErrors, MessageSource source) {
        int attempt = 0;
        while (true) {
            try {
                MimeMessage message = source.create();
                try (Transport transport = session().getTransport("smtp")) {
                    connect(transport);
                    transport.sendMessage(message, message.getAllRecipients());
                }
                return;
            } catch (MessagingException e) {
                if (SmtpErrors.isTemporary(e) && attempt < settings.retryBackoff().size()) {
                    Duration pause = settings.retryBackoff().get(attempt);
                    attempt++;
                    LOG.log(Level.INFO, "Mail server {0} refused temporarily (reply {1}); retry {2} in {3} ms",
                            settings.host(), Integer.toString(SmtpErrors.replyCode(e)), Integer.toString(attempt),
                            Long.toString(pause.toMillis()));
                    sleep(pause, e);
                    continue;
                }
                throw SmtpErrors.translate(e, settings, recipientForErrors, locale);
            }
        }
    }

    private void sleep(Duration pause, MessagingException cause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw SmtpErrors.translate(cause, settings, settings.fromAddress(), locale);
        }
    }

    private void connect(Transport transport) throws MessagingException {
        if (settings.authenticates()) {
            transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
        } else {
            transport.connect(settings.host(), settings.port(), null, null);
        }
    }

    private Session session() {
        Session current = session;
        if (current == null) {
            synchronized (this) {
                current = session;
                if (current == null) {
                    current = Session.getInstance(properties());
                    if (debugOut != null) {
                        current.setDebugOut(debugOut);
                        current.setDebug(true);
                    }
                    session = current;
                }
            }
        }
        return current;
    }

    private Properties properties() {
        SSLContext context;
        try {
            context = TlsSockets.context(settings.trustCertificateFile());
        } catch (IOException | GeneralSecurityException e) {
            throw SmtpErrors.trustFile(e, settings, locale);
        }
        String timeout = Long.toString(settings.timeout().toMillis());
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.host());
        props.put("mail.smtp.port", Integer.toString(settings.port()));
        props.put("mail.smtp.auth", Boolean.toString(settings.authenticates()));
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        props.put("mail.smtp.ssl.socketFactory", new TlsSockets.NoDelaySslSocketFactory(context.getSocketFactory()));
        props.put("mail.smtp.from", settings.fromAddress());
        switch (settings.security()) {
            case STARTTLS -> {
                props.put("mail.smtp.starttls.enable", "true");
                props.put("mail.smtp.starttls.required", "true");
                props.put("mail.smtp.socketFactory", new TlsSockets.NoDelaySocketFactory());
                props.put("mail.smtp.socketFactory.fallback", "false");
            }
            case SSL -> props.put("mail.smtp.ssl.enable", "true");
        }
        return props;
    }
}
