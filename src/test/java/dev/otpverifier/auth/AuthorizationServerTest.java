package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.device.DeviceCode;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.otpverifier.auth.ScriptedAuthServer.Answer;
import dev.otpverifier.auth.SignInException.Problem;
import dev.otpverifier.auth.TokenRefreshTest.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AuthorizationServer} against a scripted server on 127.0.0.1: what it accepts of a discovery
 * document, how token requests are sent, what an ID token must say (issuer, audience, expiry,
 * nonce, a verified mailbox), how a multi-tenant issuer is matched, and the words for each OAuth error.
 */
class AuthorizationServerTest {

    private static final String CLIENT = "client-1";
    private static final String ALICE = "alice@example.com";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private ScriptedAuthServer server;
    private final MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedAuthServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OAuthSettings settings(Provider provider, String secret) {
        return OAuthSettings.of(provider, server.issuer(), CLIENT, secret).withTimeout(Duration.ofMillis(1500));
    }

    private AuthorizationServer discover() {
        return AuthorizationServer.discover(settings(Provider.MICROSOFT, ""), clock);
    }

    private static RefreshTokenGrant refreshGrant() {
        return new RefreshTokenGrant(new RefreshToken("refresh-0"));
    }

    /** An ID token of this server for Alice, valid for an hour, changed by {@code change}. */
    private String idToken(Consumer<JWTClaimsSet.Builder> change) {
        return IdTokens.of(claims -> {
            claims.issuer(server.issuer().toString()).audience(CLIENT).expirationTime(Date.from(NOW.plusSeconds(3600)))
                    .claim("preferred_username", ALICE);
            change.accept(claims);
        });
    }

    /** The grant for a token answer carrying {@code idToken}, asked for with {@code nonce}. */
    private TokenGrant grantWith(String idToken, Nonce nonce) {
        AuthorizationServer discovered = discover();
        server.tokenAnswers.add(Answer.tokens("access-1", "refresh-1", idToken));
        return discovered.requestTokens(refreshGrant(), nonce);
    }

    private void refusedWith(String idToken, Problem problem, String words) {
        assertThatThrownBy(() -> grantWith(idToken, null)).isInstanceOfSatisfying(SignInException.class, e -> {
            assertThat(e.problem()).isEqualTo(problem);
            assertThat(e.getMessage()).contains(words);
        });
    }

    // The discovery document

