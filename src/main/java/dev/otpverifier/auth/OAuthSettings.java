package dev.otpverifier.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One app registration at one authorization server: everything needed to sign in, without the
 * account.
 *
 * <p>Immutable. {@link #toString()} hides the client secret. The issuer must be {@code https}, or
 * {@code http} on a loopback address (a test server).
 *
 * @param provider the mail provider, which decides the scopes and the redirect address
 * @param issuer the authorization server's issuer URL; its
 *     {@code /.well-known/openid-configuration} names the endpoints
 * @param clientId the application (client) ID of the person's own registration
 * @param clientSecret the client secret that Google's desktop clients carry (not secret in a
 *     desktop app, but required by Google); empty for Microsoft's public clients
 * @param scopes the scopes to ask for
 * @param timeout the limit for connecting to and reading from the authorization server
 */
public record OAuthSettings(Provider provider, URI issuer, String clientId, String clientSecret, List<String> scopes,
        Duration timeout) {

    /** The default limit for each request to the authorization server. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    /** Validates every field. */
    public OAuthSettings {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(issuer, "issuer");
        String scheme = String.valueOf(issuer.getScheme()).toLowerCase(Locale.ROOT);
        if (!issuer.isAbsolute() || issuer.getHost() == null || issuer.getRawQuery() != null
                || issuer.getRawFragment() != null) {
            throw new IllegalArgumentException("the issuer must be an https URL without query or fragment");
        }
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(issuer.getHost()))) {
            throw new IllegalArgumentException("the issuer must use https (plain http only on this computer)");
        }
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank() || clientId.length() > 256 || clientId.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("the client ID must be printable ASCII without spaces");
        }
        clientSecret = clientSecret == null ? "" : clientSecret;
        scopes = List.copyOf(scopes);
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("at least one scope is needed");
        }
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
    }

    /** The provider's scopes and the default timeout. */
    public static OAuthSettings of(Provider provider, URI issuer, String clientId, String clientSecret) {
        return new OAuthSettings(provider, issuer, clientId, clientSecret, provider.scopes(), DEFAULT_TIMEOUT);
    }

    /** A copy with another timeout. */
    public OAuthSettings withTimeout(Duration value) {
        return new OAuthSettings(provider, issuer, clientId, clientSecret, scopes, value);
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("127.0.0.1") || bare.equals("::1") || bare.equalsIgnoreCase("localhost");
    }

    /** Every field but the secret, which shows only whether it is set. */
    @Override
    public String toString() {
        return "OAuthSettings[provider=" + provider + ", issuer=" + issuer + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret.isEmpty() ? "(none)" : "(hidden)") + ", scopes=" + scopes
                + ", timeout=" + timeout + "]";
    }
}
