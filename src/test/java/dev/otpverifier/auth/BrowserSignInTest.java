package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.auth.SignInException.Problem;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The browser sign-in against a real authorization server in this JVM (mock-oauth2-server on
 * 127.0.0.1), with a stand-in browser that follows its redirects: the code flow with PKCE, state,
 * nonce and the account, and each forged or refused answer.
 */
class BrowserSignInTest {

    private static final String TENANT = "contoso";
    private static final String CLIENT = "test-client-id";
    private static final String ALICE = "alice@example.com";

    private MockOAuth2Server server;
    private OAuthSettings settings;
    private final MemoryTokenStore store = new MemoryTokenStore();
    private OAuthAccounts accounts;
    private final List<URI> shownAddresses = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = new MockOAuth2Server();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        settings = OAuthSettings.of(Provider.MICROSOFT, URI.create(server.issuerUrl(TENANT).toString()), CLIENT, "")
                .withTimeout(Duration.ofSeconds(5));
        accounts = new OAuthAccounts(store, Clock.systemUTC());
    }

    @AfterEach
    void stopServer() {
        server.shutdown();
    }

    private void nextSignInIs(String account) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(TENANT, "subject-1", "JWT", List.of(CLIENT),
                Map.of("preferred_username", account), 3600));
    }

    private SignedIn signIn(StandInBrowser browser, String expected) {
        return accounts.browserSignIn(settings, expected).run(browser, shownAddresses::add, Duration.ofSeconds(20));
    }

    @Test
    void signsInWithPkceAndKeepsTheRefreshTokenInTheStore() throws Exception {
        nextSignInIs(ALICE);
        StandInBrowser browser = new StandInBrowser();

        SignedIn signedIn = signIn(browser, ALICE);

        assertThat(signedIn.account()).isEqualTo(ALICE);
        assertThat(signedIn.storeDescription()).isEqualTo("the test's memory");
        assertThat(store.tokens).containsOnlyKeys(OAuthTokens.storeKey(settings, ALICE));
        assertThat(signedIn.tokens().accessToken()).isNotBlank();
        assertThat(browser.finished().lastStatus).isEqualTo(200);
        assertThat(browser.lastPage).contains("You can close this tab");

        URI shown = shownAddresses.get(0);
        assertThat(shown.getRawQuery()).contains("code_challenge_method=S256", "code_challenge=", "state=", "nonce=",
                "login_hint=alice%40example.com", "redirect_uri=http%3A%2F%2Flocalhost%3A");
        RecordedRequest tokenRequest = tokenRequest();
        assertThat(tokenRequest.getBody().readUtf8()).contains("grant_type=authorization_code", "code_verifier=");
    }

    private RecordedRequest tokenRequest() throws InterruptedException {
        for (RecordedRequest request; (request = server.takeRequest(1, TimeUnit.SECONDS)) != null;) {
            if (request.getPath().endsWith("/token")) {
                return request;
            }
        }
        throw new AssertionError("no token request reached the server");
    }

    @Test
    void theCodeIsUselessWithoutTheVerifierOfThisSignIn() {
        nextSignInIs(ALICE);
        // An attacker who catches the code and redeems it elsewhere has no verifier: the server refuses it.
        StandInBrowser browser = new StandInBrowser(uri -> uri);
        SignedIn first = signIn(browser, ALICE);
        assertThat(first.account()).isEqualTo(ALICE);
        URI answer = browser.visited.get(browser.visited.size() - 1);
        String code = answer.getRawQuery().replaceAll(".*code=([^&]*).*", "$1");
        com.nimbusds.oauth2.sdk.TokenRequest stolen = new com.nimbusds.oauth2.sdk.TokenRequest(
                URI.create(server.tokenEndpointUrl(TENANT).toString()),
                new com.nimbusds.oauth2.sdk.id.ClientID(CLIENT),
                new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(new com.nimbusds.oauth2.sdk.AuthorizationCode(code),
                        answer.resolve("/"), new com.nimbusds.oauth2.sdk.pkce.CodeVerifier()));
        assertThatThrownBy(() -> AuthorizationServer.discover(settings, Clock.systemUTC())
                .requestTokens(stolen.getAuthorizationGrant(), null))
                .isInstanceOf(SignInException.class);
    }

    @Test
    void anAnswerWithAnotherStateIsIgnoredSoItCannotEndTheSignInAndNothingIsSaved() throws Exception {
        nextSignInIs(ALICE);
        StandInBrowser browser = new StandInBrowser(uri -> StandInBrowser.withParameter(uri, "state", "forged"));

        assertThatThrownBy(() -> accounts.browserSignIn(settings, ALICE).run(browser, shownAddresses::add,
                Duration.ofSeconds(2))).isInstanceOf(SignInException.class)
                .hasMessageContaining("No answer came from the browser")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.CANCELLED);
        assertThat(browser.finished().lastStatus).isEqualTo(400);
        assertThat(browser.lastPage).contains("does not belong to the sign-in");
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void aProbeOfThePortBeforeTheRealAnswerDoesNotSpoilTheSignIn() throws Exception {
        nextSignInIs(ALICE);
        StandInBrowser browser = new StandInBrowser(uri -> {
            try {
                java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        StandInBrowser.withParameter(uri, "state", "probe")).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding());
            } catch (java.io.IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
            return uri;
        });

        assertThat(signIn(browser, ALICE).account()).isEqualTo(ALICE);
    }

    @Test
    void anAnswerWithoutACodeIsRefused() {
        nextSignInIs(ALICE);
        StandInBrowser browser = new StandInBrowser(uri -> StandInBrowser.withParameter(uri, "code", null));

        assertThatThrownBy(() -> signIn(browser, ALICE)).isInstanceOf(SignInException.class)
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.FORGED_ANSWER);
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void anAnswerNamingAnotherIssuerIsRefused() {
        nextSignInIs(ALICE);
        StandInBrowser browser = new StandInBrowser(
                uri -> StandInBrowser.withParameter(uri, "iss", "https%3A%2F%2Fattacker.example%2F"));

        assertThatThrownBy(() -> signIn(browser, ALICE)).isInstanceOf(SignInException.class)
                .hasMessageContaining("another sign-in server")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.FORGED_ANSWER);
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void anAnswerNamingThisIssuerIsAccepted() {
        nextSignInIs(ALICE);
        String issuer = java.net.URLEncoder.encode(settings.issuer().toString(), java.nio.charset.StandardCharsets.UTF_8);
        StandInBrowser browser = new StandInBrowser(uri -> StandInBrowser.withParameter(uri, "iss", issuer));

        assertThat(signIn(browser, ALICE).account()).isEqualTo(ALICE);
    }

    @Test
    void declinedConsentSaysSoInPlainWords() throws Exception {
        StandInBrowser browser = new StandInBrowser(uri -> StandInBrowser.withParameter(
                StandInBrowser.withParameter(uri, "code", null), "error", "access_denied"));

        assertThatThrownBy(() -> signIn(browser, ALICE)).isInstanceOf(SignInException.class)
                .hasMessageContaining("declined").hasMessageContaining("access_denied")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.DENIED);
        assertThat(browser.finished().lastPage).contains("not completed");
    }

    @Test
    void aWrongClientIdGetsTheServersCodeAndAPlainSentence() {
        StandInBrowser browser = new StandInBrowser(uri -> StandInBrowser.withParameter(StandInBrowser.withParameter(
                StandInBrowser.withParameter(uri, "code", null), "error", "unauthorized_client"), "error_description",
                "AADSTS700016%3A+Application+not+found+in+the+directory%0D%0A%3Cscript%3E"));

        assertThatThrownBy(() -> signIn(browser, ALICE)).isInstanceOf(SignInException.class)
                .hasMessageContaining("unauthorized_client").hasMessageContaining("AADSTS700016")
                .hasMessageContaining("client ID").hasMessageNotContaining("\r").hasMessageNotContaining("\n")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.MISCONFIGURED);
    }

    @Test
    void aSignInForAnotherAccountThanTheFromAddressIsRefused() {
        nextSignInIs("mallory@example.com");

        assertThatThrownBy(() -> signIn(new StandInBrowser(), ALICE)).isInstanceOf(SignInException.class)
                .hasMessageContaining("mallory@example.com").hasMessageContaining(ALICE)
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.WRONG_ACCOUNT);
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void withoutAnExpectedAccountTheSignInNamesIt() {
        nextSignInIs("bob@example.com");

        assertThat(signIn(new StandInBrowser(), "").account()).isEqualTo("bob@example.com");
    }

    @Test
    void cancelStopsTheWaitAndSavesNothing() throws Exception {
        BrowserSignIn signIn = accounts.browserSignIn(settings, ALICE);
        Thread canceller = new Thread(() -> {
            while (shownAddresses.isEmpty()) {
                Thread.onSpinWait();
            }
            signIn.cancel();
        });
        canceller.start();

        assertThatThrownBy(() -> signIn.run(address -> { }, shownAddresses::add, Duration.ofMinutes(5)))
                .isInstanceOf(SignInException.class).hasMessageContaining("cancelled")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.CANCELLED);
        canceller.join();
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void aClosedBrowserEndsTheWaitAfterTheTimeLimit() {
        assertThatThrownBy(() -> accounts.browserSignIn(settings, ALICE)
                .run(address -> { }, shownAddresses::add, Duration.ofMillis(300)))
                .isInstanceOf(SignInException.class).hasMessageContaining("No answer came from the browser")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.CANCELLED);
    }

    @Test
    void whenNoBrowserOpensTheAddressIsStillGivenToCopy() {
        assertThatThrownBy(() -> accounts.browserSignIn(settings, ALICE).run(address -> {
            throw new java.io.IOException("no browser");
        }, shownAddresses::add, Duration.ofMillis(300))).isInstanceOf(SignInException.class);
        assertThat(shownAddresses).hasSize(1);
        assertThat(shownAddresses.get(0).toString()).startsWith(server.authorizationEndpointUrl(TENANT).toString());
    }

    @Test
    void aLockedCredentialStoreFailsTheSignInWithItsOwnMessage() {
        nextSignInIs(ALICE);
        store.locked = true;

        assertThatThrownBy(() -> signIn(new StandInBrowser(), ALICE)).isInstanceOf(SignInException.class)
                .hasMessageContaining("locked")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.STORE_UNAVAILABLE);
    }

    @Test
    void savedSignInsRefreshInALaterRunAndSignOutForgetsThem() {
        nextSignInIs(ALICE);
        SignedIn first = signIn(new StandInBrowser(), ALICE);
        String firstToken = first.tokens().accessToken();

        nextSignInIs(ALICE);
        OAuthTokens later = new OAuthAccounts(store, Clock.systemUTC()).tokens(settings, ALICE);
        String refreshed = later.accessToken();

        assertThat(refreshed).isNotBlank().isNotEqualTo(firstToken);
        assertThat(accounts.isSignedIn(settings, ALICE)).isTrue();
        accounts.signOut(settings, ALICE);
        assertThat(accounts.isSignedIn(settings, ALICE)).isFalse();
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void noTokenAppearsInTextsOrToString() {
        nextSignInIs(ALICE);
        SignedIn signedIn = signIn(new StandInBrowser(), ALICE);
        String access = signedIn.tokens().accessToken();
        String refresh = store.tokens.values().iterator().next();

        assertThat(signedIn.toString()).doesNotContain(access, refresh);
        assertThat(signedIn.tokens().toString()).doesNotContain(access, refresh).contains(ALICE);
    }
}
