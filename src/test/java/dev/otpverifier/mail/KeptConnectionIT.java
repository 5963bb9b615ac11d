package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.testing.ScriptedSmtpServer;
import dev.otpverifier.testing.ScriptedSmtpServer.Fault;
import dev.otpverifier.testing.SilentServer;
import dev.otpverifier.testing.TestCertificate;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/** The connection opened ahead of time: used when alive, replaced when the server dropped it. */
class KeptConnectionIT {

    private SMTPServer server;
    private final AtomicInteger logins = new AtomicInteger();
    /** SMTP sessions open at the server now. */
    private final AtomicInteger openSessions = new AtomicInteger();
    private final List<String> recipients = new CopyOnWriteArrayList<>();
    private SmtpCodeSender sender;

    /** A STARTTLS + AUTH server that drops a connection after {@code idleMillis} of silence. */
    private SmtpSettings start(int idleMillis) throws Exception {
        DemoCertificate certificate = TestCertificate.localhost();
        server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("localhost")
                .enableTLS().requireTLS().requireAuth()
                .startTlsSocketFactory(certificate.serverContext())
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) ->
                        logins.incrementAndGet()))
                .messageHandler((context, from, to, data) -> recipients.add(to))
                .sessionHandler(new SessionHandler() {
                    @Override
                    public SessionAcceptance accept(Session session) {
                        openSessions.incrementAndGet();
                        return SessionHandler.acceptAll().accept(session);
                    }

                    @Override
                    public void onSessionEnd(Session session) {
                        openSessions.decrementAndGet();
                    }
                })
                .connectionTimeout(idleMillis, TimeUnit.MILLISECONDS)
                .build();
        server.start();
        return SmtpSettings.of("127.0.0.1", server.getPortAllocated(), TransportSecurity.STARTTLS, "user", "secret",
                "sender@example.com").withTrustCertificate(certificate.certificate()).withTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private void awaitPrepared() throws InterruptedException {
        for (int i = 0; i < 500 && !sender.isPrepared(); i++) {
            Thread.sleep(10);
        }
        assertThat(sender.isPrepared()).as("connection opened in the background").isTrue();
    }

    @Test
    void preparedConnectionIsUsedSoTheSendNeedsNoNewLogin() throws Exception {
        sender = new SmtpCodeSender(start(30_000), Locale.ENGLISH, Clock.systemUTC());

        sender.prepare();
        awaitPrepared();
        assertThat(logins).hasValue(1);
        sender.send("a@example.com", "123456", Duration.ofMinutes(10));
        sender.send("b@example.com", "654321", Duration.ofMinutes(10));

        assertThat(recipients).containsExactly("a@example.com", "b@example.com");
        assertThat(logins).as("both sends went over the connection opened ahead of time").hasValue(1);
    }

    @Test
    void connectionTheServerDroppedIsReplacedTransparently() throws Exception {
        sender = new SmtpCodeSender(start(300), Locale.ENGLISH, Clock.systemUTC());
        sender.prepare();
        awaitPrepared();

        Thread.sleep(1_000); // the server closes the idle connection after 300 ms
        sender.send("c@example.com", "111111", Duration.ofMinutes(10));

        assertThat(recipients).containsExactly("c@example.com");
        assertThat(logins).as("a new connection replaced the dropped one").hasValue(2);
    }

    @Test
    void aSendThatWaitedForTheConnectionBeingOpenedReportsItsFailureWithoutASecondConnection() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            sender = new SmtpCodeSender(SmtpSettings.of("127.0.0.1", silent.port(), TransportSecurity.STARTTLS, "user",
                    "secret", "sender@example.com").withTimeout(Duration.ofSeconds(1)), Locale.ENGLISH,
                    Clock.systemUTC());

            sender.prepare();
            assertThatThrownBy(() -> sender.send("d@example.com", "222222", Duration.ofMinutes(10)))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.getMessage()).contains("did not answer within 1 seconds"));

            assertThat(silent.connections()).as("the send reported the failure of the connection it waited for, "
                    + "instead of waiting a second timeout on a new one").isEqualTo(1);
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheIdleTimeoutAndTheNextSendOpensAnother() throws Exception {
        sender = new SmtpCodeSender(start(30_000), Locale.ENGLISH, Clock.systemUTC(), null, Duration.ofMillis(300));
        sender.prepare();
        awaitPrepared();
        assertThat(openSessions).as("the kept connection is open at the server").hasValue(1);

        for (int i = 0; i < 300 && (sender.isPrepared() || openSessions.get() > 0); i++) {
            Thread.sleep(10);
        }

        assertThat(sender.isPrepared()).as("the idle connection was let go").isFalse();
        assertThat(openSessions).as("and closed: the server has no session left").hasValue(0);
        sender.send("pat@example.com", "123456", Duration.ofMinutes(10));
        assertThat(recipients).containsExactly("pat@example.com");
        assertThat(logins).as("the send logged in afresh").hasValue(2);
    }

    /**
     * A kept connection whose server answers without an SMTP reply code is out of step, not refusing:
     * the send goes over a new connection. (A real code, 4xx or 5xx, is the answer; see SmtpRetryIT.)
     */
    @Test
    void aKeptConnectionThatAnswersWithoutAReplyCodeIsReplaced() throws Exception {
        DemoCertificate certificate = TestCertificate.localhost();
        try (ScriptedSmtpServer outOfStep = new ScriptedSmtpServer(Fault.CODELESS_REPLY_TO_SECOND_MAIL_FROM,
                certificate.serverContext())) {
            sender = new SmtpCodeSender(SmtpSettings.of("127.0.0.1", outOfStep.port(), TransportSecurity.STARTTLS, "user",
                    "secret", "sender@example.com").withTrustCertificate(certificate.certificate())
                    .withTimeout(Duration.ofSeconds(5)), Locale.ENGLISH, Clock.systemUTC());

            sender.send("a@example.com", "123456", Duration.ofMinutes(10));
            sender.send("b@example.com", "654321", Duration.ofMinutes(10));

            assertThat(outOfStep.count("MAIL")).as("the second send tried the kept connection first").isEqualTo(3);
            assertThat(outOfStep.count("STARTTLS")).as("and then a new one").isEqualTo(2);
            assertThat(outOfStep.messages()).hasSize(2);
        }
    }

    @Test
    void closingTheSenderClosesTheKeptConnection() throws Exception {
        sender = new SmtpCodeSender(start(30_000), Locale.ENGLISH, Clock.systemUTC());
        sender.prepare();
        awaitPrepared();

        sender.close();

        assertThat(sender.isPrepared()).isFalse();
    }
}
