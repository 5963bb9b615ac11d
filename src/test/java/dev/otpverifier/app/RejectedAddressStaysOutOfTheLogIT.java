package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.testing.PrivateFiles;
import dev.otpverifier.testing.ScriptedSmtpServer;
import dev.otpverifier.testing.ScriptedSmtpServer.Fault;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, part 4: a mail server that refuses the recipient with a reply that repeats the full
 * address (as Postfix does) must not put that address in the log file. The person at the terminal
 * is told the whole reply (they typed the address); the log, which outlives the session, gets the
 * masked address and the reason only.
 *
 * <p>The log calls in the mail, app, demo and ui packages log a reply code, a host, a path or an
 * exception's class name, never an exception's text. The failed send is logged by
 * {@code OtpService} (otp package), which must log its reason, never the exception's message: that
 * message is written for the person and names the address and the server's reply.
 */
class RejectedAddressStaysOutOfTheLogIT {

    private static final String ADDRESS = "Carol.Rejected@example.com";

    @TempDir
    Path dir;

    @Test
    void aRejectedRecipientIsNeverWrittenToTheLogInFull() throws Exception {
        DemoCertificate certificate = DemoCertificate.generate(PrivateFiles.directories(dir.resolve("certificate")));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Fault.REJECT_RCPT_TO, certificate.serverContext())) {
            Path config = PrivateFiles.write(dir.resolve("config.properties"), String.join("\n",
                    "smtp.host=127.0.0.1",
                    "smtp.port=" + server.port(),
                    "smtp.security=starttls",
                    "smtp.username=verifier",
                    "smtp.trust.certificate=" + certificate.certificate(),
                    "smtp.timeout.seconds=5",
                    "mail.from=verifier@example.com",
                    ""));
            Map<String, String> env = Map.of(
                    "OTP_SMTP_PASSWORD", "server-accepts-any-login",
                    "XDG_CONFIG_HOME", dir.resolve("config").toString(),
                    "XDG_STATE_HOME", dir.resolve("state").toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();

            int status = Main.run(new String[] {"--console", "--config", config.toString(), "--email", ADDRESS}, env,
                    InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));

            String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
            assertThat(status).as(printed).isEqualTo(3);
            assertThat(server.commands()).as("the server was asked for the full address")
                    .contains("RCPT TO:<" + ADDRESS + ">");
            assertThat(printed).as("the person is told what the server said")
                    .contains("Recipient address rejected");

            Path log = dir.resolve("state").resolve("otp-verifier").resolve(LogSetup.FILE_NAME);
            String logged = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(logged).as("the failed send is logged, with the address masked")
                    .contains("C***@example.com");
            assertThat(logged).as("neither the address nor the server's reply that repeats it")
                    .doesNotContainIgnoringCase(ADDRESS)
                    .doesNotContainIgnoringCase("carol.rejected")
                    .doesNotContain("Recipient address rejected");
        }
    }
}
