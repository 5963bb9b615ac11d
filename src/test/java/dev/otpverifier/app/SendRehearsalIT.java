package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.config.AppConfig;
import dev.otpverifier.config.ConfigLoader;
import dev.otpverifier.config.Security;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.otp.CodeSender;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.RequestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send rehearsal: its dummy messages really go through the sender to a server in the process,
 * a real send stops it, and it never fails the app.
 */
class SendRehearsalIT {

    @TempDir
    Path cache;

    @Test
    void sendsEveryDummyMessageThroughTheSenderAndKeepsItsCertificateForTheNextStart() throws Exception {
        SendRehearsal rehearsal = new SendRehearsal(Clock.systemUTC());

        assertThat(rehearsal.run(cache)).as("counted by the server").isEqualTo(SendRehearsal.MESSAGES);

        DemoCertificate kept = SendRehearsal.keptCertificate(cache, Clock.systemUTC());
        assertThat(kept.keyStore()).startsWith(cache.resolve(SendRehearsal.CERTIFICATE_FOLDER));
        byte[] keyStore = Files.readAllBytes(kept.keyStore());
        assertThat(new SendRehearsal(Clock.systemUTC()).run(cache)).isEqualTo(SendRehearsal.MESSAGES);
        assertThat(Files.readAllBytes(kept.keyStore())).as("the second start makes no key pair").isEqualTo(keyStore);
    }

    @Test
    void aRealSendStopsARehearsalUnderWayAfterTheMessageItIsSending() throws Exception {
        int endless = 1_000_000; // far more than a test lasts: only the stop can end it
        SendRehearsal rehearsal = new SendRehearsal(Clock.systemUTC(), endless);
        List<String> sent = new ArrayList<>();
        CodeSender real = rehearsal.stoppingOnSend((address, code, validity) -> sent.add(address));
        int[] rehearsed = new int[1];
        Thread background = new Thread(() -> rehearsed[0] = rehearsal.run(cache));

        background.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (rehearsal.sentSoFar() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(rehearsal.sentSoFar()).as("the rehearsal is under way").isGreaterThanOrEqualTo(3);
        real.send("person@example.com", "123456", Duration.ofMinutes(10));
        background.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(background.isAlive()).as("stopped").isFalse();
        assertThat(sent).containsExactly("person@example.com");
        assertThat(rehearsal.isStopped()).isTrue();
        assertThat(rehearsed[0]).isBetween(3, endless - 1);
        assertThat(rehearsal.run(cache)).as("a stopped rehearsal does not start again").isZero();
    }

    @Test
    void theStoppingSenderOtherwiseActsAsTheSenderItWraps() {
        SendRehearsal rehearsal = new SendRehearsal(Clock.systemUTC());
        int[] prepared = new int[1];
        CodeSender demo = new CodeSender() {
            @Override
            public void send(String address, String code, Duration validity) {
            }

            @Override
            public void prepare() {
                prepared[0]++;
            }

            @Override
            public boolean reachesTheMailbox() {
                return false;
            }
        };

        CodeSender wrapped = rehearsal.stoppingOnSend(demo);
        wrapped.prepare();

        assertThat(prepared[0]).isOne();
        assertThat(wrapped.reachesTheMailbox()).as("a demo code must still prove no mailbox").isFalse();
        assertThat(rehearsal.isStopped()).as("preparing is not sending").isFalse();
    }

    @Test
    void aRehearsalThatCannotRunReturnsNothingAndThrowsNothing() throws Exception {
        Path notADirectory = Files.writeString(cache.resolve("file"), "in the way");

        assertThat(new SendRehearsal(Clock.systemUTC()).run(notADirectory)).isZero();
    }

    @Test
    void aCodeSentThroughRealMailStopsItAndSoDoesOneSentAfterSavingNewSettings() throws Exception {
        try (DemoMailServer server = DemoMailServer.start(Clock.systemUTC())) {
            SmtpConfig settings = new SmtpConfig(server.host(), server.port(), Security.STARTTLS, server.username(),
                    server.password(), false, server.certificateFile(), Duration.ofSeconds(5), List.of(),
                    "v@example.com", "");
            AppConfig config = new ConfigLoader(Map.of("OTP_SMTP_PASSWORD", server.password())).parse(String.join("\n",
                    "smtp.host=" + server.host(), "smtp.port=" + server.port(), "smtp.username=" + server.username(),
                    "smtp.trust.certificate=" + server.certificateFile(), "mail.from=v@example.com", ""), "test", cache,
                    null);
            try (DesktopServices real = DesktopServices.real(config, cache.resolve("c.properties"), Clock.systemUTC(),
                    LimitLedger.none(), signIns())) {
                assertThat(real.otpService().orElseThrow().requestCode("person@example.com"))
                        .isInstanceOf(RequestResult.Sent.class);
                assertThat(real.rehearsal().isStopped()).isTrue();
            }
            try (DesktopServices saved = DesktopServices.demoNotStarted(cache.resolve("d.properties"), Clock.systemUTC(),
                    LimitLedger.none(), signIns())) {
                saved.saveAndApply(settings);
                assertThat(saved.rehearsal().isStopped()).as("saving is not sending").isFalse();

                assertThat(saved.otpService().orElseThrow().requestCode("person@example.com"))
                        .isInstanceOf(RequestResult.Sent.class);
                assertThat(saved.rehearsal().isStopped()).isTrue();
            }
        }
    }

    @Test
    void theServicesStopItWhenACodeIsSent() throws Exception {
        try (DesktopServices services = DesktopServices.demoNotStarted(cache.resolve("config.properties"),
                Clock.systemUTC(), LimitLedger.none(), signIns(), cache)) {
            assertThat(services.rehearsal().isStopped()).isFalse();

            RequestResult result = services.otpService().orElseThrow().requestCode("person@example.com");

            assertThat(result).isInstanceOf(RequestResult.Sent.class);
            assertThat(services.rehearsal().isStopped()).isTrue();
            assertThat(cache.resolve(SendRehearsal.CERTIFICATE_FOLDER))
                    .as("the demo server started on the kept certificate").isDirectoryContaining("glob:**.pem");
        }
    }

    /** Sign-ins kept in an owner-only file in this test's folder, never in the tester's keyring. */
    private SignIns signIns() {
        return SignIns.forUser(cache.resolve("state"), Map.of(SignIns.STORE_VARIABLE, "file"), Clock.systemUTC());
    }
}
