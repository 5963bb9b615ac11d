package dev.otpverifier.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code oauth.*} settings: which provider to sign in with and the person's own app
 * registration there. Present in {@link SmtpConfig} only when {@code smtp.auth=oauth2}.
 *
 * <p>Immutable. {@link #toString()} hides the client secret.
 *
 * @param provider {@code oauth.provider}
 * @param clientId {@code oauth.client.id}: the application (client) ID of the registration
 * @param clientSecret {@code oauth.client.secret}: the secret Google's desktop clients carry;
 *     empty for Microsoft
 * @param tenant {@code oauth.tenant}: Microsoft's tenant (a domain, a tenant ID, {@code common},
 *     {@code organizations}, {@code consumers}); empty for the default {@code common}
 * @param issuer {@code oauth.issuer}: another authorization server (a national cloud, a company's
 *     own, a test server); empty for the provider's own
 */
public record OAuthConfig(Provider provider, String clientId, String clientSecret, String tenant, String issuer) {

    /** The providers whose mail servers take OAuth 2.0 tokens. */
    public enum Provider {
        /** Microsoft 365, Outlook.com, Hotmail: Microsoft Entra ID. */
        MICROSOFT,
        /** Gmail and Google Workspace. */
        GOOGLE;

        /** The value in {@code config.properties}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The name a person knows. */
        public String displayName() {
            return this == MICROSOFT ? "Microsoft" : "Google";
        }

        /** The provider a configuration value names, in any case. */
        public static Optional<Provider> parse(String value) {
            for (Provider provider : values()) {
                if (provider.key().equalsIgnoreCase(value == null ? "" : value.strip())) {
                    return Optional.of(provider);
                }
            }
            return Optional.empty();
        }
    }

    /** Checks that nothing is missing. */
    public OAuthConfig {
        Objects.requireNonNull(provider, "provider");
        clientId = clientId == null ? "" : clientId;
        clientSecret = clientSecret == null ? "" : clientSecret;
        tenant = tenant == null ? "" : tenant;
        issuer = issuer == null ? "" : issuer;
    }

    /** Every field but the secret, which shows only whether it is set. */
    @Override
    public String toString() {
        return "OAuthConfig[provider=" + provider + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret.isEmpty() ? "(none)" : "(hidden)") + ", tenant=" + tenant + ", issuer=" + issuer + "]";
    }
}
