package dev.otpverifier.auth;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.otpverifier.auth.SignInException.Problem;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.minidev.json.JSONObject;

/**
 * One authorization server as its discovery document describes it, and the token requests sent to
 * it. Nimbus builds and parses every message; this class adds the timeouts, the checks of what the
 * server says about itself, and the translation of failures into {@link SignInException}s.
 *
 * <p>Thread safe: immutable after {@link #discover}.
 */
final class AuthorizationServer {

    private static final String WELL_KNOWN = "/.well-known/openid-configuration";
    private static final String MICROSOFT_TENANT_PLACEHOLDER = "{tenantid}";

    private final OAuthSettings settings;
    private final AuthorizationServerMetadata metadata;
    private final String namedIssuer;
    private final Clock clock;

    private AuthorizationServer(OAuthSettings settings, AuthorizationServerMetadata metadata, String namedIssuer,
            Clock clock) {
        this.settings = settings;
        this.metadata = metadata;
        this.namedIssuer = stripSlash(namedIssuer);
        this.clock = clock;
    }

    /**
     * Reads the issuer's discovery document and checks it: it must name the configured issuer (or,
     * for Microsoft's multi-tenant authorities, the issuer with a tenant placeholder on the same
     * host), and every endpoint must be {@code https} (or {@code http} on this computer).
     */
    static AuthorizationServer discover(OAuthSettings settings, Clock clock) {
        String base = settings.issuer().toString();
        URI address = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + WELL_KNOWN);
        HTTPResponse response = send(new HTTPRequest(HTTPRequest.Method.GET, address), settings);
        if (response.getStatusCode() != 200) {
            throw new SignInException(response.getStatusCode() == 404 || response.getStatusCode() == 400
                    ? Problem.MISCONFIGURED : Problem.SERVER_UNAVAILABLE,
                    "The sign-in server " + settings.issuer().getHost() + " answered HTTP "
                            + response.getStatusCode() + " when asked for its settings. Check the "
                            + tenantOrIssuerWord(settings) + " in Mail settings, or try again later.");
        }
        AuthorizationServerMetadata metadata;
        String named;
        try {
            JSONObject document = JSONObjectUtils.parse(response.getBody());
            named = JSONObjectUtils.getString(document, "issuer", null);
            if (named == null || !sameIssuer(settings, named)) {
                throw new SignInException(Problem.MISCONFIGURED, "The sign-in server at "
                        + settings.issuer().getHost() + " calls itself " + Printable.of(String.valueOf(named), 120)
                        + ", not the configured issuer. Check the " + tenantOrIssuerWord(settings)
                        + " in Mail settings.");
            }
            // Entra's multi-tenant documents name the issuer with a "{tenantid}" placeholder, which is
            // no URL; the check above accepted it, so the configured issuer stands in for it.
            document.put("issuer", stripSlash(settings.issuer().toString()));
            metadata = AuthorizationServerMetadata.parse(document);
        } catch (ParseException | RuntimeException e) {
            if (e instanceof SignInException signIn) {
                throw signIn;
            }
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server "
                    + settings.issuer().getHost() + " sent settings that could not be read. Try again later.");
        }
        for (URI endpoint : new URI[] {metadata.getAuthorizationEndpointURI(), metadata.getTokenEndpointURI(),
                metadata.getDeviceAuthorizationEndpointURI()}) {
            if (endpoint != null && !isSafeEndpoint(endpoint)) {
                throw new SignInException(Problem.MISCONFIGURED, "The sign-in server names an address that is not "
                        + "protected by https (" + Printable.of(endpoint.toString(), 120) + "). Nothing was sent to it.");
            }
        }
        if (metadata.getTokenEndpointURI() == null || metadata.getAuthorizationEndpointURI() == null) {
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server's settings name no token or "
                    + "sign-in address. Check the issuer in Mail settings.");
        }
        return new AuthorizationServer(settings, metadata, named, clock);
    }

    private static boolean sameIssuer(OAuthSettings settings, String named) {
        return matches(settings.provider(), stripSlash(named), stripSlash(settings.issuer().toString()));
    }

    /**
     * Whether {@code value} is the issuer {@code template}: the same text, or, for Entra's
     * multi-tenant authorities (common, organizations, consumers), which describe themselves with a
     * placeholder where the tenant goes, the same text with one path segment in the placeholder's place.
     */
    private static boolean matches(Provider provider, String template, String value) {
        if (value.equals(template)) {
            return true;
        }
        if (provider == Provider.MICROSOFT && template.contains(MICROSOFT_TENANT_PLACEHOLDER)) {
            int at = template.indexOf(MICROSOFT_TENANT_PLACEHOLDER);
            String prefix = template.substring(0, at);
            String suffix = template.substring(at + MICROSOFT_TENANT_PLACEHOLDER.length());
            return value.startsWith(prefix) && value.endsWith(suffix)
                    && value.length() > prefix.length() + suffix.length()
                    && value.substring(prefix.length(), value.length() - suffix.length()).indexOf('/') < 0;
        }
        return false;
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    static boolean isSafeEndpoint(URI endpoint) {
        String scheme = String.valueOf(endpoint.getScheme()).toLowerCase(Locale.ROOT);
        return endpoint.getHost() != null
                && (scheme.equals("https") || (scheme.equals("http") && OAuthSettings.isLoopback(endpoint.getHost())));
    }

    private static String tenantOrIssuerWord(OAuthSettings settings) {
        return settings.provider() == Provider.MICROSOFT ? "tenant and issuer" : "issuer";
    }

    /** The settings this server was discovered with. */
    OAuthSettings settings() {
        return settings;
    }

    /** The discovery document. */
    AuthorizationServerMetadata metadata() {
        return metadata;
    }

    /** Whether this issuer's answer may be checked for, or must carry, the {@code iss} parameter (RFC 9207). */
    boolean promisesIssuerInAnswers() {
        return metadata.supportsAuthorizationResponseIssuerParam();
    }

    /**
     * Whether an {@code iss} value in an authorization answer names this server: the configured issuer,
     * or the issuer the discovery document names, matched as an ID token's {@code iss} is.
     */
    boolean isThisIssuer(Issuer issuer) {
        return issuer != null && (issuer.equals(metadata.getIssuer())
                || matches(settings.provider(), namedIssuer, stripSlash(issuer.getValue())));
    }

    /**
     * Sends a token request and returns what was granted.
     *
     * @param grant the authorization code, refresh token or device code
     * @param expectedNonce the nonce the ID token must carry, or {@code null} when none was sent
     * @throws SignInException naming the OAuth error code and a plain sentence
     */
    TokenGrant requestTokens(AuthorizationGrant grant, Nonce expectedNonce) {
        ClientID client = new ClientID(settings.clientId());
        Scope scope = new Scope(settings.scopes().toArray(String[]::new));
        TokenRequest request = settings.clientSecret().isEmpty()
                ? new TokenRequest(metadata.getTokenEndpointURI(), client, grant, scope)
                : new TokenRequest(metadata.getTokenEndpointURI(),
                        new ClientSecretPost(client, new Secret(settings.clientSecret())), grant, scope);
        HTTPResponse response = send(request.toHTTPRequest(), settings);
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException | RuntimeException e) {
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server "
                    + settings.issuer().getHost() + " answered with something that is not a token (HTTP "
                    + response.getStatusCode() + "). Try again later.");
        }
        if (!parsed.indicatesSuccess()) {
            throw tokenError(((TokenErrorResponse) parsed).getErrorObject());
        }
        Tokens tokens = parsed.toSuccessResponse().getTokens();
        AccessToken access = tokens.getAccessToken();
        if (access == null || access.getValue().isEmpty()) {
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server granted no access token. "
                    + "Try again later.");
        }
        Instant now = clock.instant();
        long lifetime = access.getLifetime() > 0 ? access.getLifetime() : 3600;
        Optional<String> account = Optional.empty();
        if (parsed instanceof OIDCTokenResponse oidc && oidc.getOIDCTokens().getIDToken() != null) {
            account = Optional.of(accountOf(oidc.getOIDCTokens().getIDToken(), expectedNonce));
        }
        return new TokenGrant(access.getValue(), now.plusSeconds(lifetime),
                Optional.ofNullable(tokens.getRefreshToken()).map(t -> t.getValue()), account);
    }

    /**
     * The mailbox an ID token names. The token came straight from the token endpoint over TLS, which
     * OpenID Connect Core 1.0 section 3.1.3.7 allows instead of the signature: "If the ID Token is
     * received via direct communication between the Client and the Token Endpoint (which it is in
     * this flow), the TLS server validation MAY be used to validate the issuer in place of checking
     * the token signature." The other checks of that section still apply: the issuer, the audience,
     * the expiry and the nonce, so that a token for another app, server or sign-in is refused.
     */
    private String accountOf(JWT idToken, Nonce expectedNonce) {
        JWTClaimsSet claims;
        try {
            claims = idToken.getJWTClaimsSet();
        } catch (java.text.ParseException e) {
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server's ID token could not be read.");
        }
        Object issuerClaim = claims.getClaim("iss");
        if (!(issuerClaim instanceof String issuer) || !matches(settings.provider(), namedIssuer, stripSlash(issuer))) {
            throw new SignInException(Problem.FORGED_ANSWER, "The sign-in answer names another sign-in server than "
                    + settings.issuer().getHost() + ". Nothing was saved; sign in again.");
        }
        if (claims.getExpirationTime() != null && claims.getExpirationTime().toInstant()
                .isBefore(clock.instant().minus(Duration.ofMinutes(5)))) {
            throw new SignInException(Problem.FORGED_ANSWER, "The sign-in answer had already expired (check this "
                    + "computer's clock). Nothing was saved; sign in again.");
        }
        List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(settings.clientId())) {
            throw new SignInException(Problem.FORGED_ANSWER, "The sign-in answer was meant for another app. "
                    + "Nothing was saved; sign in again.");
        }
        if (expectedNonce != null) {
            Object nonce = claims.getClaim("nonce");
            if (!expectedNonce.getValue().equals(nonce)) {
                throw new SignInException(Problem.FORGED_ANSWER, "The sign-in answer belongs to another sign-in. "
                        + "Nothing was saved; sign in again.");
            }
        }
        if (Boolean.FALSE.equals(claims.getClaim("email_verified"))) {
            throw new SignInException(Problem.DENIED, "The provider has not verified this account's email address, "
                    + "so it cannot send mail from it.");
        }
        for (String name : settings.provider().accountClaims()) {
            Object value = claims.getClaim(name);
            if (value instanceof String text) {
                String address = Printable.of(text, 254);
                if (address.indexOf('@') > 0) {
                    return address;
                }
            }
        }
        throw new SignInException(Problem.MISCONFIGURED, "The sign-in did not say which email address it was "
                + "for. Check that the app registration allows the openid and email permissions.");
    }

    SignInException tokenError(ErrorObject error) {
        String code = Printable.of(error == null ? null : error.getCode(), 60);
        String description = firstLine(Printable.of(error == null ? null : error.getDescription(), 200));
        String said = code.isEmpty() ? "" : " (the server said: " + code
                + (description.isEmpty() ? "" : ": " + description) + ")";
        return switch (code) {
            case "invalid_grant" -> new SignInException(Problem.SIGN_IN_AGAIN, "The sign-in is no longer valid: it "
                    + "expired, was revoked, or the password changed. Sign in again in Mail settings" + said + ".",
                    null, code);
            case "authorization_pending", "slow_down", "expired_token" -> new SignInException(Problem.CANCELLED,
                    "The code was not entered in time. Start the sign-in again" + said + ".", null, code);
            case "invalid_client", "unauthorized_client", "invalid_scope", "unsupported_grant_type" ->
                    new SignInException(Problem.MISCONFIGURED, "The sign-in server refused this app's registration. "
                            + "Check the client ID" + (settings.provider() == Provider.GOOGLE ? " and secret" : "")
                            + " and the registration steps in the README" + said + ".", null, code);
            case "access_denied", "consent_required", "interaction_required" -> new SignInException(Problem.DENIED,
                    "Sending mail was not allowed for this account" + said + ".", null, code);
            default -> new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server could not give a token "
                    + "right now. Try again later" + said + ".", null, code);
        };
    }

    private static String firstLine(String text) {
        // Entra appends trace and correlation IDs on further lines; the first says what happened.
        int cut = text.indexOf(" Trace ID:");
        return cut > 0 ? text.substring(0, cut) : text;
    }

    static HTTPResponse send(HTTPRequest request, OAuthSettings settings) {
        int millis = (int) settings.timeout().toMillis();
        request.setConnectTimeout(millis);
        request.setReadTimeout(millis);
        request.setFollowRedirects(false);
        try {
            return request.send();
        } catch (java.net.SocketTimeoutException e) {
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "The sign-in server " + request.getURI().getHost()
                    + " did not answer within " + settings.timeout().toSeconds() + " seconds. Try again later.", e);
        } catch (IOException e) {
            throw new SignInException(Problem.SERVER_UNAVAILABLE, "Could not reach the sign-in server "
                    + request.getURI().getHost() + ". Check the internet connection and try again.", e);
        }
    }
}
