package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Stream;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link SmtpErrors} without a server: each failure, shaped as Angus Mail throws it, gets its reason
 * and its words, the server's reply only where it helps and only as printable text, and the reply
 * codes that decide about retries read from wherever Angus put them.
 */
class SmtpErrorsTest {

    private static final SmtpSettings SETTINGS = SmtpSettings.of("smtp.example.com", 587, TransportSecurity.STARTTLS,
            "me@example.com", "hunter2", "me@example.com").withTimeout(Duration.ofSeconds(7));
    private static final String RECIPIENT = "bob@example.com";

    private static final String TIMEOUT = "The mail server smtp.example.com:587 did not answer within 7 seconds. Check the "
            + "host and port, or try again later.";
    private static final String REFUSED = "Could not connect to smtp.example.com on port 587: nothing accepted the "
            + "connection. Check the host and port, and that the server is running.";
    private static final String UNKNOWN_HOST = "The mail server name smtp.example.com could not be found. Check its "
            + "spelling and your internet connection.";
    private static final String CERTIFICATE = "The mail server smtp.example.com could not prove its identity: its "
            + "certificate is not trusted or was issued for another name. Check the host name. For a company server "
            + "with its own certificate, set smtp.trust.certificate to its PEM file.";
    private static final String NO_STARTTLS = "The mail server smtp.example.com:587 does not offer STARTTLS, so the code "
            + "cannot be sent securely. Check the host and port (STARTTLS is usually port 587), or choose SSL for port "
            + "465.";
    private static final String RECIPIENT_REJECTED = "The mail server refused the address bob@example.com. Check it for "
            + "typos, or use another address.";
    private static final String BUSY = "The mail server smtp.example.com is busy and refused the message for now, even "
            + "after retrying. Try again in a few minutes.";
    private static final String CONNECTION_LOST = "The connection to smtp.example.com:587 broke off before the message "
            + "was accepted. Try again; if it keeps happening, check the settings.";
    private static final String OTHER = "The code could not be sent through smtp.example.com:587. Check the mail settings "
            + "and try again.";
    private static final String WRONG_PASSWORD = "The mail server smtp.example.com refused the user name or password. "
            + "Check both in the settings. Gmail, iCloud, Yahoo and many others need an app password (created in your "
            + "account's security settings), not your normal password.";

    private static DeliveryException translate(MessagingException failure) {
        return SmtpErrors.translate(failure, SETTINGS, RECIPIENT, Locale.ENGLISH);
    }

    private static String said(String reply) {
        return " The server said: \"" + reply + "\"";
    }

    private static InternetAddress bob() {
        try {
            return new InternetAddress(RECIPIENT);
        } catch (AddressException e) {
            throw new AssertionError(e);
        }
    }

    /** What Angus throws when it cannot open the socket. */
    private static MailConnectException connectFailed(Exception cause) {
        return new MailConnectException(new SocketConnectException("Using socket factory class "
                + "TlsSockets$NoDelaySocketFactory", cause, "smtp.example.com", 587, 7000));
    }

