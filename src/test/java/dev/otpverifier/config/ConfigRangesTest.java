package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every limit that config.properties.example documents, from both sides: the first and last value
 * allowed load and are used as written, the values just outside are refused with a problem that
 * names the key and the range.
 */
class ConfigRangesTest {

    private static final String MINIMAL = "smtp.host=smtp.example.com\nmail.from=me@example.com\n";
    private static final int ONE_MIB = 1 << 20;

    @TempDir
    Path dir;

    private static AppConfig parse(String text) {
        return new ConfigLoader(Map.of()).parse(text, "test", null, null);
    }

    private static void assertOneProblem(String text, String key, String message) {
        assertThatThrownBy(() -> parse(text)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo(key);
                    assertThat(problem.message()).contains(message);
                }));
    }

    /** Each whole-number key, its documented range, and where the loaded configuration keeps it. */
    static Stream<Arguments> wholeNumbers() {
        return Stream.of(
                range("smtp.port", 1, 65_535, c -> c.smtp().port()),
                range("smtp.timeout.seconds", 1, 600, c -> c.smtp().timeout().toSeconds()),
                range("otp.code.validity.seconds", 30, 86_400, c -> c.policy().codeValidity().toSeconds()),
                range("otp.max.attempts", 1, 100, c -> c.policy().maxAttemptsPerCode()),
                range("otp.resend.cooldown.seconds", 0, 86_400, c -> c.policy().resendCooldown().toSeconds()),
                range("otp.max.codes.per.window", 1, 1_000, c -> c.policy().maxCodesPerWindow()),
                range("otp.codes.window.seconds", 1, 604_800, c -> c.policy().codesWindow().toSeconds()),
                range("otp.lockout.failures", 1, 10_000, c -> c.policy().maxFailuresPerLockWindow()),
                range("otp.lockout.window.seconds", 1, 604_800, c -> c.policy().lockWindow().toSeconds()),
                range("otp.max.tracked.addresses", 1, 10_000_000, c -> c.policy().maxEntries()));
    }

    private static Arguments range(String key, long min, long max, ToLongFunction<AppConfig> used) {
        return Arguments.of(key, min, max, used);
    }

    @ParameterizedTest(name = "{0}: {1} and {2}")
    @MethodSource("wholeNumbers")
    void theFirstAndLastAllowedValuesAreUsedAsWritten(String key, long min, long max, ToLongFunction<AppConfig> used) {
        assertThat(used.applyAsLong(parse(MINIMAL + key + "=" + min + "\n"))).isEqualTo(min);
        assertThat(used.applyAsLong(parse(MINIMAL + key + "=" + max + "\n"))).isEqualTo(max);
    }

    @ParameterizedTest(name = "{0}: {1} - 1 and {2} + 1")
    @MethodSource("wholeNumbers")
    void oneBelowOrAboveTheRangeIsRefusedWithTheRange(String key, long min, long max,
            ToLongFunction<AppConfig> used) {
        String range = "must be a whole number from " + min + " to " + max + ";";
        assertOneProblem(MINIMAL + key + "=" + (min - 1) + "\n", key, range + " was \"" + (min - 1) + "\".");
        assertOneProblem(MINIMAL + key + "=" + (max + 1) + "\n", key, range + " was \"" + (max + 1) + "\".");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "0          | 0",
        "60         | 60",
        "0,60       | 0,60",
        "1,2,3,4,5  | 1,2,3,4,5",
        "' 5 , 7 '  | 5,7"})
    void retryPausesFrom0To60SecondsAndAtMostFiveOfThem(String written, String seconds) {
        List<Duration> expected = Stream.of(seconds.split(",")).map(s -> Duration.ofSeconds(Long.parseLong(s)))
                .toList();

        assertThat(parse(MINIMAL + "smtp.retry.backoff.seconds=" + written + "\n").smtp().retryBackoff())
                .isEqualTo(expected);
    }

    @Test
    void anEmptyListOfPausesMeansNoRetries() {
        assertThat(parse(MINIMAL + "smtp.retry.backoff.seconds=\n").smtp().retryBackoff()).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"-1", "61", "'3,61'", "'-1,3'"})
    void aPauseOutside0To60SecondsIsRefused(String written) {
        assertOneProblem(MINIMAL + "smtp.retry.backoff.seconds=" + written + "\n", "smtp.retry.backoff.seconds",
                "whole seconds from 0 to 60");
    }

    @Test
    void aSixthPauseIsRefused() {
        assertOneProblem(MINIMAL + "smtp.retry.backoff.seconds=1,2,3,4,5,6\n", "smtp.retry.backoff.seconds",
                "may list at most 5 pauses");
    }

    @Test
    void aTextValueMayHave1000Characters() {
        String username = "u".repeat(1_000);
        AppConfig config = parse(MINIMAL + "smtp.username=" + username + "\nsmtp.password=secret\n");

        assertThat(config.smtp().username()).isEqualTo(username);
        assertOneProblem(MINIMAL + "smtp.username=" + username + "u\nsmtp.password=secret\n", "smtp.username",
                "is longer than 1000 characters");
    }

    @Test
    void aPasswordMayHave1000Characters() {
        String password = "p".repeat(1_000);
        String login = MINIMAL + "smtp.username=me@example.com\nsmtp.password=";

        assertThat(parse(login + password + "\n").smtp().password()).isEqualTo(password);
        assertThatThrownBy(() -> parse(login + password + "p\n")).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).containsExactly(
                        new ConfigException.Problem("smtp.password", "is longer than 1000 characters.")));
    }

    @Test
    void theSendersNameMayHave100Characters() {
        String name = "n".repeat(100);

        assertThat(parse(MINIMAL + "mail.from.name=" + name + "\n").smtp().fromName()).isEqualTo(name);
        assertOneProblem(MINIMAL + "mail.from.name=" + name + "n\n", "mail.from.name", "at most 100 characters");
    }

    @Test
    void aFileOfExactly1MibLoadsAndOneByteMoreIsRefused() throws IOException {
        String padded = MINIMAL + "#".repeat(ONE_MIB - MINIMAL.length() - 1) + "\n";
        Path file = Files.writeString(dir.resolve("config.properties"), padded, StandardCharsets.UTF_8);
        assertThat(Files.size(file)).isEqualTo(ONE_MIB);

        assertThat(new ConfigLoader(Map.of()).load(file).smtp().host()).isEqualTo("smtp.example.com");

        Files.writeString(file, "#", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("(file)");
                            assertThat(problem.message()).contains("larger than 1 MiB");
                        }));
    }
}
