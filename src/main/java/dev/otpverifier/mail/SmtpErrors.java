package dev.otpverifier.mail;

import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Turns what Jakarta Mail throws into a {@link DeliveryException} a person can act on.
 *
 * <p>Server replies are hostile input: only printable ASCII survives, and at most 200 characters
 * of it. Passwords never reach a message, because none of the texts has a place for one; access
 * tokens neither, and a server that repeats one in its reply has it cut out before the reply gets
 * here ({@link XOAuth2Transport}).
 */
final class SmtpErrors {

    private static final int MAX_REPLY_LENGTH = 200;
    private static final Pattern REPLY_CODE = Pattern.compile("(?:response: |^)([2-5]\\d\\d)[ -]");
    /** Microsoft 365's refusal of password logins for mail submission (enhanced status 5.7.30). */
    private static final Pattern MICROSOFT_BASIC_AUTH = Pattern.compile(
            "\\b5\\.7\\.30\\b|Basic authentication is not supported for Client Submission", Pattern.CASE_INSENSITIVE);
    /** Microsoft 365's refusal when SMTP AUTH is off or blocked for the tenant or mailbox (5.7.139). */
    private static final Pattern MICROSOFT_SMTP_AUTH_DISABLED = Pattern.compile(
            "\\b5\\.7\\.139\\b|SmtpClientAuthentication is disabled", Pattern.CASE_INSENSITIVE);

    private SmtpErrors() {
    }

    /** Translates a failure of connecting, logging in or sending. */
    static DeliveryException translate(MessagingException failure, SmtpSettings settings, String recipient,
            Locale locale) {
        List<Throwable> chain = chain(failure);
        Reason reason = classify(failure, chain);
        String key = key(reason, chain, settings);
        String detail = switch (reason) {
            case TIMEOUT -> Long.toString(settings.timeout().toSeconds());
            case RECIPIENT_REJECTED -> recipient;
            case AUTHENTICATION -> key.equals("oauthScope")
                    ? signInRefusal(chain).flatMap(SignInRefusedException::challenge).map(BearerChallenge::scope)
                            .orElse("")
                    : "";
            default -> "";
        };
        String message = text(locale, key, settings, detail);
        String reply = hungUp(chain) ? "" : serverReply(failure);
        if (!reply.isEmpty() && (reason == Reason.RECIPIENT_REJECTED || reason == Reason.AUTHENTICATION
                || reason == Reason.TEMPORARY_FAILURE || reason == Reason.OTHER)) {
            message += text(locale, "serverSaid", settings, reply);
        }
        return new DeliveryException(reason, message, failure);
    }

    /** An address that Jakarta Mail's strict parser refused before anything was sent. */
    static DeliveryException invalidRecipient(Exception failure, SmtpSettings settings, String address,
            Locale locale) {
        return new DeliveryException(Reason.RECIPIENT_REJECTED,
                text(locale, "recipientRejected", settings, address), failure);
    }

    /** An access token that cannot go into an XOAUTH2 response (empty, or not RFC 6750 token characters). */
    static DeliveryException unusableToken(SmtpSettings settings, Locale locale) {
        return new DeliveryException(Reason.AUTHENTICATION, text(locale, "oauthUnusableToken", settings, ""), null);
    }

    /**
     * Whether a failed XOAUTH2 sign-in means "this token is no good", so that a renewed token may
     * succeed: the server refused it for good (5xx, or with a challenge), not for a missing permission
     * (a renewed token has the same permissions), not because Microsoft 365 turned SMTP AUTH off, and
     * not for now (4xx: the retry of temporary failures covers that).
     */
    static boolean isTokenRefused(MessagingException failure) {
        List<Throwable> chain = chain(failure);
        Optional<SignInRefusedException> refusal = signInRefusal(chain);
        if (refusal.isEmpty() || refusal.get().kind() != SignInRefusedException.Kind.REFUSED
                || microsoft(chain) != Microsoft.NONE) {
            return false;
        }
        Optional<BearerChallenge> challenge = refusal.get().challenge();
        if (challenge.isPresent()) {
            return !challenge.get().scopeMissing();
        }
        int code = replyCode(failure);
        return code >= 500 && code < 600;
    }