    private static SMTPSendFailedException sendFailed(String command, int code, String reply) {
        return new SMTPSendFailedException(command, code, reply, null, new Address[0], new Address[0], new Address[0]);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                row("connect timeout", connectFailed(new SocketTimeoutException("Connect timed out")), Reason.TIMEOUT,
                        TIMEOUT),
                row("read timeout", new MessagingException("Exception reading response",
                        new SocketTimeoutException("Read timed out")), Reason.TIMEOUT, TIMEOUT),
                row("nothing listens", connectFailed(new ConnectException("Connection refused")),
                        Reason.CONNECTION_REFUSED, REFUSED),
                row("no route to the host", connectFailed(new NoRouteToHostException("No route to host")),
                        Reason.CONNECTION_REFUSED, REFUSED),
                row("unknown host", connectFailed(new UnknownHostException("smtp.example.com")), Reason.UNKNOWN_HOST,
                        UNKNOWN_HOST),
                row("untrusted certificate", new MessagingException("Could not convert socket to TLS",
                        new SSLHandshakeException("PKIX path building failed")), Reason.CERTIFICATE, CERTIFICATE),
                row("unverified peer", new MessagingException("Could not convert socket to TLS",
                        new SSLPeerUnverifiedException("peer not authenticated")), Reason.CERTIFICATE, CERTIFICATE),
                row("refused certificate", new MessagingException("Could not convert socket to TLS",
                        new CertificateException("No subject alternative names present")), Reason.CERTIFICATE,
                        CERTIFICATE),
                row("broken certificate path", new MessagingException("Could not convert socket to TLS",
                        new CertPathValidatorException("validity check failed")), Reason.CERTIFICATE, CERTIFICATE),
                row("certificate for another name", new MessagingException("Could not convert socket to TLS",
                        new IOException("Can't verify identity of server: smtp.example.com")), Reason.CERTIFICATE,
                        CERTIFICATE),
                row("no STARTTLS", new MessagingException("STARTTLS is required but host does not support STARTTLS"),
                        Reason.STARTTLS_UNAVAILABLE, NO_STARTTLS),
                row("recipient refused", new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(bob(),
                        "RCPT TO:<bob@example.com>", 550, "550 5.1.1 <bob@example.com>: Recipient address rejected\n"),
                        new Address[0], new Address[0], new Address[] {bob()}), Reason.RECIPIENT_REJECTED,
                        RECIPIENT_REJECTED + said("550 5.1.1 <bob@example.com>: Recipient address rejected")),
                row("recipient refused, reply alone", new SMTPAddressFailedException(bob(), "RCPT TO:<bob@example.com>", 553,
                        "553 5.1.3 Bad recipient address syntax"), Reason.RECIPIENT_REJECTED,
                        RECIPIENT_REJECTED + said("553 5.1.3 Bad recipient address syntax")),
                row("invalid address without a reply", new SendFailedException("Invalid Addresses", null, new Address[0],
                        new Address[0], new Address[] {bob()}), Reason.RECIPIENT_REJECTED, RECIPIENT_REJECTED),
                row("no invalid address", new SendFailedException("Sending failed", null, new Address[0], new Address[0],
                        new Address[0]), Reason.OTHER, OTHER),
                row("try again later", sendFailed("DATA", 451, "451 4.3.0 Try again later\n"), Reason.TEMPORARY_FAILURE,
                        BUSY + said("451 4.3.0 Try again later")),
                row("refused sender", new SMTPSenderFailedException(bob(), "MAIL FROM:<me@example.com>", 553,
                        "553 5.7.1 Sender address rejected: not owned by user"), Reason.OTHER,
                        OTHER + said("553 5.7.1 Sender address rejected: not owned by user")),
                row("message refused, reply deeper in the chain", new MessagingException("Sending failed",
                        sendFailed("DATA", 554, "554 5.7.1 Message rejected as spam")), Reason.OTHER,
                        OTHER + said("554 5.7.1 Message rejected as spam")),
                row("hung up after MAIL FROM", new SMTPSenderFailedException(bob(), "MAIL FROM:<me@example.com>", -1,
                        "[EOF]"), Reason.OTHER, CONNECTION_LOST),
                row("hung up after RCPT TO", new SendFailedException("Invalid Addresses", new SMTPAddressFailedException(
                        bob(), "RCPT TO:<bob@example.com>", -1, "[EOF]"), new Address[0], new Address[0],
                        new Address[] {bob()}), Reason.OTHER, CONNECTION_LOST),
                row("hung up after DATA", sendFailed("DATA", -1, "[EOF]"), Reason.OTHER, CONNECTION_LOST),
                row("connection reset", new MessagingException("Exception reading response",
                        new SocketException("Connection reset")), Reason.OTHER, CONNECTION_LOST),
                row("TLS alert", new MessagingException("Exception reading response",
                        new SSLException("Received fatal alert: internal_error")), Reason.OTHER, CONNECTION_LOST),
                row("broken pipe", new MessagingException("Can't send command to SMTP host",
                        new IOException("Broken pipe")), Reason.OTHER, CONNECTION_LOST),
                row("an encoding Java lacks", new MessagingException("Encoding failed",
                        new UnsupportedEncodingException("x-unknown")), Reason.OTHER, OTHER),
                row("anything else", new MessagingException("Something unexpected"), Reason.OTHER, OTHER),
                row("wrong password", new AuthenticationFailedException("535 5.7.8 Error: authentication failed\n"),
                        Reason.AUTHENTICATION, WRONG_PASSWORD + said("535 5.7.8 Error: authentication failed")),
                row("refused login without a reply", new AuthenticationFailedException(), Reason.AUTHENTICATION,
                        WRONG_PASSWORD));
    }

    private static Arguments row(String name, MessagingException failure, Reason reason, String message) {
        return Arguments.of(name, failure, reason, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureHasItsReasonAndItsWords(String name, MessagingException failure, Reason reason, String message) {
        DeliveryException translated = translate(failure);

        assertThat(translated.reason()).isEqualTo(reason);
        assertThat(translated.getMessage()).isEqualTo(message);
        assertThat(translated.getCause()).isSameAs(failure);
    }

    /** 4xx is "try again later", retried; anything else is an answer. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"399, OTHER, false", "400, TEMPORARY_FAILURE, true", "421, TEMPORARY_FAILURE, true",
        "499, TEMPORARY_FAILURE, true", "500, OTHER, false", "554, OTHER, false"})
    void onlyA4xxReplyIsTemporary(int code, Reason reason, boolean temporary) {
        SMTPSendFailedException failure = sendFailed("DATA", code, code + " reply text");

        assertThat(SmtpErrors.isTemporary(failure)).isEqualTo(temporary);
        assertThat(translate(failure).reason()).isEqualTo(reason);
        assertThat(translate(failure).getMessage()).endsWith(said(code + " reply text"));
    }

    /** Where the code comes from: Angus's own field, or the reply at the start of a message. */
    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "451 4.3.0 Try again later | 451",
        "451-4.3.0 Try again later | 451",
        "   421 Service not available | 421",
        "Exception reading response: 421 4.4.2 Timeout | 421",
        "235 2.7.0 Accepted | 235",
        "4510 not a reply | -1",
        "451: not a reply | -1",
        "621 out of range | -1",
        "199 out of range | -1",
        "Reply 451 in the middle | -1"})
    void aReplyCodeIsReadOnlyWhereARepliesCodeStands(String message, int code) {
        assertThat(SmtpErrors.replyCode(new MessagingException(message))).isEqualTo(code);
        assertThat(SmtpErrors.replyCode(new MessagingException("Sending failed", new MessagingException(message))))
                .as("deeper in the chain").isEqualTo(code);
    }

    @Test
    void angusKeepsTheCodeOfEachRefusedCommandInItsException() {
        assertThat(SmtpErrors.replyCode(sendFailed("DATA", 452, "no code in this text"))).isEqualTo(452);
        assertThat(SmtpErrors.replyCode(new SMTPAddressFailedException(bob(), "RCPT TO", 550, "no code here")))
                .isEqualTo(550);
        assertThat(SmtpErrors.replyCode(new SMTPSenderFailedException(bob(), "MAIL FROM", 553, "no code here")))
                .isEqualTo(553);
        assertThat(SmtpErrors.replyCode(new MessagingException("421 in the text",
                sendFailed("DATA", 554, "554 rejected")))).as("Angus's field first").isEqualTo(554);
        assertThat(SmtpErrors.replyCode(new MessagingException(null))).isEqualTo(-1);
        assertThat(SmtpErrors.replyCode(new MessagingException("no reply at all"))).isEqualTo(-1);
    }

    @Test
    void aTimeoutAnywhereInTheChainIsATimeout() {
        assertThat(SmtpErrors.isTimeout(connectFailed(new SocketTimeoutException("Connect timed out")))).isTrue();
        assertThat(SmtpErrors.isTimeout(new MessagingException("x", new SocketTimeoutException()))).isTrue();
        assertThat(SmtpErrors.isTimeout(connectFailed(new ConnectException("Connection refused")))).isFalse();
        assertThat(SmtpErrors.isTimeout(new MessagingException("451 4.4.2 Timeout waiting for data"))).isFalse();
    }

    /** A sign-in refusal is worth a renewed token only for a permanent (5xx) refusal. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"454, false", "499, false", "500, true", "535, true", "599, true"})
    void onlyA5xxRefusalOfTheTokenIsWorthARenewal(int code, boolean renew) {
        SignInRefusedException refused = new SignInRefusedException(SignInRefusedException.Kind.REFUSED,
                code + " 5.7.8 Username and Password not accepted", null);

        assertThat(SmtpErrors.isTokenRefused(refused)).isEqualTo(renew);
    }

    static Stream<Arguments> serverTexts() {
        return Stream.of(
                Arguments.of("550 plain", "550 plain"),
                Arguments.of("  550   spaced\t\tout  ", "550 spaced out"),
                Arguments.of("550\r\n550 two lines", "550 550 two lines"),
                Arguments.of("550 ~tilde!", "550 ~tilde!"),
                Arguments.of("550 caf\u00e9", "550 caf"),
                Arguments.of("550 del\u007fete", "550 delete"),
                Arguments.of("550 bell\u0007 and escape\u001b[2J", "550 bell and escape[2J"));
    }

    /** Server text is hostile: printable ASCII only, one space for any run of white space, at most 200 characters. */
    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("serverTexts")
    void serverTextIsMadePrintable(String text, String shown) {
        assertThat(SmtpErrors.sanitize(text)).isEqualTo(shown);
    }

    @Test
    void serverTextIsCutAt200Characters() {
        assertThat(SmtpErrors.sanitize("x".repeat(200))).hasSize(200);
        assertThat(SmtpErrors.sanitize("x".repeat(201))).isEqualTo("x".repeat(200));
        assertThat(SmtpErrors.sanitize("\u0000".repeat(300) + "550 after junk")).isEqualTo("550 after junk");
        assertThat(SmtpErrors.sanitize(" \r\n " + "x".repeat(300))).as("leading space takes no room")
                .isEqualTo("x".repeat(200));
        assertThat(SmtpErrors.sanitize(null)).isEmpty();
        assertThat(SmtpErrors.sanitize("\r\n\t ")).isEmpty();
    }

    @Test
    void aReplyFullOfControlCharactersReachesTheMessageCleaned() {
        DeliveryException translated = translate(sendFailed("DATA", 554, "554 5.7.1\r\n\u001b[31mRejected\u0000 "
                + "x".repeat(400)));

        assertThat(translated.getMessage()).startsWith(OTHER + " The server said: \"554 5.7.1 [31mRejected xxx")
                .doesNotContainPattern("[\\p{Cntrl}]").hasSize(OTHER.length() + " The server said: \"\"".length() + 200);
    }

    /** Hostile nesting costs bounded work: the chain is read 32 exceptions deep, and a loop ends. */
    @Test
    void theCauseChainIsReadAtMost32Deep() {
        assertThat(translate(nestedAbove(new SocketTimeoutException("deep"), 31)).reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(translate(nestedAbove(new SocketTimeoutException("too deep"), 32)).reason()).isEqualTo(Reason.OTHER);

        MessagingException first = new MessagingException("first");
        MessagingException second = new MessagingException("second", first);
        first.setNextException(second);
        assertThat(translate(first).getMessage()).isEqualTo(OTHER);
    }

    /** {@code innermost} with {@code levels} MessagingExceptions wrapped around it. */
    private static MessagingException nestedAbove(Exception innermost, int levels) {
        Exception inner = innermost;
        for (int i = 0; i < levels; i++) {
            inner = new MessagingException("level " + (levels - i), inner);
        }
        return (MessagingException) inner;
    }

    @Test
    void anUnreadableTrustFileIsACertificateProblemNamingTheFile() {
        SmtpSettings settings = SETTINGS.withTrustCertificate(Path.of("/etc/otp-verifier/company-ca.pem"));
        IOException cause = new IOException("No such file");

        DeliveryException translated = SmtpErrors.trustFile(cause, settings, Locale.ENGLISH);

        assertThat(translated.reason()).isEqualTo(Reason.CERTIFICATE);
        assertThat(translated.getMessage()).isEqualTo("The certificate file /etc/otp-verifier/company-ca.pem "
                + "(smtp.trust.certificate) could not be read. Check that the file exists and holds PEM certificates.");
        assertThat(translated.getCause()).isSameAs(cause);
    }
}
