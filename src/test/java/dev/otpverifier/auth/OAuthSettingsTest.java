package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OAuthSettings}: each rule on both sides of its boundary, and what printing shows. */
class OAuthSettingsTest {

    private static final URI ISSUER = URI.create("https://login.microsoftonline.com/contoso/v2.0");

    private static OAuthSettings issuer(String issuer) {
        return OAuthSettings.of(Provider.MICROSOFT, URI.create(issuer), "client-1", "");
    }

    private static OAuthSettings clientId(String clientId) {
        return OAuthSettings.of(Provider.MICROSOFT, ISSUER, clientId, "");
    }

    private static OAuthSettings timeout(Duration timeout) {
        return new OAuthSettings(Provider.MICROSOFT, ISSUER, "client-1", "", List.of("openid"), timeout);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://login.microsoftonline.com/common/v2.0", "HTTPS://accounts.google.com",
        "http://127.0.0.1:8080/t", "http://localhost/t", "http://LOCALHOST:9/t", "http://[::1]:8080/t"})
    void httpsOrPlainHttpOnThisComputerIsAnIssuer(String issuer) {
        assertThat(issuer(issuer).issuer()).hasToString(issuer);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://login.example.com/t", "http://127.0.0.2/t", "http://[::2]/t", "ftp://127.0.0.1/t",
        "http://localhost.example.com/t"})
    void plainHttpElsewhereOrAnotherSchemeIsRefused(String issuer) {
        assertThatThrownBy(() -> issuer(issuer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the issuer must use https (plain http only on this computer)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/common/v2.0", "https:///common", "https://login.example.com/t?tenant=x",
        "https://login.example.com/t#x", "mailto:someone@example.com"})
    void anIssuerMustBeAnAbsoluteUrlWithAHostAndNoQueryOrFragment(String issuer) {
        assertThatThrownBy(() -> issuer(issuer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the issuer must be an https URL without query or fragment");
    }

    @Test
    void theClientIdIsPrintableAsciiWithoutSpacesAndAtMost256Characters() {
        assertThat(clientId("!").clientId()).isEqualTo("!");
        assertThat(clientId("~").clientId()).isEqualTo("~");
        assertThat(clientId("x".repeat(256)).clientId()).hasSize(256);
        for (String refused : List.of("", "   ", "x".repeat(257), "two words", "tab\tbed", "caf\u00e9", "del\u007f")) {
            assertThatThrownBy(() -> clientId(refused)).as(refused).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the client ID must be printable ASCII without spaces");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT0.001S, true", "PT596H31M23.647S, true", "PT0S, false", "PT-1S, false", "PT596H31M23.648S, false"})
    void theTimeoutIsPositiveAndFitsAnIntOfMilliseconds(Duration value, boolean taken) {
        if (taken) {
            assertThat(timeout(value).timeout()).isEqualTo(value);
        } else {
            assertThatThrownBy(() -> timeout(value)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the timeout must be positive");
        }
    }

    @Test
    void atLeastOneScopeIsNeededAndTheListIsACopy() {
        List<String> scopes = new ArrayList<>(List.of("openid"));
        OAuthSettings settings = new OAuthSettings(Provider.GOOGLE, ISSUER, "c", null, scopes, Duration.ofSeconds(1));
        scopes.add("email");

        assertThat(settings.scopes()).containsExactly("openid");
        assertThat(settings.clientSecret()).isEmpty();
        assertThatThrownBy(() -> new OAuthSettings(Provider.GOOGLE, ISSUER, "c", "", List.of(), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("at least one scope is needed");
    }

    @Test
    void ofTakesTheProvidersScopesAndTwentySecondsAndCopiesChangeOnlyTheTimeout() {
        OAuthSettings settings = OAuthSettings.of(Provider.GOOGLE, URI.create("https://accounts.google.com"), "c", "s");

        assertThat(settings.scopes()).isEqualTo(Provider.GOOGLE.scopes());
        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(20)).isEqualTo(OAuthSettings.DEFAULT_TIMEOUT);
        assertThat(settings.withTimeout(Duration.ofSeconds(3))).isEqualTo(new OAuthSettings(Provider.GOOGLE,
                URI.create("https://accounts.google.com"), "c", "s", Provider.GOOGLE.scopes(), Duration.ofSeconds(3)));
    }

    @Test
    void printingShowsEverythingButTheSecret() {
        assertThat(OAuthSettings.of(Provider.GOOGLE, URI.create("https://accounts.google.com"), "c-1", "GOCSPX-secret")
                .toString()).isEqualTo("OAuthSettings[provider=GOOGLE, issuer=https://accounts.google.com, clientId=c-1, "
                + "clientSecret=(hidden), scopes=[https://mail.google.com/, openid, email], timeout=PT20S]");
        assertThat(clientId("c-2").toString()).contains("clientSecret=(none)");
    }
}
