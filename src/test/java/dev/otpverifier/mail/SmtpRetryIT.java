package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import dev.otpverifier.testing.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Temporary refusals (4xx) are retried a bounded number of times, with the configured pauses;
 * permanent ones (5xx) are not. The server, subethasmtp on 127.0.0.1 requiring STARTTLS and a login
 * like the demo server, counts every attempt it saw.
 */
class SmtpRetryIT {

    private static final String USER = "retry-user";
    private static final String PASSWORD = "retry-password";
    private static final List<Duration> TINY_PAUSES = List.of(Duration.ofMillis(10), Duration.ofMillis(10));

    private static DemoCertificate certificate;
    private static SMTPServer server;

    /** Where the server refuses, and with what, for how many attempts; set by each test. */
    private static volatile Stage stage;
    private static volatile int refusalCode;
    private static volatile int refusals;

    private static final AtomicInteger recipientAttempts = new AtomicInteger();
    private static final AtomicInteger dataAttempts = new AtomicInteger();
    private static final AtomicInteger delivered = new AtomicInteger();
    private static final List<Long> dataAttemptTimes = new CopyOnWriteArrayList<>();

    private enum Stage { RCPT, DATA }

    @BeforeAll
    static void startServer() throws Exception {
        certificate = TestCertificate.localhost();
        server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("localhost")
                .enableTLS()
                .requireTLS()
                .requireAuth()
                .startTlsSocketFactory(certificate.serverContext())
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, password, context) -> {
                    if (!USER.equals(user) || !PASSWORD.equals(password)) {
                        throw new LoginFailedException("Wrong user name or password");
                    }
                }))
                .messageHandlerFactory(ScriptedHandler::new)
                .connectionTimeout(30_000, TimeUnit.MILLISECONDS)
                .build();
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        stage = Stage.DATA;
        refusalCode = 0;
        refusals = 0;
        recipientAttempts.set(0);
        dataAttempts.set(0);
        delivered.set(0);
        dataAttemptTimes.clear();
    }

    /** The server refuses at {@code where} with {@code code}, {@code times} times, then accepts. */
    private static void refuse(Stage where, int code, int times) {
        stage = where;
        refusalCode = code;
        refusals = times;
    }

    private static SmtpCodeSender sender(List<Duration> pauses) {
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", server.getPortAllocated(), TransportSecurity.STARTTLS,
                USER, PASSWORD, "sender@example.com")
                .withTrustCertificate(certificate.certificate())
                .withTimeout(Duration.ofSeconds(5))
                .withRetryBackoff(pauses);
        return new SmtpCodeSender(settings, Locale.ENGLISH, Clock.systemUTC());
    }

    private static void send(List<Duration> pauses) {
        try (SmtpCodeSender sender = sender(pauses)) {
            sender.send("bob@example.com", "123456", Duration.ofMinutes(10));
        }
    }

    @ParameterizedTest(name = "{0} at the end of DATA")
    @ValueSource(ints = {421, 450, 451, 452})
    void temporaryRefusalOfTheMessageIsRetriedUntilAccepted(int code) {
        refuse(Stage.DATA, code, 2);

        send(TINY_PAUSES);

        assertThat(dataAttempts).hasValue(3);
        assertThat(delivered).hasValue(1);
    }

    @ParameterizedTest(name = "{0} to RCPT TO")
    @ValueSource(ints = {450, 451, 452})
    void temporaryRefusalOfTheRecipientIsRetriedUntilAccepted(int code) {
        refuse(Stage.RCPT, code, 1);

        send(TINY_PAUSES);

        assertThat(recipientAttempts).hasValue(2);
        assertThat(delivered).hasValue(1);
    }

    @ParameterizedTest(name = "{0} every time")
    @ValueSource(ints = {421, 450, 451, 452})
    void aTemporaryRefusalThatLastsGivesUpAfterTheConfiguredRetries(int code) {
        refuse(Stage.DATA, code, Integer.MAX_VALUE);
        List<Duration> threePauses = List.of(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMillis(10));

        assertThatThrownBy(() -> send(threePauses))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.TEMPORARY_FAILURE);
                    assertThat(e.getMessage()).startsWith("The mail server 127.0.0.1 is busy and refused the message "
                            + "for now, even after retrying. Try again in a few minutes.")
                            .contains("The server said: \"" + code + " Scripted refusal " + code);
                });
        assertThat(dataAttempts).as("one attempt and three retries").hasValue(4);
        assertThat(delivered).hasValue(0);
    }

    @Test
    void noPausesMeansNoRetries() {
        refuse(Stage.DATA, 451, Integer.MAX_VALUE);

        assertThatThrownBy(() -> send(List.of()))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TEMPORARY_FAILURE));
        assertThat(dataAttempts).hasValue(1);
    }

    @Test
    void theDefaultsAreTwoRetries() {
        assertThat(SmtpSettings.DEFAULT_RETRY_BACKOFF).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
    }

    @Test
    void eachRetryWaitsAtLeastItsPause() {
        refuse(Stage.DATA, 451, 2);
        List<Duration> pauses = List.of(Duration.ofMillis(300), Duration.ofMillis(600));

        send(pauses);

        assertThat(dataAttemptTimes).hasSize(3);
        // Lower bounds only: a retry may come later than its pause, never sooner.
        assertThat(Duration.ofNanos(dataAttemptTimes.get(1) - dataAttemptTimes.get(0))).isGreaterThanOrEqualTo(
                pauses.get(0));
        assertThat(Duration.ofNanos(dataAttemptTimes.get(2) - dataAttemptTimes.get(1))).isGreaterThanOrEqualTo(
                pauses.get(1));
    }

    @Test
    void anInterruptDuringAPauseEndsTheSendAtOnceAndIsKept() {
        refuse(Stage.DATA, 451, Integer.MAX_VALUE);
        long start = System.nanoTime();

        Thread.currentThread().interrupt(); // as SwingWorker.cancel(true) or a shutdown would
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> send(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30))));
        boolean interrupted = Thread.interrupted();

        assertThat(failure).isInstanceOfSatisfying(DeliveryException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TEMPORARY_FAILURE));
        assertThat(interrupted).as("the interrupt is passed on, not swallowed").isTrue();
        assertThat(dataAttempts).as("no retry after the interrupt").hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @ParameterizedTest(name = "{0} at the end of DATA")
    @ValueSource(ints = {550, 554})
    void permanentRefusalOfTheMessageIsNotRetried(int code) {
        refuse(Stage.DATA, code, Integer.MAX_VALUE);

        assertThatThrownBy(() -> send(TINY_PAUSES))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.OTHER);
                    assertThat(e.getMessage()).startsWith("The code could not be sent through 127.0.0.1:")
                            .contains("The server said: \"" + code + " Scripted refusal " + code);
                });
        assertThat(dataAttempts).hasValue(1);
        assertThat(delivered).hasValue(0);
    }

    @ParameterizedTest(name = "{0} to RCPT TO")
    @ValueSource(ints = {550, 553, 554})
    void permanentRefusalOfTheRecipientIsNotRetried(int code) {
        refuse(Stage.RCPT, code, Integer.MAX_VALUE);

        assertThatThrownBy(() -> send(TINY_PAUSES))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_REJECTED);
                    assertThat(e.getMessage()).startsWith("The mail server refused the address bob@example.com.");
                });
        assertThat(recipientAttempts).hasValue(1);
        assertThat(dataAttempts).hasValue(0);
    }

    /** Refuses per the static script; one instance per message transaction. */
    private static final class ScriptedHandler implements MessageHandler {

        ScriptedHandler(MessageContext context) {
        }

        @Override
        public void from(String from) {
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            recipientAttempts.incrementAndGet();
            maybeRefuse(Stage.RCPT);
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            data.readAllBytes();
            dataAttempts.incrementAndGet();
            dataAttemptTimes.add(System.nanoTime());
            maybeRefuse(Stage.DATA);
            delivered.incrementAndGet();
            return null;
        }

        @Override
        public void done() {
        }

        private static void maybeRefuse(Stage here) throws RejectException {
            synchronized (SmtpRetryIT.class) {
                if (stage == here && refusals > 0) {
                    refusals--;
                    throw new RejectException(refusalCode, "Scripted refusal " + refusalCode);
                }
            }
        }
    }
}
