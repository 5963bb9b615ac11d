package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mail settings as values: what a missing part means, and what printing them shows. */
class SmtpConfigTest {

    private static SmtpConfig settings(String username, String password, boolean fromEnvironment, Path trust) {
        return new SmtpConfig("smtp.example.com", 2525, Security.SSL, username, password, fromEnvironment, trust,
                Duration.ofSeconds(7), List.of(Duration.ofSeconds(2)), "me@example.com", "Sender");
    }

    @Test
    void theUsernameIsKeptAndNoneMeansNoLogin() {
        assertThat(settings("me@example.com", "secret", false, null).username()).isEqualTo("me@example.com");
        assertThat(settings(null, null, false, null)).satisfies(noLogin -> {
            assertThat(noLogin.username()).isEmpty();
            assertThat(noLogin.password()).isEmpty();
        });
    }

    @Test
    void theTrustedCertificateFileIsOptional() {
        Path pem = Path.of("/etc/otp-verifier/ca.pem");

        assertThat(settings("", "", false, pem).trustCertificateFile()).contains(pem);
        assertThat(settings("", "", false, null).trustCertificateFile()).isEmpty();
    }

    @ParameterizedTest(name = "password \"{0}\", from the environment: {1}")
    @CsvSource({
        "'',          false, (none)",
        "'',          true,  (none)",
        "file-secret, false, (hidden)",
        "env-secret,  true,  '(hidden, from OTP_SMTP_PASSWORD)'"})
    void printingShowsEverySettingButOnlyWhetherThereIsAPassword(String password, boolean fromEnvironment,
            String shown) {
        Path pem = Path.of("/etc/otp-verifier/ca.pem");

        assertThat(settings("me@example.com", password, fromEnvironment, pem).toString()).isEqualTo(
                "SmtpConfig[host=smtp.example.com, port=2525, security=SSL, username=me@example.com, password="
                        + shown + ", trustCertificate=" + pem + ", timeout=PT7S, retryBackoff=[PT2S], "
                        + "fromAddress=me@example.com, fromName=Sender]");
    }

    @ParameterizedTest(name = "password \"{0}\"")
    @CsvSource({"'', (none)", "draft-secret, (hidden)"})
    void aDraftPrintsEveryValueButOnlyWhetherThereIsAPassword(String password, String shown) {
        SmtpDraft draft = new SmtpDraft("smtp.example.com", "abc", "ssl", "alice", password, false, "ca.pem", "15",
                "alice@example.com", "Alice");

        assertThat(draft.toString()).isEqualTo("SmtpDraft[host=smtp.example.com, port=abc, security=ssl, "
                + "username=alice, password=" + shown + ", passwordFromEnvironment=false, trustCertificate=ca.pem, "
                + "timeoutSeconds=15, from=alice@example.com, fromName=Alice]");
    }
}
