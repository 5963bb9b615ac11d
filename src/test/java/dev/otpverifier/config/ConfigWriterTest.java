package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {

    @TempDir
    Path dir;

    private static SmtpConfig smtp(boolean passwordFromEnvironment) {
        return new SmtpConfig("smtp.example.com", 2525, Security.SSL, "me@example.com", "p@ss=wörd:#!",
                passwordFromEnvironment, null, Duration.ofSeconds(7), List.of(Duration.ofSeconds(2)),
                "me@example.com", "Ünïcode Sender");
    }

    @Test
    void writesAFileThatLoadsBackTheSame() throws IOException {
        OtpPolicy policy = OtpPolicy.defaults().withMaxAttemptsPerCode(3).withCodeValidity(Duration.ofMinutes(5))
                .withPreviousCodeValid(true);
        Path file = ConfigWriter.write(dir.resolve("sub/config.properties"), smtp(false), policy);

        AppConfig loaded = new ConfigLoader(Map.of()).load(file);

        assertThat(loaded.smtp()).isEqualTo(smtp(false));
        assertThat(loaded.policy()).isEqualTo(policy);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void fileAndDirectoryAreReadableByTheOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = ConfigWriter.write(dir.resolve("new/config.properties"), smtp(false), OtpPolicy.defaults());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aPasswordFromTheEnvironmentIsNeverWritten() throws IOException {
        Path file = ConfigWriter.write(dir.resolve("config.properties"), smtp(true), OtpPolicy.defaults());

        String text = Files.readString(file);
        assertThat(text).doesNotContain("p@ss").doesNotContain("smtp.password=").contains("OTP_SMTP_PASSWORD");
    }
}
