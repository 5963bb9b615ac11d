package dev.otpverifier.mail;

import dev.otpverifier.otp.CodeSender;
import dev.otpverifier.otp.DeliveryException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.URLName;
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
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * Sends codes through an SMTP server with Jakarta Mail, always over TLS.
 *
 * <p>A send connects, upgrades the connection (STARTTLS) or starts in TLS, checks the certificate
 * and host name, logs in and sends; the connection is then kept for the next send (a resend) and
 * closed after {@link #IDLE_TIMEOUT}. {@link #prepare()} opens it ahead of time, so that a click only
 * sends; a kept connection the server dropped is noticed and replaced without the caller knowing. Connecting, reading and writing are each
 * bounded by {@link SmtpSettings#timeout()} (Jakarta Mail's own defaults are infinite). A message the
 * server refuses temporarily (4xx) is retried after each pause of
 * {@link SmtpSettings#retryBackoff()}; permanent refusals (5xx) are not retried.
 *
 * <p>With {@link SmtpSettings#oauth()} the login is SASL XOAUTH2 and nothing else (Google's and
 * Microsoft's "sign in with your account"): the token comes from the {@link AccessTokenSource} for
 * each new connection, a refused token is renewed once (see {@link XOAuth2Transport} for the wire
 * details), and a {@link DeliveryException} from the token source reaches the caller unchanged.
 *
 * <p>Thread safe: every send uses its own connection. The TLS context is built on the first use, not
 * in the constructor, so creating a sender costs nothing at start-up.
 */
public final class SmtpCodeSender implements CodeSender, AutoCloseable {

    /** How long a kept connection may stay idle before it is closed. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private static final int WARM_UP_ROUNDS = 40;

    /** RFC 6750 section 2.1: {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private static final Logger LOG = System.getLogger("dev.otpverifier.mail");

    private final SmtpSettings settings;
    private final MessageComposer composer;
    private final Locale locale;
    private final PrintStream debugOut;
    private final ConnectionKeeper keeper;
    private volatile Session session;
    private volatile SSLContext sslContext;

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
     * troubleshooting; the trace never shows the password or access token, which Jakarta Mail leaves
     * out and {@link MessageContentFilter} masks as well, nor the message content, which holds the
     * code).
     */
    public SmtpCodeSender(SmtpSettings settings, Locale locale, Clock clock, PrintStream debugOut) {
        this(settings, locale, clock, debugOut, IDLE_TIMEOUT);
    }

    /** For tests: a sender whose kept connection is closed after {@code idleTimeout} instead of 60 s. */
    SmtpCodeSender(SmtpSettings settings, Locale locale, Clock clock, PrintStream debugOut, Duration idleTimeout) {
        this.keeper = new ConnectionKeeper(this::openTransport, Objects.requireNonNull(idleTimeout, "idleTimeout"));
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
        try {
            openTransport().close(); // connected, secured, checked and logged in: that was the test
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
                sendOnce(source.create());
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

    /** Sends over the kept connection if it is alive, otherwise over a new one, and keeps that one. */
    private void sendOnce(MimeMessage message) throws MessagingException {
        // The opening has its own timeouts; the margin only keeps this wait from giving up a moment before it.
        Transport kept = keeper.take(settings.timeout().multipliedBy(2));
        if (kept != null) {
            try {
                kept.sendMessage(message, message.getAllRecipients());
                keeper.keep(kept);
                return;
            } catch (MessagingException e) {
                ConnectionKeeper.closeQuietly(kept);
                if (SmtpErrors.replyCode(e) > 0 || SmtpErrors.isTimeout(e)) {
                    // The server answered (a real refusal), or the time is up: a new connection
                    // would only double the wait. Only a connection that broke off is replaced.
                    throw e;
                }
                LOG.log(Level.INFO, "The kept connection to {0} broke ({1}); sending over a new one",
                        settings.host(), e.getClass().getSimpleName());
            }
        }
        Transport fresh = openTransport();
        boolean sent = false;
        try {
            fresh.sendMessage(message, message.getAllRecipients());
            sent = true;
        } finally {
            if (sent) {
                keeper.keep(fresh);
            } else {
                ConnectionKeeper.closeQuietly(fresh);
            }
        }
    }

    /**
     * A connected, secured and logged-in transport. With OAuth 2.0 the token source is asked for a
     * token here, on the calling worker thread; a token the server refuses is renewed once and tried
     * once more on a new connection (the server closes the first), and a second refusal is the
     * answer, so that a sign-in that no longer works never loops.
     */
    private Transport openTransport() throws MessagingException {
        Optional<AccessTokenSource> oauth = settings.oauth();
        if (oauth.isEmpty()) {
            return open(session().getTransport("smtp"), settings.password());
        }
        AccessTokenSource tokens = oauth.get();
        String token = usable(tokens.accessToken());
        try {
            return open(signInTransport(), token);
        } catch (SignInRefusedException refused) {
            if (!SmtpErrors.isTokenRefused(refused)) {
                throw refused;
            }
            LOG.log(Level.INFO, "Mail server {0} refused the access token (reply {1}); trying once more with a "
                    + "renewed one", settings.host(), Integer.toString(SmtpErrors.replyCode(refused)));
            // Servers slow down logins after a failure (Dovecot: 2 s, then a per-address penalty of up
            // to 15 s after repeated failures); that wait counts against the read timeout.
            return open(signInTransport(), usable(tokens.renewedAccessToken(token)));
        }
    }

    private Transport open(Transport transport, String secret) throws MessagingException {
        try {
            if (settings.authenticates()) {
                transport.connect(settings.host(), settings.port(), settings.username(), secret);
            } else {
                transport.connect(settings.host(), settings.port(), null, null);
            }
            return transport;
        } catch (MessagingException | RuntimeException e) {
            ConnectionKeeper.closeQuietly(transport);
            throw e;
        }
    }

    private Transport signInTransport() {
        return new XOAuth2Transport(session(), new URLName("smtp", settings.host(), settings.port(), null, null, null));
    }

    /**
     * The token if it can go into an XOAUTH2 response: RFC 6750's b64token characters only, so that
     * no control character can end the response early or add a field to it.
     */
    private String usable(String token) {
        if (token == null || !BEARER_TOKEN.matcher(token).matches()) {
            throw SmtpErrors.unusableToken(settings, locale);
        }
        return token;
    }

    /**
     * Opens a connection in the background (connect, STARTTLS, certificate check, login), so that
     * the next {@link #send} only has to send. Returns at once. A connection the server drops
     * meanwhile is noticed and replaced at send time; an idle one is closed after
     * {@link #IDLE_TIMEOUT}.
     */
    @Override
    public void prepare() {
        keeper.prepare();
    }

    /** Whether a connection is open and logged in, ready for the next send. */
    public boolean isPrepared() {
        return keeper.hasIdleConnection();
    }

    /** Closes the kept connection, if any; the next send opens a new one. */
    public void closeIdleConnection() {
        keeper.closeIdle();
    }

    /**
     * Does the slow one-time work of the first send ahead of time: loads the trust store, the mail
     * and MIME classes and the TLS key exchange. Call it on a background thread after start-up.
     */
    public void warmUp() {
        Session mailSession = session();
        try {
            InternetAddress someone = new InternetAddress("warm-up@example.com");
            // Enough rounds for the JIT compiler to pick up composing and encoding (a few ms in all).
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                composer.verification(mailSession, settings, someone, "000000", Duration.ofMinutes(10))
                        .writeTo(java.io.OutputStream.nullOutputStream());
            }
            javax.net.ssl.SSLEngine engine = sslContext.createSSLEngine(settings.host(), settings.port());
            engine.setUseClientMode(true);
            engine.beginHandshake();
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(java.nio.ByteBuffer.allocate(0), out); // builds a ClientHello with its key shares
        } catch (MessagingException | IOException e) {
            LOG.log(Level.DEBUG, "Warm-up step failed: {0}", e.getClass().getName());
        }
    }

    /** Closes the kept connection and its background thread. */
    @Override
    public void close() {
        keeper.close();
    }

    private void sleep(Duration pause, MessagingException cause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw SmtpErrors.translate(cause, settings, settings.fromAddress(), locale);
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
        sslContext = context;
        String timeout = Long.toString(settings.timeout().toMillis());
        Properties props = new Properties();
        props.put("mail.smtp.host", settings.host());
        props.put("mail.smtp.port", Integer.toString(settings.port()));
        props.put("mail.smtp.auth", Boolean.toString(settings.authenticates()));
        if (settings.oauth().isPresent()) {
            // Angus's XOAUTH2 authenticator and no other: a refused token must never turn into a
            // PLAIN or LOGIN attempt with the token as a password. SASL stays off so that Angus's
            // own exchange (whose trace it hides) is the one XOAuth2Transport adjusts.
            props.put("mail.smtp.auth.mechanisms", "XOAUTH2");
            props.put("mail.smtp.sasl.enable", "false");
        }
        props.put("mail.smtp.connectiontimeout", timeout);
        props.put("mail.smtp.timeout", timeout);
        props.put("mail.smtp.writetimeout", timeout);
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        props.put("mail.smtp.ssl.protocols", "TLSv1.3 TLSv1.2");
        props.put("mail.smtp.ssl.socketFactory", new TlsSockets.NoDelaySslSocketFactory(context.getSocketFactory()));
        props.put("mail.smtp.from", settings.fromAddress());
        // Message-IDs are made from this address; without it Jakarta Mail asks the resolver for the
        // local host name on every message.
        props.put("mail.from", settings.fromAddress());
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
