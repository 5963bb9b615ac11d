package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private static final String MINIMAL = "smtp.host=smtp.example.com\nmail.from=me@example.com\n";

    private AppConfig parse(String text) {
        return new ConfigLoader(Map.of()).parse(text, "test", dir, null);
    }

    private static List<String> problemKeys(ConfigException e) {
        return e.problems().stream().map(ConfigException.Problem::key).toList();
    }

    @Test
    void minimalFileGetsTheDocumentedDefaults() {
        AppConfig config = parse(MINIMAL);

        assertThat(config.smtp().host()).isEqualTo("smtp.example.com");
        assertThat(config.smtp().security()).isEqualTo(Security.STARTTLS);
        assertThat(config.smtp().port()).isEqualTo(587);
        assertThat(config.smtp().timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.smtp().retryBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(config.smtp().fromName()).isEqualTo("OTP Verifier");
        assertThat(config.policy()).isEqualTo(OtpPolicy.defaults());
        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void sslDefaultsToPort465() {
        assertThat(parse(MINIMAL + "smtp.security=SSL\n").smtp().port()).isEqualTo(465);
    }

    @Test
    void fromDefaultsToTheUsernameWhenThatIsAnAddress() {
        AppConfig config = parse("smtp.host=h.example.com\nsmtp.username=me@example.com\nsmtp.password=x\n");
        assertThat(config.smtp().fromAddress()).isEqualTo("me@example.com");
    }

    @Test
    void theExampleFileIsValidAndDocumentsEveryKey() throws IOException {
        Path example = Path.of("config.properties.example");
        String text = Files.readString(example);
        AppConfig config = new ConfigLoader(Map.of(ConfigKeys.PASSWORD_VARIABLE, "app-password"))
                .parse(text, example.toString(), dir, example);

        assertThat(config.warnings()).isEmpty();
        assertThat(config.policy()).isEqualTo(OtpPolicy.defaults());
        Properties properties = new Properties();
        properties.load(new java.io.StringReader(text));
        assertThat(properties.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(ConfigKeys.ALL);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsKey() {
        String text = "smtp.host=bad host\nsmtp.port=70000\nsmtp.security=plain\nsmtp.timeout.seconds=abc\n"
                + "mail.from=not-an-address\notp.max.attempts=0\notp.code.validity.seconds=-5\n"
                + "smtp.retry.backoff.seconds=1,x\n";

        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(problemKeys(e)).containsExactlyInAnyOrder("smtp.host", "smtp.port", "smtp.security",
                            "smtp.timeout.seconds", "mail.from", "otp.max.attempts", "otp.code.validity.seconds",
                            "smtp.retry.backoff.seconds");
                    assertThat(e.getMessage()).contains("smtp.port: must be a whole number from 1 to 65535")
                            .contains("plain text is not supported");
                });
    }

    @Test
    void missingHostAndFromAreNamed() {
        assertThatThrownBy(() -> parse(""))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(problemKeys(e)).containsExactlyInAnyOrder("smtp.host", "mail.from"));
    }

    @Test
    void usernameWithoutPasswordAsksForAnAppPassword() {
        assertThatThrownBy(() -> parse(MINIMAL + "smtp.username=me@example.com\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(problemKeys(e)).containsExactly("smtp.password");
                    assertThat(e.getMessage()).contains("OTP_SMTP_PASSWORD").contains("app password");
                });
    }

    @Test
    void environmentPasswordOverridesTheFileAndIsNeverShown() {
        AppConfig config = new ConfigLoader(Map.of("OTP_SMTP_PASSWORD", "from-env-secret"))
                .parse(MINIMAL + "smtp.username=me@example.com\nsmtp.password=from-file-secret\n", "t", dir, null);

        assertThat(config.smtp().password()).isEqualTo("from-env-secret");
        assertThat(config.smtp().passwordFromEnvironment()).isTrue();
        assertThat(config.toString()).doesNotContain("from-env-secret").doesNotContain("from-file-secret");
    }

    @ParameterizedTest
    @CsvSource({"smtp.hots, smtp.host", "smtp.prot, smtp.port", "mail.form, mail.from",
            "otp.max.attempt, otp.max.attempts", "SMTP.HOST, smtp.host"})
    void unknownKeysWarnAndSuggestTheNearestKnownKey(String typo, String suggestion) {
        AppConfig config = parse(MINIMAL + typo + "=1\n");

        assertThat(config.warnings()).singleElement().asString()
                .contains("Unknown key " + typo).contains("Did you mean " + suggestion + "?");
    }

    @Test
    void unrelatedUnknownKeyPointsToTheExample() {
        assertThat(parse(MINIMAL + "color=blue\n").warnings()).singleElement().asString()
                .contains("config.properties.example");
    }

    @Test
    void relativeTrustCertificateIsResolvedAgainstTheFilesDirectory() throws IOException {
        Files.writeString(dir.resolve("ca.pem"), "not checked here");
        AppConfig config = parse(MINIMAL + "smtp.trust.certificate=ca.pem\n");
        assertThat(config.smtp().trustCertificate()).isEqualTo(dir.resolve("ca.pem"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " true "})
    void thePreviousCodeCanBeKeptValidOnPurpose(String value) {
        assertThat(parse(MINIMAL + "otp.previous.code.valid=" + value + "\n").policy())
                .isEqualTo(OtpPolicy.defaults().withPreviousCodeValid(true));
        assertThat(parse(MINIMAL + "otp.previous.code.valid=false\n").policy().previousCodeValid()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "on", "truee"})
    void previousCodeValidTakesOnlyTrueOrFalse(String value) {
        assertThatThrownBy(() -> parse(MINIMAL + "otp.previous.code.valid=" + value + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(problemKeys(e)).containsExactly("otp.previous.code.valid");
                    assertThat(e.getMessage()).contains("must be true or false");
                });
    }

    @Test
    void missingTrustCertificateIsAProblem() {
        assertThatThrownBy(() -> parse(MINIMAL + "smtp.trust.certificate=nowhere.pem\n"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(problemKeys(e)).containsExactly("smtp.trust.certificate"));
    }

    @Test
    void brokenUnicodeEscapeIsAFileProblemNotAStackTrace() {
        assertThatThrownBy(() -> parse(MINIMAL + "mail.from.name=\\u12"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(problemKeys(e)).containsExactly("(file)");
                    assertThat(e.getMessage()).contains("properties format");
                });
    }

    @Test
    void controlCharactersInValuesAreRefused() {
        assertThatThrownBy(() -> parse("smtp.host=smtp.example.com\nmail.from.name=Evil\\r\\nBcc: x@y.z\n"
                + "mail.from=me@example.com\n"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(problemKeys(e)).containsExactly("mail.from.name"));
    }

    @Test
    void invalidUtf8FileIsNamed() throws IOException {
        Path file = dir.resolve("config.properties");
        Files.write(file, new byte[] {'a', '=', (byte) 0xC3, (byte) 0x28});
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.getMessage()).contains("not valid UTF-8"));
    }

    @Test
    void loadReadsAFileAndRemembersIt() throws IOException {
        Path file = dir.resolve("config.properties");
        Files.writeString(file, MINIMAL);
        assertThat(new ConfigLoader(Map.of()).load(file).sourceFile()).contains(file);
    }

    @Test
    void aBrokenFilesMailSettingsAreReadAsWrittenForTheSettingsDialog() throws Exception {
        Path file = Files.writeString(dir.resolve("config.properties"), String.join("\n",
                "smtp.host=mail.example.com", "smtp.port=abc", "smtp.security=ssl", "smtp.username=alice",
                "smtp.password=secret", "mail.from=alice@example.com",
                "smtp.trust.certificate=\u202Egnp.exe\u0007", "otp.max.attempts=nine", ""));
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).load(file)).as("the file is broken")
                .isInstanceOf(ConfigException.class);

        SmtpDraft draft = new ConfigLoader(Map.of()).draft(file).orElseThrow();
        assertThat(draft.host()).isEqualTo("mail.example.com");
        assertThat(draft.port()).isEqualTo("abc");
        assertThat(draft.parsedSecurity()).contains(Security.SSL);
        assertThat(draft.username()).isEqualTo("alice");
        assertThat(draft.password()).isEqualTo("secret");
        assertThat(draft.passwordFromEnvironment()).isFalse();
        assertThat(draft.trustCertificate()).as("no control or direction-override characters").isEqualTo("gnp.exe");
        assertThat(draft.timeoutSeconds()).as("missing").isEmpty();
        assertThat(draft.from()).isEqualTo("alice@example.com");
        assertThat(draft.toString()).doesNotContain("secret");

        SmtpDraft withVariable = new ConfigLoader(Map.of(ConfigKeys.PASSWORD_VARIABLE, "from-env")).draft(file)
                .orElseThrow();
        assertThat(withVariable.passwordFromEnvironment()).isTrue();
        assertThat(withVariable.password()).isEmpty();
    }

    @Test
    void aFileThatIsNoTextHasNoDraft() throws Exception {
        Path file = Files.write(dir.resolve("config.properties"),
                new byte[] {'s', 'm', 't', 'p', '.', 'h', 'o', 's', 't', '=', (byte) 0xC3});
        assertThat(new ConfigLoader(Map.of()).draft(file)).isEmpty();
        assertThat(new ConfigLoader(Map.of()).draft(dir.resolve("missing.properties"))).isEmpty();
    }
}
