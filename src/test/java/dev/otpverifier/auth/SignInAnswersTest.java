package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.auth.ScriptedAuthServer.Answer;
import dev.otpverifier.auth.SignInException.Problem;
import dev.otpverifier.auth.TokenRefreshTest.MutableClock;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser sign-in against the scripted authorization server, for the answers mock-oauth2-server
 * does not give: no ID token, no refresh token, a promised {@code iss} left out, a refusal for each
 * provider; and what a finished sign-in's tokens do later.
 */
class SignInAnswersTest {

    private static final String CLIENT = "client-1";
    private static final String ALICE = "alice@example.com";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private ScriptedAuthServer server;
    private final MemoryTokenStore store = new MemoryTokenStore();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<URI> shown = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedAuthServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private OAuthSettings settings(Provider provider) {
        return OAuthSettings.of(provider, server.issuer(), CLIENT, provider == Provider.GOOGLE ? "secret" : "")
                .withTimeout(Duration.ofSeconds(5));
    }

    private OAuthAccounts accounts() {
        return new OAuthAccounts(store, clock);
    }

    private SignedIn signIn(Provider provider, StandInBrowser browser) {
        return accounts().browserSignIn(settings(provider), ALICE).run(browser, shown::add, Duration.ofSeconds(20));
    }

    /** The token endpoint's next answer: tokens for Alice with the nonce of the sign-in in progress. */
    private void nextTokens(String access, String refresh, boolean withIdToken) {
        server.answersForNonce.add(nonce -> Answer.tokens(access, refresh, !withIdToken ? null : IdTokens.of(claims -> claims
                .issuer(server.issuer().toString()).audience(CLIENT).expirationTime(Date.from(NOW.plusSeconds(3600)))
                .claim("nonce", nonce).claim("preferred_username", ALICE).claim("email", ALICE))));
    }

    private static UnaryOperator<URI> refusal(String error) {
        return uri -> StandInBrowser.withParameter(StandInBrowser.withParameter(uri, "code", null), "error", error);
    }

    @Test
    void aGoogleSignInHintsTheAccountAndAsksForOfflineAccess() {
        nextTokens("access-1", "refresh-1", true);

        SignedIn signedIn = signIn(Provider.GOOGLE, new StandInBrowser());

        assertThat(signedIn.account()).isEqualTo(ALICE);
        assertThat(server.authorizeRequests).singleElement().asString()
                .contains("login_hint=alice%40example.com", "access_type=offline", "prompt=consent");
        assertThat(server.tokenRequests).singleElement().asString().contains("client_secret=secret");
    }

    @Test
    void withoutAnExpectedAccountNoHintIsSentAndMicrosoftIsNotAskedForOfflineAccess() {
        nextTokens("access-1", "refresh-1", true);

        SignedIn signedIn = accounts().browserSignIn(settings(Provider.MICROSOFT), "  ")
                .run(new StandInBrowser(), shown::add, Duration.ofSeconds(20));

        assertThat(signedIn.account()).isEqualTo(ALICE);
        assertThat(server.authorizeRequests).singleElement().asString()
                .doesNotContain("login_hint", "access_type", "prompt=");
    }

