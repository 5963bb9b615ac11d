package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import dev.otpverifier.testing.ScriptedSmtpServer;
import dev.otpverifier.testing.ScriptedSmtpServer.Fault;
import dev.otpverifier.testing.TestCertificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the sender says to a scripted server on 127.0.0.1, command by command: nothing while it
 * warms up, no AUTH without a login, one connection for consecutive sends, no NOOP for a connection
 * kept moments ago, QUIT for a connection it will not use again, and no second connection after a
 * timeout.
 */
class SmtpConversationIT {

    private static SSLContext serverTls;

    @BeforeAll
    static void serverCertificate() throws Exception {
        serverTls = TestCertificate.localhost().serverContext();
    }

    private static SmtpSettings settings(ScriptedSmtpServer server, String username, Duration timeout) {
        return SmtpSettings.of("127.0.0.1", server.port(), TransportSecurity.STARTTLS, username,
                username.isEmpty() ? "" : "secret", "sender@example.com")
                .withTrustCertificate(TestCertificate.localhost().certificate())
                .withTimeout(timeout)
                .withRetryBackoff(List.of());
    }

    private static SmtpCodeSender sender(ScriptedSmtpServer server) {
        return new SmtpCodeSender(settings(server, "user", Duration.ofSeconds(5)), Locale.ENGLISH, Clock.systemUTC());
    }

    private static void awaitPrepared(SmtpCodeSender sender) throws InterruptedException {
        for (int i = 0; i < 500 && !sender.isPrepared(); i++) {
            Thread.sleep(10);
        }
        assertThat(sender.isPrepared()).as("connection opened in the background").isTrue();
    }

    private static String lastCommand(ScriptedSmtpServer server) {
        List<String> commands = server.commands();
        return commands.get(commands.size() - 1);
    }

    @Test
    void aRelayWithoutLoginGetsNoAuthCommand() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.NONE, serverTls)) {
            SmtpSettings relay = settings(server, "", Duration.ofSeconds(5));
            try (SmtpCodeSender sender = new SmtpCodeSender(relay, Locale.ENGLISH, Clock.systemUTC())) {
                assertThat(sender.settings()).isSameAs(relay);

                sender.send("bob@example.com", "123456", Duration.ofMinutes(10));
            }

            assertThat(server.messages()).hasSize(1);
            assertThat(server.commands()).contains("STARTTLS").noneMatch(command -> command.startsWith("AUTH"));
        }
    }

    @Test
    void warmingUpTalksToNoServerAndTheSendAfterItWorks() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.NONE, serverTls);
                SmtpCodeSender sender = sender(server)) {
            sender.warmUp();

            assertThat(server.connections()).isZero();
            sender.send("ann@example.com", "111111", Duration.ofMinutes(10));
            assertThat(server.messages()).hasSize(1);
        }
    }

    @Test
    void consecutiveSendsShareOneConnectionAndOneLogin() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.NONE, serverTls);
                SmtpCodeSender sender = sender(server)) {
            sender.send("ann@example.com", "111111", Duration.ofMinutes(10));
            assertThat(sender.isPrepared()).as("the connection of a send is kept for the next").isTrue();
            sender.send("bob@example.com", "222222", Duration.ofMinutes(10));

            assertThat(server.messages()).hasSize(2);
            assertThat(server.count("STARTTLS")).isEqualTo(1);
            assertThat(server.count("AUTH")).isEqualTo(1);
        }
    }

    @Test
    void aConnectionKeptMomentsAgoIsUsedWithoutANoop() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.NONE, serverTls);
                SmtpCodeSender sender = sender(server)) {
            sender.prepare();
            awaitPrepared(sender);

            sender.send("ann@example.com", "111111", Duration.ofMinutes(10));

            assertThat(server.messages()).hasSize(1);
            assertThat(server.count("STARTTLS")).isEqualTo(1);
            assertThat(server.count("NOOP")).isZero();
        }
    }

    @Test
    void theConnectionTestSaysQuitAndKeepsNothing() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.NONE, serverTls);
                SmtpCodeSender sender = sender(server)) {
            sender.testConnection();

            assertThat(server.commands()).anyMatch(command -> command.startsWith("AUTH "));
            assertThat(lastCommand(server)).isEqualTo("QUIT");
            assertThat(sender.isPrepared()).isFalse();
        }
    }

    @Test
    void closingTheIdleConnectionSaysQuit() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.NONE, serverTls);
                SmtpCodeSender sender = sender(server)) {
            sender.prepare();
            awaitPrepared(sender);

            sender.closeIdleConnection();

            assertThat(sender.isPrepared()).isFalse();
            assertThat(lastCommand(server)).isEqualTo("QUIT");
        }
    }

    @Test
    void aConnectionARecipientWasRefusedOnIsClosedNotKept() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.REJECT_RCPT_TO, serverTls);
                SmtpCodeSender sender = sender(server)) {
            DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                    () -> sender.send("ann@example.com", "111111", Duration.ofMinutes(10)));

            assertThat(failure.reason()).isEqualTo(Reason.RECIPIENT_REJECTED);
            assertThat(lastCommand(server)).isEqualTo("QUIT");
            assertThat(sender.isPrepared()).isFalse();
        }
    }

    @Test
    void aKeptConnectionARecipientWasRefusedOnIsClosedAndNotReplaced() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.REJECT_RCPT_TO, serverTls);
                SmtpCodeSender sender = sender(server)) {
            sender.prepare();
            awaitPrepared(sender);

            DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                    () -> sender.send("ann@example.com", "111111", Duration.ofMinutes(10)));

            assertThat(failure.reason()).isEqualTo(Reason.RECIPIENT_REJECTED);
            assertThat(server.count("STARTTLS")).as("a refusal is an answer: no new connection").isEqualTo(1);
            assertThat(lastCommand(server)).isEqualTo("QUIT");
            assertThat(sender.isPrepared()).isFalse();
        }
    }

    @Test
    void aKeptConnectionThatTimesOutIsNotTriedAgainOnANewOne() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.STALL_IN_DATA, serverTls);
                SmtpCodeSender sender = new SmtpCodeSender(settings(server, "user", Duration.ofSeconds(1)),
                        Locale.ENGLISH, Clock.systemUTC())) {
            sender.prepare();
            awaitPrepared(sender);
            long start = System.nanoTime();

            DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                    () -> sender.send("ann@example.com", "111111", Duration.ofMinutes(10)));

            assertThat(failure.reason()).isEqualTo(Reason.TIMEOUT);
            assertThat(server.count("STARTTLS")).as("the time is up: a new connection would only double the wait")
                    .isEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }
}
