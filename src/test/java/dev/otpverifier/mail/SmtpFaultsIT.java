package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import dev.otpverifier.otp.OtpPolicy;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.otp.RequestResult;
import dev.otpverifier.otp.VerifyResult;
import dev.otpverifier.testing.ScriptedSmtpServer;
import dev.otpverifier.testing.ScriptedSmtpServer.Fault;
import dev.otpverifier.testing.TestCertificate;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Servers on 127.0.0.1 that stall or hang up at each step of the conversation: the send fails within
 * the configured timeout with the right reason and words, and through {@link OtpService} the code that
 * failed to send is not left valid and charges no cooldown.
 *
 * <p>Elapsed times are checked only against a generous bound (20 s for a 2 s timeout), to catch a
 * hang, never as a performance promise.
 */
class SmtpFaultsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HANG = Duration.ofSeconds(20);
    private static final Pattern SUBJECT_CODE = Pattern.compile("(?m)^Subject: (\\d{6}) ");

    private static DemoCertificate certificate;
    private static SSLContext serverTls;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.localhost();
        serverTls = certificate.serverContext();
    }

    private static SmtpSettings settings(ScriptedSmtpServer server) {
        return SmtpSettings.of("127.0.0.1", server.port(), TransportSecurity.STARTTLS, "user", "secret-password",
                "sender@example.com")
                .withTrustCertificate(certificate.certificate())
                .withTimeout(TIMEOUT)
                .withRetryBackoff(List.of(Duration.ofMillis(10), Duration.ofMillis(10)));
    }

    private static SmtpCodeSender sender(ScriptedSmtpServer server) {
        return new SmtpCodeSender(settings(server), Locale.ENGLISH, Clock.systemUTC());
    }

    /** Sends once directly and returns the failure, checking that it came before the hang bound. */
    private static DeliveryException sendFails(ScriptedSmtpServer server) {
        long start = System.nanoTime();
        DeliveryException failure;
        try (SmtpCodeSender sender = sender(server)) {
            failure = catchThrowableOfType(DeliveryException.class,
                    () -> sender.send("bob@example.com", "123456", Duration.ofMinutes(10)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG);
        assertThat(failure).as("the send must fail").isNotNull();
        return failure;
    }

    /**
     * Through the service: the request fails, nothing is left to verify, and a new request is tried
     * at once (it fails again against the same server, rather than being refused with a cooldown).
     */
    private static void failedSendLeavesNoCode(ScriptedSmtpServer server, Reason expected) {
        try (SmtpCodeSender sender = sender(server)) {
            failedSendLeavesNoCode(server, expected, new OtpService(sender, OtpPolicy.defaults(), Clock.systemUTC(),
                    new SecureRandom()));
        }
    }

    private static void failedSendLeavesNoCode(ScriptedSmtpServer server, Reason expected, OtpService service) {
        String address = "carol@example.com";

        assertThatThrownBy(() -> service.requestCode(address))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.reason()).isEqualTo(expected));
        assertThat(service.verify(address, "123456")).isInstanceOf(VerifyResult.NoActiveCode.class);
        for (String code : codesSeenBy(server)) {
            assertThat(service.verify(address, code)).as("the code the server saw, " + code)
                    .isInstanceOf(VerifyResult.NoActiveCode.class);
        }
        int connectionsBefore = server.connections();
        Throwable second = catchThrowableOfType(DeliveryException.class, () -> {
            RequestResult result = service.requestCode(address);
            throw new AssertionError("the faulty server cannot have accepted a message: " + result);
        });
        assertThat(second).as("an immediate new request is sent, not refused with a cooldown").isNotNull();
        assertThat(server.connections()).isGreaterThan(connectionsBefore);
    }

    private static List<String> codesSeenBy(ScriptedSmtpServer server) {
        return server.messages().stream().map(SUBJECT_CODE::matcher).filter(Matcher::find)
                .map(matcher -> matcher.group(1)).toList();
    }

    @Test
    void aServerThatNeverGreetsTimesOut() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.NO_GREETING, serverTls)) {
            DeliveryException failure = sendFails(server);

            assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(failure.getMessage()).isEqualTo("The mail server 127.0.0.1:" + server.port()
                    + " did not answer within 2 seconds. Check the host and port, or try again later.");
            failedSendLeavesNoCode(server, Reason.TIMEOUT);
        }
    }

    @Test
    void aServerThatFallsSilentAfterStartTlsTimesOut() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.SILENT_AFTER_STARTTLS, serverTls)) {
            DeliveryException failure = sendFails(server);

            assertThat(server.commands()).contains("STARTTLS");
            assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(failure.getMessage()).isEqualTo("The mail server 127.0.0.1:" + server.port()
                    + " did not answer within 2 seconds. Check the host and port, or try again later.");
            failedSendLeavesNoCode(server, Reason.TIMEOUT);
        }
    }

    @Test
    void aServerThatStallsInDataTimesOut() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.STALL_IN_DATA, serverTls)) {
            DeliveryException failure = sendFails(server);

            assertThat(server.commands()).anyMatch(c -> c.startsWith("AUTH ")).contains("DATA");
            assertThat(server.messages()).hasSize(1);
            assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(failure.getMessage()).isEqualTo("The mail server 127.0.0.1:" + server.port()
                    + " did not answer within 2 seconds. Check the host and port, or try again later.");
            failedSendLeavesNoCode(server, Reason.TIMEOUT);
            assertThat(codesSeenBy(server)).as("the server did see the codes it never confirmed").hasSize(3);
        }
    }

    @Test
    void aServerThatHangsUpAfterMailFromLosesTheConnection() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.CLOSE_AFTER_MAIL_FROM, serverTls)) {
            DeliveryException failure = sendFails(server);

            assertThat(server.commands()).anyMatch(c -> c.startsWith("MAIL FROM:")).doesNotContain("DATA");
            assertThat(failure.reason()).isEqualTo(Reason.OTHER);
            assertThat(failure.getMessage()).isEqualTo("The connection to 127.0.0.1:" + server.port()
                    + " broke off before the message was accepted. Try again; if it keeps happening, check the "
                    + "settings.");
            assertThat(server.count("MAIL")).as("a broken connection is not a 4xx reply: no retry").isEqualTo(1);
            failedSendLeavesNoCode(server, Reason.OTHER);
        }
    }

    @Test
    void aServerThatHangsUpAfterRcptToIsNotARefusedRecipient() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.CLOSE_AFTER_RCPT_TO, serverTls)) {
            DeliveryException failure = sendFails(server);

            assertThat(server.commands()).anyMatch(c -> c.startsWith("RCPT TO:"));
            assertThat(failure.reason()).isEqualTo(Reason.OTHER);
            assertThat(failure.getMessage()).isEqualTo("The connection to 127.0.0.1:" + server.port()
                    + " broke off before the message was accepted. Try again; if it keeps happening, check the "
                    + "settings.");
        }
    }

    @Test
    void theScriptedServerDeliversWhenNothingGoesWrong() throws Exception {
        // Proves that the faults above, not the script itself, make the sends fail.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.NONE, serverTls)) {
            try (SmtpCodeSender sender = sender(server)) {
                sender.send("bob@example.com", "654321", Duration.ofMinutes(10));
            }

            assertThat(codesSeenBy(server)).containsExactly("654321");
            assertThat(server.commands()).contains("STARTTLS", "DATA", "QUIT");
        }
    }
}
