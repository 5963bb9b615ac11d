package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Provider}: the names in the configuration and on screen, and the default issuers. */
class ProviderTest {

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({"microsoft, MICROSOFT", "Microsoft, MICROSOFT", "' GOOGLE ', GOOGLE", "google, GOOGLE"})
    void theConfigurationNameIsReadInAnyCase(String name, Provider provider) {
        assertThat(Provider.parse(name)).contains(provider);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "yahoo", "microsoft365", "goog"})
    void anyOtherNameIsNoProvider(String name) {
        assertThat(Provider.parse(name)).isEmpty();
        assertThat(Provider.parse(null)).isEmpty();
    }

    @Test
    void eachProviderHasItsNames() {
        assertThat(Provider.MICROSOFT.configName()).isEqualTo("microsoft");
        assertThat(Provider.GOOGLE.configName()).isEqualTo("google");
        assertThat(Provider.MICROSOFT.displayName()).isEqualTo("Microsoft");
        assertThat(Provider.GOOGLE.displayName()).isEqualTo("Google");
    }

    @Test
    void microsoftsIssuerNamesTheTenantAndCommonWhenThereIsNone() {
        assertThat(Provider.MICROSOFT.defaultIssuer(" contoso.onmicrosoft.com "))
                .isEqualTo(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0"));
        for (String none : new String[] {null, "", "   "}) {
            assertThat(Provider.MICROSOFT.defaultIssuer(none))
                    .isEqualTo(URI.create("https://login.microsoftonline.com/common/v2.0"));
        }
        assertThat(Provider.GOOGLE.defaultIssuer("contoso")).isEqualTo(URI.create("https://accounts.google.com"));
    }

    @Test
    void whatDiffersBetweenProviders() {
        assertThat(Provider.MICROSOFT.scopes()).contains("https://outlook.office.com/SMTP.Send", "offline_access");
        assertThat(Provider.GOOGLE.scopes()).contains("https://mail.google.com/");
        assertThat(Provider.MICROSOFT.redirectHost()).isEqualTo("localhost");
        assertThat(Provider.GOOGLE.redirectHost()).isEqualTo("127.0.0.1");
        assertThat(Provider.MICROSOFT.supportsDeviceGrant()).isTrue();
        assertThat(Provider.GOOGLE.supportsDeviceGrant()).isFalse();
        assertThat(Provider.MICROSOFT.accountClaims()).containsExactly("preferred_username", "email", "upn");
        assertThat(Provider.GOOGLE.accountClaims()).containsExactly("email");
    }
}
