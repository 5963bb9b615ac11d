package dev.otpverifier.mail;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport with the parts of SASL XOAUTH2 that Angus Mail 2.0.5 lacks: the
 * two-line form for long tokens, and the reply to a server's error challenge.
 *
 * <p>Angus's own XOAUTH2 authenticator (enabled by {@code mail.smtp.auth.mechanisms=XOAUTH2}) builds
 * the initial response and hides the whole exchange from the protocol trace; this class only changes
 * how that one command goes over the wire, by overriding {@link #simpleCommand(String)}, which the
 * authenticator calls:
 * <ul>
 * <li>Angus always sends {@code AUTH XOAUTH2 <initial response>} on one line. RFC 4954 section 4
 * forbids that when the line would exceed the SMTP command line limit, 512 octets with CRLF
 * (RFC 5321 section 4.5.3.1.4), and real servers refuse such lines (Gmail: {@code 555-5.5.2 Syntax
 * error, command line too long}, angus-mail issue 201; Dovecot 2.3.19: {@code 500 5.5.2 Line too
 * long} from a 1000-character token on, measured).
 * Longer lines are sent as {@code AUTH XOAUTH2}, and the response after the server's {@code 334}.
 * <li>A server that refuses the token answers {@code 334 <base64 JSON>} and expects an empty line
 * before its final {@code 5xx}. Angus answers that {@code 334} by dropping the connection. Here the
 * JSON is kept ({@link BearerChallenge}) and the empty line sent, so the server's own refusal is
 * what the person sees.
 * </ul>
 * A sign-in never falls back to another mechanism, and never goes on without one: a server that
 * offers no AUTH at all is treated like one that offers no XOAUTH2 (Angus would send without
 * signing in). Failures are {@link SignInRefusedException}s, whose texts have the token cut out even
 * if a server repeats it.
 *
 * <p>This leans on Angus's protected API ({@code protocolConnect}, {@code simpleCommand},
 * {@code supportsExtension}) and on its authenticator calling {@code simpleCommand} with the whole
 * {@code AUTH XOAUTH2} line; XOAuth2ScriptedIT and XOAuth2StartTlsIT fail if an Angus upgrade
 * changes that. Should Angus gain the two-line form (angus-mail issue 201), only the error challenge
 * would be left to this class.
 *
 * <p>Not thread safe on its own, like every {@link jakarta.mail.Transport}; Angus synchronizes its
 * methods on the instance.
 */
final class XOAuth2Transport extends SMTPTransport {

    /** RFC 5321 section 4.5.3.1.4: a command line, with its CRLF, has at most 512 octets. */
    static final int MAX_COMMAND_LINE = 512;

    private static final String MECHANISM = "XOAUTH2";
    private static final String INLINE_COMMAND = "AUTH " + MECHANISM + " ";
    /** A reply is only ever shown cut to 200 characters; more is not worth scrubbing. */
    private static final int MAX_REPLY_KEPT = 1000;
    /** A piece of a reply this long that occurs in a secret is hidden as part of the secret. */
    private static final int SECRET_PIECE = 12;

    private boolean signingIn;
    private boolean attempted;
    private BearerChallenge challenge;
    private List<String> secrets = List.of();

    /** A transport for the {@code mail.smtp.*} properties of {@code session}. */
    XOAuth2Transport(Session session, URLName url) {
        super(session, url);
    }

    /** The SASL XOAUTH2 initial client response (before base64) for an account and a token. */
    static String initialResponse(String account, String token) {
        return "user=" + account + "\u0001auth=Bearer " + token + "\u0001\u0001";
    }

    /** Whether {@code AUTH XOAUTH2 <response>} for this account and token fits in one command line. */
    static boolean fitsOnOneLine(String account, String token) {
        int encoded = 4 * ((initialResponse(account, token).getBytes(StandardCharsets.UTF_8).length + 2) / 3);
        return INLINE_COMMAND.length() + encoded + 2 <= MAX_COMMAND_LINE;
    }