    @Test
    void aSignInWithoutAnIdTokenSavesNothing() {
        nextTokens("access-1", "refresh-1", false);

        assertThatThrownBy(() -> signIn(Provider.MICROSOFT, new StandInBrowser()))
                .isInstanceOfSatisfying(SignInException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.MISCONFIGURED);
                    assertThat(e.getMessage()).isEqualTo("The sign-in did not say which email address it was for. "
                            + "Check that the app registration allows the openid and email permissions.");
                });
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void aSignInWithoutARefreshTokenNamesThePermissionEachProviderCallsOfflineAccess() throws Exception {
        nextTokens("access-1", null, true);
        assertThatThrownBy(() -> signIn(Provider.MICROSOFT, new StandInBrowser())).hasMessage("Microsoft gave no "
                + "refresh token, so the sign-in would end within the hour. Check that the registration allows "
                + "offline_access. Nothing was saved.");

        nextTokens("access-1", null, true);
        assertThatThrownBy(() -> signIn(Provider.GOOGLE, new StandInBrowser())).hasMessage("Google gave no refresh "
                + "token, so the sign-in would end within the hour. Check that the registration allows offline access. "
                + "Nothing was saved.");
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void aSignInWhoseNameDiffersFromTheMailboxIsForTheFromAddressItNames() {
        // Entra: the sign-in name alice@contoso.onmicrosoft.com, the mailbox alice@example.com.
        server.answersForNonce.add(nonce -> Answer.tokens("access-1", "refresh-1", IdTokens.of(claims -> claims
                .issuer(server.issuer().toString()).audience(CLIENT).expirationTime(Date.from(NOW.plusSeconds(3600)))
                .claim("nonce", nonce).claim("preferred_username", "alice@contoso.onmicrosoft.com")
                .claim("email", "Alice@Example.com"))));

        SignedIn signedIn = accounts().browserSignIn(settings(Provider.MICROSOFT), ALICE)
                .run(new StandInBrowser(), shown::add, Duration.ofSeconds(20));

        assertThat(signedIn.account()).as("the token's own spelling of the From address").isEqualTo("Alice@Example.com");
        assertThat(store.tokens).containsOnlyKeys(OAuthTokens.storeKey(settings(Provider.MICROSOFT), ALICE));
    }

    @Test
    void theTokensOfASignInRefreshLaterAgainstTheSameServer() {
        nextTokens("access-1", "refresh-1", true);
        SignedIn signedIn = signIn(Provider.MICROSOFT, new StandInBrowser());
        server.tokenAnswers.add(Answer.tokens("access-2", null, null));

        assertThat(signedIn.tokens().accessToken()).isEqualTo("access-1");
        clock.advance(Duration.ofMinutes(56));
        assertThat(signedIn.tokens().accessToken()).isEqualTo("access-2");
        assertThat(server.tokenRequests).hasSize(2);
        assertThat(server.tokenRequests.get(1)).contains("grant_type=refresh_token", "refresh_token=refresh-1");
    }

    @Test
    void aServerThatPromisesItsNameInAnswersMustSendIt() {
        server.discovery = server.discovery.replace("\"response_types_supported\"",
                "\"authorization_response_iss_parameter_supported\":true,\"response_types_supported\"");
        String issuer = URLEncoder.encode(server.issuer().toString(), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> signIn(Provider.MICROSOFT, new StandInBrowser()))
                .isInstanceOfSatisfying(SignInException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.FORGED_ANSWER);
                    assertThat(e.getMessage()).contains("came from another sign-in server than 127.0.0.1");
                });
        nextTokens("access-1", "refresh-1", true);
        assertThat(signIn(Provider.MICROSOFT, new StandInBrowser(uri -> StandInBrowser.withParameter(uri, "iss", issuer)))
                .account()).isEqualTo(ALICE);
    }

    @Test
    void aRefusedSignInNamesWhatToCheckForEachProvider() {
        assertThatThrownBy(() -> signIn(Provider.MICROSOFT, new StandInBrowser(refusal("unauthorized_client"))))
                .hasMessage("Microsoft refused the sign-in (the server said: unauthorized_client). Check the client ID, "
                        + "the tenant and the registration steps in the README.");
        assertThatThrownBy(() -> signIn(Provider.GOOGLE, new StandInBrowser(refusal("invalid_request"))))
                .hasMessage("Google refused the sign-in (the server said: invalid_request). Check the client ID and the "
                        + "registration steps in the README.");
        assertThatThrownBy(() -> signIn(Provider.GOOGLE, new StandInBrowser(refusal("consent_required"))))
                .isInstanceOfSatisfying(SignInException.class, e -> assertThat(e.problem()).isEqualTo(Problem.DENIED));
    }

    @Test
    void theTimeLimitIsSaidInSecondsWhenItIsUnderAMinute() {
        assertThatThrownBy(() -> accounts().browserSignIn(settings(Provider.MICROSOFT), ALICE)
                .run(address -> { }, shown::add, Duration.ofMillis(1500)))
                .hasMessage("No answer came from the browser within 1 second. Sign in again when you are ready.");
    }

    /** The waits of a minute or more are tested here, not by waiting them out. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} ms")
    @org.junit.jupiter.params.provider.CsvSource({"1500, 1 second", "2000, 2 seconds", "59999, 59 seconds", "60000, 1 minute",
        "119999, 1 minute", "120000, 2 minutes", "300000, 5 minutes"})
    void theTimeLimitIsSaidInWholeMinutesFromAMinuteOn(long millis, String words) {
        assertThat(BrowserSignIn.inWords(Duration.ofMillis(millis))).isEqualTo(words);
    }

    @Test
    void anInterruptedWaitIsACancelAndTheInterruptIsKept() throws Exception {
        List<Object> outcome = new CopyOnWriteArrayList<>();
        Thread waiting = new Thread(() -> {
            try {
                accounts().browserSignIn(settings(Provider.MICROSOFT), ALICE)
                        .run(address -> { }, shown::add, Duration.ofMinutes(5));
            } catch (SignInException e) {
                outcome.add(e.problem());
                outcome.add(Thread.currentThread().isInterrupted());
            }
        });
        waiting.start();
        while (shown.isEmpty()) {
            Thread.sleep(10);
        }

        waiting.interrupt();
        waiting.join(5000);

        assertThat(outcome).containsExactly(Problem.CANCELLED, true);
    }

    @Test
    void theAccountsTellWhereTheirTokensAreKept(@TempDir Path home) {
        assertThat(accounts().storeDescription()).isEqualTo("the test's memory");
        assertThat(accounts().usesSystemStore()).isTrue();
        Path file = home.resolve("tokens");
        OAuthAccounts fallback = new OAuthAccounts(new FileTokenStore(file), clock);
        assertThat(fallback.usesSystemStore()).isFalse();
        assertThat(fallback.storeDescription()).contains(file.toString());
        assertThat(accounts().isSignedIn(settings(Provider.MICROSOFT), " ")).isFalse();
    }
}