    @ParameterizedTest(name = "HTTP {0}")
    @CsvSource({"400, MISCONFIGURED", "404, MISCONFIGURED", "401, SERVER_UNAVAILABLE", "500, SERVER_UNAVAILABLE",
        "503, SERVER_UNAVAILABLE"})
    void aDiscoveryDocumentThatIsNotThereNamesTheSettingToCheck(int status, Problem problem) {
        server.discoveryStatus = status;

        assertThatThrownBy(() -> AuthorizationServer.discover(settings(Provider.MICROSOFT, ""), clock))
                .isInstanceOfSatisfying(SignInException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.getMessage()).isEqualTo("The sign-in server 127.0.0.1 answered HTTP " + status
                            + " when asked for its settings. Check the tenant and issuer in Mail settings, or try "
                            + "again later.");
                });
        assertThatThrownBy(() -> AuthorizationServer.discover(settings(Provider.GOOGLE, "secret"), clock))
                .hasMessageContaining("Check the issuer in Mail settings");
    }

    @Test
    void aRedirectIsNeverFollowed() throws Exception {
        try (ScriptedAuthServer elsewhere = new ScriptedAuthServer()) {
            server.discoveryStatus = 302;
            server.discoveryLocation = elsewhere.issuer() + "/.well-known/openid-configuration";

            assertThatThrownBy(this::discover).isInstanceOfSatisfying(SignInException.class, e -> {
                assertThat(e.problem()).isEqualTo(Problem.SERVER_UNAVAILABLE);
                assertThat(e.getMessage()).contains("answered HTTP 302");
            });
        }
    }

    @Test
    void anIssuerWrittenWithATrailingSlashIsTheSameServer() {
        OAuthSettings slashed = OAuthSettings.of(Provider.MICROSOFT, URI.create(server.issuer() + "/"), CLIENT, "");

        AuthorizationServer discovered = AuthorizationServer.discover(slashed, clock);

        assertThat(discovered.metadata().getTokenEndpointURI()).isEqualTo(URI.create(server.issuer() + "/token"));
        assertThat(discovered.isThisIssuer(new Issuer(server.issuer().toString()))).isTrue();
    }

    // Token requests

    @Test
    void aPublicClientSendsNoSecretAndAClientWithOneSendsIt() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));
        server.tokenAnswers.add(Answer.tokens("access-2", null, null));

        AuthorizationServer.discover(settings(Provider.MICROSOFT, ""), clock).requestTokens(refreshGrant(), null);
        AuthorizationServer.discover(settings(Provider.GOOGLE, "s3cret"), clock).requestTokens(refreshGrant(), null);

        assertThat(server.tokenRequests.get(0)).contains("client_id=" + CLIENT).doesNotContain("client_secret");
        assertThat(server.tokenRequests.get(1)).contains("client_id=" + CLIENT, "client_secret=s3cret");
    }

    @ParameterizedTest(name = "[{index}] {1} s")
    @CsvSource(delimiter = '|', value = {
        "'' | 3600",
        ",\"expires_in\":0 | 3600",
        ",\"expires_in\":1 | 1",
        ",\"expires_in\":120 | 120",
        ",\"expires_in\":5400 | 5400"})
    void anAccessTokenLastsWhatTheServerSaysAndAnHourWhenItSaysNothing(String lifetime, long seconds) {
        AuthorizationServer discovered = discover();
        server.tokenAnswers.add(Answer.json(200, "{\"access_token\":\"access-1\",\"token_type\":\"Bearer\"" + lifetime
                + "}"));

        TokenGrant grant = discovered.requestTokens(refreshGrant(), null);

        assertThat(grant.expiresAt()).isEqualTo(NOW.plusSeconds(seconds));
        assertThat(grant.refreshToken()).isEmpty();
        assertThat(grant.account()).isEmpty();
    }

    @Test
    void anAuthorizationCodeAndItsVerifierThatTheServerRepeatsAreCutFromTheMessage() {
        AuthorizationServer discovered = discover();
        String verifier = "v".repeat(43);
        server.tokenAnswers.add(Answer.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"code "
                + "code-12345 with verifier " + verifier + " was used\"}"));

        assertThatThrownBy(() -> discovered.requestTokens(new AuthorizationCodeGrant(new AuthorizationCode("code-12345"),
                URI.create("http://127.0.0.1:1/"), new CodeVerifier(verifier)), null))
                .isInstanceOfSatisfying(SignInException.class, e -> assertThat(e.getMessage())
                        .doesNotContain("code-12345", verifier).contains("code (hidden) with verifier (hidden) was used"));
    }

    @Test
    void aDeviceCodeThatTheServerRepeatsIsCutFromTheMessage() {
        AuthorizationServer discovered = discover();
        server.tokenAnswers.add(Answer.json(400, "{\"error\":\"expired_token\",\"error_description\":\"device "
                + "code dev-12345 expired\"}"));

        assertThatThrownBy(() -> discovered.requestTokens(new DeviceCodeGrant(new DeviceCode("dev-12345")), null))
                .isInstanceOfSatisfying(SignInException.class, e -> assertThat(e.getMessage())
                        .doesNotContain("dev-12345").contains("device code (hidden) expired"));
    }

    /**
     * A port on 127.0.0.1 whose queue of connections is full: the kernel leaves further connection
     * attempts unanswered, as a server behind a firewall that drops packets does.
     */
    private static java.net.ServerSocket unansweredPort(List<java.net.Socket> queued) throws Exception {
        java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
        for (int attempt = 0; attempt < 20; attempt++) {
            java.net.Socket socket = new java.net.Socket();
            try {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", listener.getLocalPort()), 300);
                queued.add(socket);
            } catch (java.net.SocketTimeoutException full) {
                socket.close();
                return listener;
            }
        }
        listener.close();
        throw new AssertionError("the connection queue never filled");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aServerThatNeverTakesTheConnectionIsGivenUpAfterTheLimit() throws Exception {
        List<java.net.Socket> queued = new java.util.ArrayList<>();
        try (java.net.ServerSocket silent = unansweredPort(queued)) {
            OAuthSettings settings = OAuthSettings.of(Provider.MICROSOFT,
                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/t"), CLIENT, "")
                    .withTimeout(Duration.ofSeconds(1));

            assertThatThrownBy(() -> AuthorizationServer.discover(settings, clock))
                    .isInstanceOfSatisfying(SignInException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.SERVER_UNAVAILABLE);
                        assertThat(e.getMessage()).isEqualTo("The sign-in server 127.0.0.1 did not answer within 1 "
                                + "seconds. Try again later.");
                    });
        } finally {
            for (java.net.Socket socket : queued) {
                socket.close();
            }
        }
    }

    // What an ID token must say

    @Test
    void anIdTokenNamesTheAccount() {
        assertThat(grantWith(idToken(claims -> { }), null).account()).contains(ALICE);
    }

    @Test
    void anIdTokenExpiredUpToFiveMinutesAgoIsStillTakenForClockDifferences() {
        assertThat(grantWith(idToken(claims -> claims.expirationTime(Date.from(NOW.minusSeconds(300)))), null)
                .account()).contains(ALICE);
        refusedWith(idToken(claims -> claims.expirationTime(Date.from(NOW.minusSeconds(301)))), Problem.FORGED_ANSWER,
                "had already expired");
        refusedWith(idToken(claims -> claims.expirationTime(null)), Problem.FORGED_ANSWER, "had already expired");
    }

    @Test
    void anIdTokenForAnotherAppOrWithoutAnAudienceIsRefused() {
        refusedWith(idToken(claims -> claims.audience("another-client")), Problem.FORGED_ANSWER,
                "meant for another app");
        refusedWith(idToken(claims -> claims.audience((String) null)), Problem.FORGED_ANSWER, "meant for another app");
        assertThat(grantWith(idToken(claims -> claims.audience(List.of("another-client", CLIENT))), null).account())
                .contains(ALICE);
    }

    @Test
    void anIdTokenWithoutAnIssuerIsRefused() {
        refusedWith(idToken(claims -> claims.issuer(null)), Problem.FORGED_ANSWER, "another sign-in server than 127.0.0.1");
    }

    @Test
    void theNonceMustBeTheOneThisSignInSent() {
        Nonce sent = new Nonce("nonce-of-this-sign-in");

        assertThat(grantWith(idToken(claims -> claims.claim("nonce", sent.getValue())), sent).account()).contains(ALICE);
        assertThatThrownBy(() -> grantWith(idToken(claims -> claims.claim("nonce", "another")), sent))
                .hasMessageContaining("belongs to another sign-in");
        assertThatThrownBy(() -> grantWith(idToken(claims -> { }), sent)).hasMessageContaining("belongs to another sign-in");
    }

    @Test
    void anUnverifiedMailboxCannotSend() {
        refusedWith(idToken(claims -> claims.claim("email_verified", false)), Problem.DENIED,
                "has not verified this account's email address");
        assertThat(grantWith(idToken(claims -> claims.claim("email_verified", true)), null).account()).contains(ALICE);
    }

    @Test
    void theAccountIsTheFirstClaimThatHoldsAnAddress() {
        assertThat(grantWith(idToken(claims -> claims.claim("preferred_username", "alice")
                .claim("email", "alice@example.com")), null).account()).contains("alice@example.com");
        assertThat(grantWith(idToken(claims -> claims.claim("preferred_username", "@example.com")
                .claim("upn", "alice@contoso.com")), null).account()).contains("alice@contoso.com");
        assertThat(grantWith(idToken(claims -> claims.claim("preferred_username", "a@example.com")
                .claim("email", "b@example.com")), null).account()).contains("a@example.com");
        refusedWith(idToken(claims -> claims.claim("preferred_username", "+15551234567")), Problem.MISCONFIGURED,
                "did not say which email address");
    }

    // A multi-tenant issuer such as https://login.microsoftonline.com/{tenantid}/v2.0

    /** A server shaped like Entra's common authority: its document names the issuer with a tenant placeholder. */
    private static ScriptedAuthServer multiTenant() throws Exception {
        ScriptedAuthServer entra = new ScriptedAuthServer("/t/v2.0");
        String issuer = entra.issuer().toString();
        entra.discovery = entra.discovery.replace("\"issuer\":\"" + issuer + "\"",
                "\"issuer\":\"" + issuer.replace("/t/v2.0", "/{tenantid}/v2.0") + "\"");
        return entra;
    }

    /** The issuer of tenant {@code tenant} at the multi-tenant server {@code entra}. */
    private static String tenantIssuer(ScriptedAuthServer entra, String tenant) {
        return entra.issuer().toString().replace("/t/v2.0", "/" + tenant + "/v2.0");
    }

    @ParameterizedTest(name = "tenant \"{0}\"")
    @ValueSource(strings = {"9188040d-6c67-4c5b-b112-36a304b66dad", "72F988BF-86F1-41AF-91AB-2D7CD011DB47"})
    void oneTenantOfAMultiTenantIssuerIsThatIssuer(String tenant) throws Exception {
        try (ScriptedAuthServer entra = multiTenant()) {
            AuthorizationServer discovered = AuthorizationServer.discover(
                    OAuthSettings.of(Provider.MICROSOFT, entra.issuer(), CLIENT, ""), clock);
            entra.tokenAnswers.add(Answer.tokens("access-1", null, IdTokens.of(claims -> claims
                    .issuer(tenantIssuer(entra, tenant)).audience(CLIENT).claim("preferred_username", ALICE)
                    .expirationTime(Date.from(NOW.plusSeconds(3600))))));

            assertThat(discovered.requestTokens(refreshGrant(), null).account()).contains(ALICE);
            assertThat(discovered.isThisIssuer(new Issuer(tenantIssuer(entra, tenant))))
                    .as("the iss of an answer (RFC 9207) is matched like the ID token's").isTrue();
        }
    }

    @ParameterizedTest(name = "tenant \"{0}\"")
    @ValueSource(strings = {"contoso.onmicrosoft.com", "t", "{tenantid}"})
    void anAnswerMustPutATenantIdInThePlaceholdersPlace(String tenant) throws Exception {
        try (ScriptedAuthServer entra = multiTenant()) {
            AuthorizationServer discovered = AuthorizationServer.discover(
                    OAuthSettings.of(Provider.MICROSOFT, entra.issuer(), CLIENT, ""), clock);

            assertThat(discovered.isThisIssuer(new Issuer(tenantIssuer(entra, tenant)))).isFalse();
        }
    }

    @ParameterizedTest(name = "issuer ...{0}")
    @ValueSource(strings = {"//v2.0", "//t/v2.0", "/a/b/v2.0", "/t/v2.0/more", "/t/v1.0", "/t"})
    void anythingButOneTenantInThePlaceholdersPlaceIsAnotherIssuer(String rest) throws Exception {
        try (ScriptedAuthServer entra = multiTenant()) {
            String base = "http://127.0.0.1:" + entra.issuer().getPort();
            AuthorizationServer discovered = AuthorizationServer.discover(
                    OAuthSettings.of(Provider.MICROSOFT, entra.issuer(), CLIENT, ""), clock);
            entra.tokenAnswers.add(Answer.tokens("access-1", null, IdTokens.of(claims -> claims
                    .issuer(base + rest).audience(CLIENT).claim("preferred_username", ALICE))));

            assertThatThrownBy(() -> discovered.requestTokens(refreshGrant(), null))
                    .isInstanceOfSatisfying(SignInException.class,
                            e -> assertThat(e.problem()).isEqualTo(Problem.FORGED_ANSWER));
            assertThat(discovered.isThisIssuer(new Issuer(base + rest))).isFalse();
        }
    }

    @Test
    void anotherHostIsAnotherIssuerWhateverItsPath() throws Exception {
        try (ScriptedAuthServer entra = multiTenant()) {
            AuthorizationServer discovered = AuthorizationServer.discover(
                    OAuthSettings.of(Provider.MICROSOFT, entra.issuer(), CLIENT, ""), clock);

            assertThat(discovered.isThisIssuer(new Issuer("https://login.example.net/9188040d/v2.0"))).isFalse();
            assertThat(discovered.isThisIssuer(null)).isFalse();
        }
    }

    @Test
    void aPlaceholderIssuerOnAnotherPortIsAnotherServer() throws Exception {
        try (ScriptedAuthServer entra = multiTenant()) {
            int port = entra.issuer().getPort();
            int otherPort = port - port % 10 + (port % 10 + 1) % 10; // differs in the last digit only
            entra.discovery = entra.discovery.replace("\"issuer\":\"http://127.0.0.1:" + port + "/",
                    "\"issuer\":\"http://127.0.0.1:" + otherPort + "/");

            assertThatThrownBy(() -> AuthorizationServer.discover(
                    OAuthSettings.of(Provider.MICROSOFT, entra.issuer(), CLIENT, ""), clock))
                    .isInstanceOfSatisfying(SignInException.class, e -> {
                        assertThat(e.problem()).isEqualTo(Problem.MISCONFIGURED);
                        assertThat(e.getMessage()).contains("calls itself http://127.0.0.1:" + otherPort
                                + "/{tenantid}/v2.0, not the configured issuer");
                    });
        }
    }

    @Test
    void onlyMicrosoftIssuersHaveATenantPlaceholder() throws Exception {
        try (ScriptedAuthServer placeholder = multiTenant()) {
            assertThatThrownBy(() -> AuthorizationServer.discover(
                    OAuthSettings.of(Provider.GOOGLE, placeholder.issuer(), CLIENT, "secret"), clock))
                    .hasMessageContaining("not the configured issuer");
        }
    }

    // The words for each OAuth error

    static Stream<Arguments> oauthErrors() {
        String again = "The sign-in is no longer valid: it expired, was revoked, or the password changed. Sign in again "
                + "in Mail settings";
        String late = "The code was not entered in time. Start the sign-in again";
        String registration = "The sign-in server refused this app's registration. Check the client ID and the "
                + "registration steps in the README";
        String denied = "Sending mail was not allowed for this account";
        String later = "The sign-in server could not give a token right now. Try again later";
        return Stream.of(
                Arguments.of("invalid_grant", Problem.SIGN_IN_AGAIN, again),
                Arguments.of("authorization_pending", Problem.CANCELLED, late),
                Arguments.of("slow_down", Problem.CANCELLED, late),
                Arguments.of("expired_token", Problem.CANCELLED, late),
                Arguments.of("invalid_client", Problem.MISCONFIGURED, registration),
                Arguments.of("unauthorized_client", Problem.MISCONFIGURED, registration),
                Arguments.of("invalid_scope", Problem.MISCONFIGURED, registration),
                Arguments.of("unsupported_grant_type", Problem.MISCONFIGURED, registration),
                Arguments.of("access_denied", Problem.DENIED, denied),
                Arguments.of("consent_required", Problem.DENIED, denied),
                Arguments.of("interaction_required", Problem.DENIED, denied),
                Arguments.of("temporarily_unavailable", Problem.SERVER_UNAVAILABLE, later),
                Arguments.of("server_error", Problem.SERVER_UNAVAILABLE, later));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oauthErrors")
    void eachOAuthErrorHasItsProblemAndWords(String code, Problem problem, String words) {
        SignInException translated = discover().tokenError(new ErrorObject(code, "AADSTS50076: Due to a change"));

        assertThat(translated.problem()).isEqualTo(problem);
        assertThat(translated.errorCode()).isEqualTo(code);
        assertThat(translated.getMessage()).isEqualTo(words + " (the server said: " + code
                + ": AADSTS50076: Due to a change).");
    }

    @Test
    void googleIsAskedForItsClientSecretToo() {
        SignInException translated = AuthorizationServer.discover(settings(Provider.GOOGLE, "secret"), clock)
                .tokenError(new ErrorObject("invalid_client", null));

        assertThat(translated.getMessage()).isEqualTo("The sign-in server refused this app's registration. Check the "
                + "client ID and secret and the registration steps in the README (the server said: invalid_client).");
    }

    @Test
    void theServersTextIsCutBeforeEntrasTraceAndAt200Characters() {
        AuthorizationServer discovered = discover();

        assertThat(discovered.tokenError(new ErrorObject("invalid_grant", "AADSTS70008: The refresh token has expired. "
                + "Trace ID: 0f1e Correlation ID: 9a8b Timestamp: 2026-12-02")).getMessage())
                .endsWith("(the server said: invalid_grant: AADSTS70008: The refresh token has expired.).");
        assertThat(discovered.tokenError(new ErrorObject("invalid_grant", "x".repeat(300))).getMessage())
                .endsWith("(the server said: invalid_grant: " + "x".repeat(200) + ").");
        assertThat(discovered.tokenError(null).getMessage()).isEqualTo("The sign-in server could not give a token right "
                + "now. Try again later.");
        assertThat(discovered.tokenError(null).problem()).isEqualTo(Problem.SERVER_UNAVAILABLE);
    }
}