    @Override
    protected synchronized boolean protocolConnect(String host, int port, String user, String password)
            throws MessagingException {
        attempted = false;
        challenge = null;
        secrets = List.of(password, Base64.getEncoder().encodeToString(
                initialResponse(user, password).getBytes(StandardCharsets.UTF_8)));
        signingIn = true;
        boolean connected;
        try {
            connected = super.protocolConnect(host, port, user, password);
        } catch (SignInRefusedException refused) {
            throw refused;
        } catch (AuthenticationFailedException refused) {
            if (refused.getNextException() instanceof MessagingException broken
                    && !(broken instanceof AuthenticationFailedException)) {
                // A timeout or a broken connection in the middle of the exchange: no refusal of the
                // token, and the cause says more than the empty reply Angus wraps it in.
                throw broken;
            }
            if (!attempted) {
                throw new SignInRefusedException(SignInRefusedException.Kind.NOT_OFFERED, null, null);
            }
            throw new SignInRefusedException(SignInRefusedException.Kind.REFUSED,
                    withoutSecrets(getLastServerResponse()), challenge);
        } finally {
            signingIn = false;
            secrets = List.of(); // a kept connection need not hold the token for its idle minute
        }
        if (connected && !attempted) {
            // supportsExtension below makes Angus sign in whenever it connects.
            throw new AssertionError("connected without signing in");
        }
        return connected;
    }

    /**
     * While connecting, claims AUTH support even when the server lists none, so that Angus tries to
     * sign in, finds no XOAUTH2 and closes the connection, instead of going on without a sign-in.
     */
    @Override
    public boolean supportsExtension(String extension) {
        if (signingIn && "AUTH".equalsIgnoreCase(extension)) {
            return true;
        }
        return super.supportsExtension(extension);
    }

    /** Sends the XOAUTH2 command in the form that fits (see the class comment); other commands as is. */
    @Override
    public synchronized int simpleCommand(String command) throws MessagingException {
        if (!command.regionMatches(true, 0, INLINE_COMMAND, 0, INLINE_COMMAND.length())) {
            return super.simpleCommand(command);
        }
        attempted = true;
        int reply;
        if (command.length() + 2 <= MAX_COMMAND_LINE) {
            reply = super.simpleCommand(command);
        } else {
            reply = super.simpleCommand("AUTH " + MECHANISM);
            if (reply != 334) {
                return reply; // refused before any token was sent
            }
            reply = super.simpleCommand(command.substring(INLINE_COMMAND.length()));
        }
        if (reply == 334) {
            // The token was refused; the challenge holds why. RFC 7628 3.2.3 (and Google's XOAUTH2
            // guide) have the client answer with an empty response, after which the server sends
            // its final reply. A server that sends 334 again gets no further answer: Angus then
            // closes the connection.
            String text = getLastServerResponse();
            challenge = BearerChallenge.parse(text)
                    .map(found -> new BearerChallenge(found.status(), withoutSecrets(found.scope())))
                    .orElse(null);
            reply = super.simpleCommand("");
        }
        return reply;
    }

    /** {@code text} with every part that also occurs in the token or its base64 form replaced. */
    String withoutSecrets(String text) {
        return withoutSecrets(text, secrets);
    }

    /**
     * {@code text} (cut to 1000 characters) with every stretch that also occurs in one of
     * {@code secrets} replaced by {@code (hidden)}: a server that repeats the token, or part of it,
     * in its reply must not put it into an error message or a log.
     */
    static String withoutSecrets(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String kept = text.length() > MAX_REPLY_KEPT ? text.substring(0, MAX_REPLY_KEPT) : text;
        boolean[] hidden = new boolean[kept.length()];
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            int piece = Math.min(SECRET_PIECE, secret.length());
            for (int i = 0; i + piece <= kept.length(); i++) {
                if (secret.contains(kept.substring(i, i + piece))) {
                    Arrays.fill(hidden, i, i + piece, true);
                }
            }
        }
        StringBuilder out = new StringBuilder(kept.length());
        for (int i = 0; i < kept.length(); i++) {
            if (!hidden[i]) {
                out.append(kept.charAt(i));
            } else if (i == 0 || !hidden[i - 1]) {
                out.append("(hidden)");
            }
        }
        return out.toString();
    }

    /** Host and port only: the URL name Jakarta Mail keeps may hold the login. */
    @Override
    public String toString() {
        URLName url = getURLName();
        return "XOAuth2Transport[" + (url == null ? "" : url.getHost() + ":" + url.getPort()) + "]";
    }
}
