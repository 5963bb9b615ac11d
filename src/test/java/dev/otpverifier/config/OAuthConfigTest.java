package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.config.OAuthConfig.Provider;
import dev.otpverifier.otp.OtpPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code smtp.auth=oauth2} and the {@code oauth.*} keys: read, checked, written back. */
class OAuthConfigTest {

    private static final String MICROSOFT = """
            smtp.host=smtp.office365.com
            smtp.username=alice@contoso.com
            smtp.auth=oauth2
            oauth.provider=microsoft
            oauth.client.id=11111111-2222-3333-4444-555555555555
            """;

    @TempDir
    Path dir;

    private AppConfig parse(String text) {
        return new ConfigLoader(Map.of(ConfigKeys.PASSWORD_VARIABLE, "from-env")).parse(text, "test", dir, null);
    }

    @Test
    void aMicrosoftSignInNeedsNoPasswordAndIgnoresTheEnvironmentOne() {
        SmtpConfig smtp = parse(MICROSOFT).smtp();

        assertThat(smtp.oauthSettings()).hasValueSatisfying(oauth -> {
            assertThat(oauth.provider()).isEqualTo(Provider.MICROSOFT);
            assertThat(oauth.clientId()).isEqualTo("11111111-2222-3333-4444-555555555555");
            assertThat(oauth.tenant()).isEmpty();
            assertThat(oauth.issuer()).isEmpty();
        });
        assertThat(smtp.password()).isEmpty();
        assertThat(smtp.passwordFromEnvironment()).isFalse();
        assertThat(smtp.fromAddress()).isEqualTo("alice@contoso.com");
    }

    @Test
    void aPasswordInTheFileIsIgnoredWithAWarning() {
        AppConfig config = parse(MICROSOFT + "smtp.password=old-secret\n");

        assertThat(config.smtp().password()).isEmpty();
        assertThat(config.warnings()).singleElement().asString().contains("smtp.password is ignored", "Microsoft")
                .doesNotContain("old-secret");
    }

    @Test
    void googleKeepsItsClientSecretButNeverShowsIt() {
        SmtpConfig smtp = parse("""
                smtp.host=smtp.gmail.com
                smtp.username=bob@gmail.com
                smtp.auth=OAUTH2
                oauth.provider=Google
                oauth.client.id=123-abc.apps.googleusercontent.com
                oauth.client.secret=GOCSPX-shh
                """).smtp();

        assertThat(smtp.oauthSettings().orElseThrow().clientSecret()).isEqualTo("GOCSPX-shh");
        assertThat(smtp.toString()).doesNotContain("GOCSPX-shh").contains("clientSecret=(hidden)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "smtp.auth=kerberos|smtp.auth: must be password or oauth2",
        "oauth.provider=yahoo|oauth.provider: must be microsoft or google",
        "oauth.client.id=|oauth.client.id: is required",
        "oauth.client.id=has space|oauth.client.id: must be an ID without spaces",
        "oauth.tenant=contoso/../x|oauth.tenant: must be a tenant ID",
        "oauth.issuer=http://login.example.com/t|oauth.issuer: must be an https address",
        "oauth.issuer=https://login.example.com/t?x=1|oauth.issuer: must be an https address",
        "smtp.username=alice|smtp.username: must be the email address",
        "oauth.provider=google|oauth.client.secret: is required with oauth.provider=google",
    })
    void eachWrongValueIsNamedWithTheRule(String line, String message) {
        String key = line.substring(0, line.indexOf('='));
        String text = MICROSOFT.lines().filter(l -> !l.startsWith(key + "=")).reduce("", (a, b) -> a + b + "\n") + line
                + "\n" + (key.equals("smtp.username") ? "mail.from=alice@contoso.com\n" : "");

        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }

    @Test
    void anIssuerOnThisComputerMayUsePlainHttpForTests() {
        assertThat(parse(MICROSOFT + "oauth.issuer=http://127.0.0.1:8080/default\n").smtp().oauthSettings()
                .orElseThrow().issuer()).isEqualTo("http://127.0.0.1:8080/default");
    }

    @Test
    void thePasswordRuleStillHoldsWithoutOAuthAndNamesTheMicrosoftWay() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of()).parse(
                "smtp.host=smtp.office365.com\nsmtp.username=alice@contoso.com\n", "test", dir, null))
                .hasMessageContaining("smtp.password: is required").hasMessageContaining("smtp.auth=oauth2");
    }

    @Test
    void theWriterKeepsTheSignInSettingsAndNoPassword() throws Exception {
        SmtpConfig smtp = parse(MICROSOFT + "oauth.tenant=contoso.onmicrosoft.com\n").smtp();

        Path file = ConfigWriter.write(dir.resolve("config.properties"), smtp, OtpPolicy.defaults());
        String text = Files.readString(file);
        SmtpConfig back = new ConfigLoader(Map.of()).load(file).smtp();

        assertThat(text).contains("smtp.auth=oauth2", "oauth.provider=microsoft", "oauth.tenant=contoso.onmicrosoft.com")
                .doesNotContain("smtp.password", "from-env");
        assertThat(back.oauthSettings()).isEqualTo(smtp.oauthSettings());
        assertThat(back.username()).isEqualTo("alice@contoso.com");
    }

    @Test
    void switchingBackToAPasswordDropsTheSignInSettings() {
        SmtpConfig smtp = parse(MICROSOFT).smtp().withOAuth(null, "alice@contoso.com");

        assertThat(smtp.oauthSettings()).isEmpty();
        assertThat(ConfigWriter.render(smtp, OtpPolicy.defaults())).doesNotContain("oauth.", "smtp.auth");
    }
}
