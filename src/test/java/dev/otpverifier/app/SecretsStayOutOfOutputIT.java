package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.testing.LockedBuffer;
import dev.otpverifier.testing.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole terminal flow with the SMTP trace on ({@code --smtp-debug}) against a server that
 * requires STARTTLS and a login: neither the code nor the password, nor the base64 forms AUTH PLAIN
 * and AUTH LOGIN send, appears in standard output, standard error or the log file. Only the message
 * itself, which the server received, holds the code.
 */
class SecretsStayOutOfOutputIT {

    private static DemoMailServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = DemoMailServer.start(Clock.systemUTC());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Every form in which a secret could slip out: as is, and as the AUTH mechanisms encode it. */
    private static List<String> forms(String user, String password) {
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> forms = new ArrayList<>();
        forms.add(password);
        forms.add(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8))); // AUTH LOGIN
        forms.add(base64.encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8))); // PLAIN
        forms.add(base64.encodeToString((user + "\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8)));
        return forms;
    }

    @Test
    void withTheSmtpTraceOnNeitherTheCodeNorThePasswordIsPrintedOrLogged() throws Exception {
        Path config = PrivateFiles.write(dir.resolve("config.properties"), String.join("\n",
                "smtp.host=127.0.0.1",
                "smtp.port=" + server.port(),
                "smtp.security=starttls",
                "smtp.username=" + server.username(),
                "smtp.trust.certificate=" + server.certificateFile(),
                "smtp.timeout.seconds=10",
                "mail.from=verifier@example.com",
                ""));
        Map<String, String> env = new HashMap<>();
        env.put("OTP_SMTP_PASSWORD", server.password());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        int before = server.acceptedCount(); // counted at "250", before the inbox has parsed it

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PipedOutputStream typing = new PipedOutputStream();
        InputStream in = new PipedInputStream(typing);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(
                new String[] {"--console", "--smtp-debug", "--config", config.toString(), "--email",
                    "kim@example.com"},
                env, in, new PrintStream(LockedBuffer.locked(out), true, StandardCharsets.UTF_8),
                new PrintStream(LockedBuffer.locked(err), true, StandardCharsets.UTF_8)));
        try {
            assertThat(server.inbox().awaitCount(before + 1, 60, TimeUnit.SECONDS)).as(LockedBuffer.text(out) + LockedBuffer.text(err)).isTrue();
            String code = server.inbox().messages().get(0).subject().substring(0, 6);
            assertThat(code).matches("[0-9]{6}");
            typing.write((code + "\n").getBytes(StandardCharsets.UTF_8));
            typing.flush();

            assertThat(status.get(60, TimeUnit.SECONDS)).as(LockedBuffer.text(out) + LockedBuffer.text(err)).isZero();

            String stdout = LockedBuffer.text(out);
            String stderr = LockedBuffer.text(err);
            Path log = dir.resolve("state").resolve("otp-verifier").resolve(LogSetup.FILE_NAME);
            assertThat(log).exists();
            String logged = Files.readString(log, StandardCharsets.UTF_8);

            assertThat(stdout).contains("Verified: k***@example.com");
            assertThat(stderr).as("the trace is on").contains("STARTTLS").contains("AUTH");
            assertThat(server.inbox().messages().get(0).text()).as("the message itself holds the code").contains(code);
            for (String[] output : new String[][] {{"stdout", stdout}, {"stderr", stderr}, {"log file", logged}}) {
                assertThat(output[1]).as("the code in " + output[0]).doesNotContain(code);
                for (String secret : forms(server.username(), server.password())) {
                    assertThat(output[1]).as("the password in " + output[0]).doesNotContain(secret);
                }
            }
        } finally {
            typing.close();
            status.get(60, TimeUnit.SECONDS);
        }
    }

}
