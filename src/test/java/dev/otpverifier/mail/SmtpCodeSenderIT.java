package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.demo.ReceivedMessage;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import dev.otpverifier.testing.Ports;
import dev.otpverifier.testing.SilentServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real STARTTLS path, against a subethasmtp server on 127.0.0.1 that requires TLS and a login. */
class SmtpCodeSenderIT {

    private static DemoMailServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = DemoMailServer.start(Clock.systemUTC());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static SmtpSettings trusted() {
        return SmtpSettings.of(server.host(), server.port(), TransportSecurity.STARTTLS, server.username(),
                server.password(), "sender@example.com")
                .withTrustCertificate(server.certificateFile())
                .withTimeout(Duration.ofSeconds(5));
    }

    private static SmtpCodeSender sender(SmtpSettings settings) {
        return new SmtpCodeSender(settings, Locale.ENGLISH, Clock.systemUTC());
    }

    @Test
    void sendsOverStartTlsWithLoginAndTrustedCertificate() throws Exception {
        int before = server.acceptedCount(); // counted at "250", before the inbox has parsed it

        sender(trusted()).send("Alice@Example.com", "012345", Duration.ofMinutes(10));

        assertThat(server.inbox().awaitCount(before + 1, 10, TimeUnit.SECONDS)).isTrue();
        ReceivedMessage message = server.inbox().messages().get(0);
        assertThat(message.envelopeTo()).isEqualTo("Alice@Example.com");
        assertThat(message.subject()).isEqualTo("012345 is your verification code");
        assertThat(message.text()).contains("012345").contains("10 minutes").contains("Never share this code");
        assertThat(message.html()).contains("012345").contains("<html");
    }

    @Test
    void wrongPasswordSaysSoAndMentionsAppPasswords() {
        SmtpSettings wrong = trusted().withPassword("not-the-password");

        assertThatThrownBy(() -> sender(wrong).send("bob@example.com", "123456", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                    assertThat(e.getMessage()).contains("refused the user name or password").contains("app password")
                            .doesNotContain("not-the-password");
                });
    }

    @Test
    void certificateNotInTheTrustStoreIsRefused() {
        SmtpSettings untrusted = trusted().withTrustCertificate(null);

        assertThatThrownBy(() -> sender(untrusted).send("bob@example.com", "123456", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE);
                    assertThat(e.getMessage()).contains("could not prove its identity")
                            .contains("smtp.trust.certificate");
                });
    }

    @Test
    void certificateOfAnotherServerIsRefused() throws Exception {
        try (DemoMailServer other = DemoMailServer.start(Clock.systemUTC())) {
            SmtpSettings mixedUp = trusted().withTrustCertificate(other.certificateFile());

            assertThatThrownBy(() -> sender(mixedUp).send("bob@example.com", "123456", Duration.ofMinutes(10)))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE));
        }
    }

    @Test
    void trustedCertificateForAnotherHostNameIsRefused() throws Exception {
        try (DemoMailServer wrongName = DemoMailServer.start(Clock.systemUTC(), List.of("dns:mail.example.org"))) {
            SmtpSettings settings = SmtpSettings.of(wrongName.host(), wrongName.port(), TransportSecurity.STARTTLS,
                    wrongName.username(), wrongName.password(), "sender@example.com")
                    .withTrustCertificate(wrongName.certificateFile())
                    .withTimeout(Duration.ofSeconds(5));

            assertThatThrownBy(() -> sender(settings).send("bob@example.com", "123456", Duration.ofMinutes(10)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE);
                        assertThat(e.getMessage()).contains("issued for another name");
                    });
            assertThat(wrongName.acceptedCount()).isZero();
        }
    }

    @Test
    void serverThatNeverAnswersTimesOut() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            SmtpSettings settings = SmtpSettings.of("127.0.0.1", silent.port(), TransportSecurity.STARTTLS, "user",
                    "secret", "sender@example.com").withTimeout(Duration.ofSeconds(1));

            assertThatThrownBy(() -> sender(settings).send("bob@example.com", "123456", Duration.ofMinutes(10)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
                        assertThat(e.getMessage()).contains("did not answer within 1 seconds");
                    });
        }
    }

    @Test
    void nothingListeningIsConnectionRefused() {
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", Ports.closedPort(), TransportSecurity.STARTTLS, "user",
                "secret", "sender@example.com").withTimeout(Duration.ofSeconds(2));

        assertThatThrownBy(() -> sender(settings).send("bob@example.com", "123456", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CONNECTION_REFUSED);
                    assertThat(e.getMessage()).contains("Could not connect to 127.0.0.1 on port");
                });
    }

    @Test
    void unresolvableHostHasItsOwnMessage() {
        SmtpSettings settings = SmtpSettings.of("no-such-host.invalid", 587, TransportSecurity.STARTTLS, "user",
                "secret", "sender@example.com").withTimeout(Duration.ofSeconds(2));

        assertThatThrownBy(() -> sender(settings).send("bob@example.com", "123456", Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_HOST);
                    assertThat(e.getMessage()).contains("no-such-host.invalid could not be found");
                });
    }

    @Test
    void testConnectionLogsInWithoutSending() {
        int before = server.acceptedCount(); // counted at "250", before the inbox has parsed it

        sender(trusted()).testConnection();

        assertThat(server.acceptedCount()).isEqualTo(before);
        assertThatThrownBy(() -> sender(trusted().withPassword("wrong")).testConnection())
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION));
    }

    @Test
    void testMessageGoesToTheFromAddress() throws Exception {
        int before = server.acceptedCount(); // counted at "250", before the inbox has parsed it

        sender(trusted()).sendTestMessage();

        assertThat(server.inbox().awaitCount(before + 1, 10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.inbox().messages().get(0).envelopeTo()).isEqualTo("sender@example.com");
    }

    @Test
    void headerInjectionInTheAddressNeverReachesTheServer() {
        int before = server.acceptedCount(); // counted at "250", before the inbox has parsed it

        assertThatThrownBy(() -> sender(trusted()).send("a@example.com\r\nBcc: victim@example.org", "123456",
                Duration.ofMinutes(10)))
                .isInstanceOfSatisfying(DeliveryException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.RECIPIENT_REJECTED));
        assertThat(server.acceptedCount()).isEqualTo(before);
    }
}
