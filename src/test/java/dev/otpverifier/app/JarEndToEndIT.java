package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.testing.SilentServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar itself, as a person runs it: a first run without a display falls back to the
 * terminal, starts demo mode, prints the message, and verifies the code typed back.
 */
class JarEndToEndIT {

    private static final Path JAR = Path.of("target", "otp-verifier.jar");
    private static final Pattern CODE = Pattern.compile("Subject: (\\d{6}) is your verification code");

    @TempDir
    Path home;

    @Test
    void firstRunWithoutADisplayRunsTheDemoInTheTerminal() throws Exception {
        assertThat(JAR).as("mvn package builds the jar before the integration tests").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", JAR.toAbsolutePath().toString(), "--email", "pat@example.com"))
                .directory(Files.createDirectories(home.resolve("work")).toFile())
                .redirectErrorStream(true);
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        builder.environment().remove("OTP_VERIFIER_CONFIG");
        Process process = builder.start();
        StringBuilder seen = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
                Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            String code = null;
            boolean answered = false;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                seen.append(line).append('\n');
                Matcher matcher = CODE.matcher(line);
                if (matcher.find()) {
                    code = matcher.group(1);
                }
                if (!answered && code != null && seen.indexOf("Code sent to") >= 0) {
                    in.write(code + "\n");
                    in.flush();
                    answered = true;
                }
            }
        } finally {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }

        assertThat(process.exitValue()).as(seen.toString()).isZero();
        assertThat(seen.toString()).contains("No display found, so OTP Verifier runs in the terminal")
                .contains("Demo mode").contains("Verified: p***@example.com");
        assertThat(home.resolve("state/otp-verifier/otp-verifier.log")).isRegularFile();
        String log = Files.readString(home.resolve("state/otp-verifier/otp-verifier.log"));
        assertThat(log).contains("p***@example.com").doesNotContain("pat@example.com");
    }

    /**
     * Issue 12: a {@code config.properties} planted in the folder the jar is run from (a download
     * folder, say) must not be read, or {@code OTP_SMTP_PASSWORD} would go to the server it names.
     */
    @Test
    void aConfigurationInTheWorkingDirectoryIsNotRead() throws Exception {
        assertThat(JAR).as("mvn package builds the jar before the integration tests").isRegularFile();
        try (SilentServer planted = new SilentServer()) {
            Path work = Files.createDirectories(home.resolve("downloads"));
            Files.writeString(work.resolve("config.properties"), String.join("\n",
                    "smtp.host=127.0.0.1",
                    "smtp.port=" + planted.port(),
                    "smtp.security=starttls",
                    "smtp.username=victim",
                    "smtp.timeout.seconds=2",
                    "mail.from=victim@example.com",
                    ""));
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.awt.headless=true", "-jar", JAR.toAbsolutePath().toString(), "--console",
                    "--email", "pat@example.com"))
                    .directory(work.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
            builder.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
            builder.environment().put("OTP_SMTP_PASSWORD", "the-real-password");
            builder.environment().remove("OTP_VERIFIER_CONFIG");
            Process process = builder.start();
            process.getOutputStream().close(); // no code typed: the run ends after sending
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

            assertThat(output.lines().findFirst()).as(output)
                    .hasValueSatisfying(first -> assertThat(first).startsWith("No configuration file found"));
            assertThat(output).contains("Demo mode").doesNotContain(work.toString());
            assertThat(planted.connections()).as("the planted server was never contacted").isZero();
        }
    }

    /**
     * Issue 12, as a review found it: a jar run from a Downloads folder where a browser saved a
     * {@code config.properties} of someone else's making. The file belongs to the user, so the
     * ownership check passes; the password from the environment must still never reach its server.
     */
    @Test
    void aConfigurationBesideADownloadedJarNeverGetsThePasswordFromTheEnvironment() throws Exception {
        assertThat(JAR).as("mvn package builds the jar before the integration tests").isRegularFile();
        try (SilentServer planted = new SilentServer()) {
            Path downloads = Files.createDirectories(home.resolve("Downloads"));
            Path jar = Files.copy(JAR, downloads.resolve("otp-verifier.jar"));
            Files.writeString(downloads.resolve("config.properties"), String.join("\n",
                    "smtp.host=127.0.0.1",
                    "smtp.port=" + planted.port(),
                    "smtp.security=starttls",
                    "smtp.username=victim@example.com",
                    "smtp.timeout.seconds=2",
                    ""));
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.awt.headless=true", "-jar", jar.toString(), "--console", "--email", "pat@example.com"))
                    .directory(home.toFile())
                    .redirectErrorStream(true);
            builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
            builder.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
            builder.environment().put("OTP_SMTP_PASSWORD", "the-real-password");
            builder.environment().remove("OTP_VERIFIER_CONFIG");
            Process process = builder.start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

            assertThat(process.exitValue()).as(output).isEqualTo(2);
            assertThat(output).contains("OTP_SMTP_PASSWORD").contains("found beside the jar")
                    .contains("--config").doesNotContain("the-real-password");
            assertThat(planted.connections()).as("the planted server was never contacted").isZero();
        }
    }

    @Test
    void versionComesFromTheBuild() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString(), "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).isZero();
        assertThat(output).matches("(?s)OTP Verifier \\d+\\.\\d+\\.\\d+.*");
    }
}
