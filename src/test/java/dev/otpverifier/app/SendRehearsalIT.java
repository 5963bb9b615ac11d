package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.otp.CodeSender;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.RequestResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
    void aRealSendStopsItAfterTheMessageItIsSending() throws Exception {
        SendRehearsal rehearsal = new SendRehearsal(Clock.systemUTC());
        SendRehearsal.keptCertificate(cache, Clock.systemUTC()); // made first, so that the run starts sending at once
        List<String> sent = new ArrayList<>();
        CodeSender real = rehearsal.stoppingOnSend((address, code, validity) -> sent.add(address));
        CountDownLatch running = new CountDownLatch(1);
        int[] rehearsed = new int[1];
        Thread background = new Thread(() -> {
            running.countDown();
            rehearsed[0] = rehearsal.run(cache);
        });

        background.start();
        running.await();
        real.send("person@example.com", "123456", Duration.ofMinutes(10));
        background.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(sent).containsExactly("person@example.com");
        assertThat(rehearsal.isStopped()).isTrue();
        assertThat(rehearsed[0]).isLessThan(SendRehearsal.MESSAGES);
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
    void theServicesStopItWhenACodeIsSent() throws Exception {
        try (DesktopServices services = DesktopServices.demoNotStarted(cache.resolve("config.properties"),
                Clock.systemUTC(), LimitLedger.none(), SignIns.forUser(cache.resolve("state"), java.util.Map.of(SignIns.STORE_VARIABLE, "file"),
                        Clock.systemUTC()), cache)) {
            assertThat(services.rehearsal().isStopped()).isFalse();

            RequestResult result = services.otpService().orElseThrow().requestCode("person@example.com");

            assertThat(result).isInstanceOf(RequestResult.Sent.class);
            assertThat(services.rehearsal().isStopped()).isTrue();
            assertThat(cache.resolve(SendRehearsal.CERTIFICATE_FOLDER))
                    .as("the demo server started on the kept certificate").isDirectoryContaining("glob:**.pem");
        }
    }
}