    /** A failure to read the extra trusted certificates. */
    static DeliveryException trustFile(Exception failure, SmtpSettings settings, Locale locale) {
        String file = settings.trustCertificateFile().map(Object::toString).orElse("");
        return new DeliveryException(Reason.CERTIFICATE, text(locale, "trustFile", settings, file), failure);
    }

    /** The three-digit SMTP reply code of a failure, or -1. */
    static int replyCode(MessagingException failure) {
        for (Throwable t : chain(failure)) {
            if (t instanceof SMTPSendFailedException e) {
                return e.getReturnCode();
            }
            if (t instanceof SMTPAddressFailedException e) {
                return e.getReturnCode();
            }
            if (t instanceof SMTPSenderFailedException e) {
                return e.getReturnCode();
            }
        }
        for (Throwable t : chain(failure)) {
            if (t instanceof MessagingException && t.getMessage() != null) {
                Matcher matcher = REPLY_CODE.matcher(t.getMessage().strip());
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
        }
        return -1;
    }

    /** Whether the failure was a read, write or connect timeout. */
    static boolean isTimeout(MessagingException failure) {
        return chain(failure).stream().anyMatch(t -> t instanceof SocketTimeoutException);
    }

    /** Whether the server said "try again later" (421, 450, 451, 452 and the rest of 4xx). */
    static boolean isTemporary(MessagingException failure) {
        int code = replyCode(failure);
        return code >= 400 && code < 500;
    }

    private static Reason classify(MessagingException failure, List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof AuthenticationFailedException) {
                return Reason.AUTHENTICATION;
            }
        }
        for (Throwable t : chain) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("STARTTLS is required but host does not support STARTTLS")) {
                return Reason.STARTTLS_UNAVAILABLE;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SSLHandshakeException || t instanceof SSLPeerUnverifiedException
                    || t instanceof CertificateException
                    || t instanceof java.security.cert.CertPathValidatorException
                    || (t instanceof IOException && String.valueOf(t.getMessage()).startsWith("Can't verify identity"))) {
                return Reason.CERTIFICATE;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof UnknownHostException) {
                return Reason.UNKNOWN_HOST;
            }
            if (t instanceof SocketTimeoutException) {
                return Reason.TIMEOUT;
            }
            if (t instanceof ConnectException) {
                return Reason.CONNECTION_REFUSED;
            }
        }
        int code = replyCode(failure);
        if (code >= 400 && code < 500) {
            return Reason.TEMPORARY_FAILURE;
        }
        if (hungUp(chain)) {
            return Reason.OTHER;
        }
        for (Throwable t : chain) {
            if (t instanceof SMTPAddressFailedException
                    || (t instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
                            && sendFailed.getInvalidAddresses().length > 0)) {
                return Reason.RECIPIENT_REJECTED;
            }
        }
        for (Throwable t : chain) {
            if (t instanceof MailConnectException) {
                return Reason.CONNECTION_REFUSED;
            }
        }
        return Reason.OTHER;
    }

    private static String key(Reason reason, List<Throwable> chain, SmtpSettings settings) {
        return switch (reason) {
            case AUTHENTICATION -> authenticationKey(chain, settings);
            case STARTTLS_UNAVAILABLE -> "starttlsUnavailable";
            case CERTIFICATE -> "certificate";
            case CONNECTION_REFUSED -> "connectionRefused";
            case UNKNOWN_HOST -> "unknownHost";
            case TIMEOUT -> "timeout";
            case RECIPIENT_REJECTED -> "recipientRejected";
            case TEMPORARY_FAILURE -> "temporaryFailure";
            case OTHER -> hungUp(chain) || chain.stream().anyMatch(t -> t instanceof SocketException || t instanceof SSLException
                    || (t instanceof IOException && !(t instanceof java.io.UnsupportedEncodingException)))
                    ? "connectionLost" : "other";
        };
    }

    /**
     * The words for a refused login. A password login that Microsoft 365 refuses because it no
     * longer takes passwords there gets the way out (sign in with a Microsoft account, or have SMTP
     * AUTH turned on); an XOAUTH2 sign-in is never told to check a password.
     */
    private static String authenticationKey(List<Throwable> chain, SmtpSettings settings) {
        Microsoft microsoft = microsoft(chain);
        if (settings.oauth().isEmpty()) {
            return microsoft == Microsoft.NONE ? "authentication" : "microsoftPassword";
        }
        Optional<SignInRefusedException> refusal = signInRefusal(chain);
        if (refusal.isPresent() && refusal.get().kind() == SignInRefusedException.Kind.NOT_OFFERED) {
            return "oauthNotOffered";
        }
        if (microsoft == Microsoft.SMTP_AUTH_DISABLED) {
            return "microsoftSmtpAuthDisabled";
        }
        if (refusal.flatMap(SignInRefusedException::challenge).filter(BearerChallenge::scopeMissing).isPresent()) {
            return "oauthScope";
        }
        return "oauthRefused";
    }

    /** What Microsoft 365 said about logins it does not take, if that is what the login failure was. */
    private enum Microsoft {
        NONE,
        /** 5.7.30: "Basic authentication is not supported for Client Submission". */
        BASIC_AUTH_NOT_SUPPORTED,
        /** 5.7.139: SMTP AUTH is turned off for the organisation or the mailbox, or blocked by policy. */
        SMTP_AUTH_DISABLED
    }

    private static Microsoft microsoft(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (!(t instanceof AuthenticationFailedException) || t.getMessage() == null) {
                continue;
            }
            String reply = sanitize(t.getMessage());
            if (MICROSOFT_BASIC_AUTH.matcher(reply).find()) {
                return Microsoft.BASIC_AUTH_NOT_SUPPORTED;
            }
            if (MICROSOFT_SMTP_AUTH_DISABLED.matcher(reply).find()) {
                return Microsoft.SMTP_AUTH_DISABLED;
            }
        }
        return Microsoft.NONE;
    }

    private static Optional<SignInRefusedException> signInRefusal(List<Throwable> chain) {
        for (Throwable t : chain) {
            if (t instanceof SignInRefusedException refusal) {
                return Optional.of(refusal);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the server closed the connection instead of replying. Angus Mail reports that as a
     * failed command whose reply code is -1 and whose "reply" is the text {@code [EOF]}, which is
     * neither a refusal of the recipient nor anything the server said.
     */
    private static boolean hungUp(List<Throwable> chain) {
        for (Throwable t : chain) {
            int code = 0;
            if (t instanceof SMTPSendFailedException e) {
                code = e.getReturnCode();
            } else if (t instanceof SMTPAddressFailedException e) {
                code = e.getReturnCode();
            } else if (t instanceof SMTPSenderFailedException e) {
                code = e.getReturnCode();
            }
            if (code == -1) {
                return true;
            }
        }
        return false;
    }

    private static String text(Locale locale, String key, SmtpSettings settings, String detail) {
        ResourceBundle bundle = ResourceBundle.getBundle("dev.otpverifier.mail.MailErrors", locale);
        return new MessageFormat(bundle.getString(key), locale)
                .format(new Object[] {sanitize(settings.host()), Integer.toString(settings.port()), sanitize(detail)});
    }

    /** The last reply the server sent, if Jakarta Mail kept it, made safe to show. */
    private static String serverReply(MessagingException failure) {
        for (Throwable t : chain(failure)) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            if (t instanceof SMTPSendFailedException || t instanceof SMTPAddressFailedException
                    || t instanceof SMTPSenderFailedException || t instanceof AuthenticationFailedException) {
                return sanitize(message);
            }
        }
        return "";
    }

    /** Keeps printable ASCII only, collapses runs of spaces, cuts at 200 characters. */
    static String sanitize(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_REPLY_LENGTH));
        boolean lastWasSpace = false;
        for (int i = 0; i < text.length() && out.length() < MAX_REPLY_LENGTH; i++) {
            char c = text.charAt(i);
            boolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
            if (space) {
                if (!lastWasSpace && out.length() > 0) {
                    out.append(' ');
                }
                lastWasSpace = true;
            } else if (c > 0x20 && c < 0x7f) {
                out.append(c);
                lastWasSpace = false;
            }
        }
        return out.toString().strip();
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        List<Throwable> pending = new ArrayList<>();
        pending.add(failure);
        while (!pending.isEmpty() && chain.size() < 32) {
            Throwable t = pending.remove(0);
            if (t == null || seen.put(t, Boolean.TRUE) != null) {
                continue;
            }
            chain.add(t);
            pending.add(t.getCause());
            if (t instanceof MessagingException messaging) {
                pending.add(messaging.getNextException());
            }
        }
        return chain;
    }
}
