package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values with the characters that mean something in a properties file (escapes, separators,
 * comment marks, leading spaces) are written so that they load back exactly as they were.
 */
class ConfigWriterValuesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"plain", " leading space", "back\\slash", "a=b:c", "#not a comment", "!not either",
            "wörd €", "trailing space "})
    void awkwardTextLoadsBackAsWritten(String text) throws IOException {
        Path pem = Files.writeString(dir.resolve(text.strip() + ".pem"), "not read here");
        // The password as it is: only a password keeps its leading and trailing spaces on loading.
        SmtpConfig written = new SmtpConfig("smtp.example.com", 465, Security.SSL, "user " + text.strip(), text,
                false, pem, Duration.ofSeconds(20), List.of(), "me@example.com", "Name " + text.strip());

        Path file = ConfigWriter.write(dir.resolve("config.properties"), written, OtpPolicy.defaults());
        SmtpConfig loaded = new ConfigLoader(Map.of()).load(file).smtp();

        assertThat(loaded).isEqualTo(written);
        assertThat(loaded.trustCertificateFile()).contains(pem);
        assertThat(loaded.retryBackoff()).as("no retries stays no retries").isEmpty();
    }
}
