package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The documented example, cut off at every byte: each prefix is a file someone could end up with
 * (a full disk, an interrupted copy), and each must load or fail with problems that name keys.
 */
class ConfigTruncationTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "password in the environment: {0}")
    @ValueSource(booleans = {false, true})
    void everyPrefixOfTheExampleLoadsOrNamesItsProblems(boolean password) throws IOException {
        byte[] example = Files.readAllBytes(Path.of("config.properties.example"));
        ConfigLoader loader = new ConfigLoader(
                password ? Map.of(ConfigKeys.PASSWORD_VARIABLE, "env-secret") : Map.of());
        Path file = dir.resolve("config.properties");
        int loaded = 0;

        for (int length = 0; length <= example.length; length++) {
            Files.write(file, Arrays.copyOf(example, length));
            if (ConfigContract.holds(() -> loader.load(file)) != null) {
                loaded++;
            }
        }

        if (password) {
            assertThat(loaded).as("the complete example, with a password, is a working configuration")
                    .isPositive();
        } else {
            assertThat(loaded).as("without a password the example's login cannot work").isZero();
        }
    }

    @Test
    void theCompleteExampleWithAPasswordLoads() throws IOException {
        AppConfig config = new ConfigLoader(Map.of(ConfigKeys.PASSWORD_VARIABLE, "env-secret"))
                .load(Path.of("config.properties.example"));

        assertThat(config.smtp().host()).isEqualTo("smtp.example.com");
        assertThat(config.warnings()).isEmpty();
    }
}
