package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.otpverifier.auth.ScriptedAuthServer.Answer;
import dev.otpverifier.otp.DeliveryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access tokens of a saved sign-in: refreshed before expiry and once when refused, a rotated
 * refresh token saved, a revoked one forgotten without a loop, and every failure of the token
 * endpoint a plain sentence without a token in it.
 */
public class TokenRefreshTest {

    private static final String CLIENT = "client-1";
    private static final String ALICE = "alice@example.com";

    private ScriptedAuthServer server;
    private OAuthSettings settings;
    private final MemoryTokenStore store = new MemoryTokenStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private OAuthTokens tokens;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedAuthServer();
        settings = OAuthSettings.of(Provider.MICROSOFT, server.issuer(), CLIENT, "")
                .withTimeout(Duration.ofMillis(1500));
        store.tokens.put(OAuthTokens.storeKey(settings, ALICE), "refresh-0");
        tokens = new OAuthAccounts(store, clock).tokens(settings, ALICE);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** An unsigned ID token for {@code account}, as a token endpoint sends it over TLS. */
    public static String idToken(java.net.URI issuer, String account) {
        return idToken(issuer, account, null);
    }

    /** An unsigned ID token for {@code account} that carries {@code nonce} (none when null). */
    public static String idToken(java.net.URI issuer, String account, String nonce) {
        return new PlainJWT(new PlainHeader(), new JWTClaimsSet.Builder().issuer(issuer.toString()).audience(CLIENT)
                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600))).claim("nonce", nonce)
                .claim("preferred_username", account).build()).serialize();
    }

    @Test
    void theFirstUseRefreshesAndLaterUsesReuseTheTokenUntilShortlyBeforeItExpires() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));
        server.tokenAnswers.add(Answer.tokens("access-2", null, null));

        assertThat(tokens.accessToken()).isEqualTo("access-1");
        clock.advance(Duration.ofMinutes(54));
        assertThat(tokens.accessToken()).isEqualTo("access-1");
        clock.advance(Duration.ofMinutes(2)); // 4 minutes left: inside the margin
        assertThat(tokens.accessToken()).isEqualTo("access-2");
        assertThat(server.tokenRequests).hasSize(2).allSatisfy(body -> assertThat(body)
                .contains("grant_type=refresh_token", "refresh_token=refresh-0", "client_id=" + CLIENT));
    }

    @Test
    void aTokenTheMailServerRefusedIsRenewedOnceEvenBeforeItExpires() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));
        server.tokenAnswers.add(Answer.tokens("access-2", null, null));

        String first = tokens.accessToken();
        clock.advance(Duration.ofMinutes(2));
        assertThat(tokens.renewedAccessToken(first)).isEqualTo("access-2");
        assertThat(tokens.renewedAccessToken(first)).as("already renewed by another send").isEqualTo("access-2");
        assertThat(server.tokenRequests).hasSize(2);
    }

    @Test
    void aTokenRefusedRightAfterItCameIsNotRenewedAgain() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));

        String first = tokens.accessToken();
        clock.advance(Duration.ofSeconds(30));

        assertThat(tokens.renewedAccessToken(first)).as("a new token would be refused the same way").isEqualTo(first);
        assertThat(server.tokenRequests).hasSize(1);
    }

    @Test
    void aRotatedTokenThatCannotBeSavedIsKeptAndSavedAtTheNextRefresh() {
        server.tokenAnswers.add(Answer.tokens("access-1", "refresh-1", null));
        server.tokenAnswers.add(Answer.tokens("access-2", null, null));
        String key = OAuthTokens.storeKey(settings, ALICE);
        store.failSaves = true;

        assertThat(tokens.accessToken()).isEqualTo("access-1");
        assertThat(store.tokens).containsEntry(key, "refresh-0");

        store.failSaves = false;
        clock.advance(Duration.ofMinutes(58));
        assertThat(tokens.accessToken()).isEqualTo("access-2");
        assertThat(server.tokenRequests.get(1)).as("the rotated token, not the stale one").contains("refresh_token=refresh-1");
        assertThat(store.tokens).containsEntry(key, "refresh-1");
    }

    @Test
    void aTokenRotatedByAnotherProcessIsTriedBeforeGivingUp() {
        String key = OAuthTokens.storeKey(settings, ALICE);
        server.tokenAnswers.add(Answer.error("invalid_grant"));
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));
        // The terminal rotated refresh-0 to refresh-5 while this process still held refresh-0 in hand:
        store.afterLoad = () -> store.tokens.put(key, "refresh-5");

        assertThat(tokens.accessToken()).isEqualTo("access-1");
        assertThat(server.tokenRequests.get(1)).contains("refresh_token=refresh-5");
        assertThat(store.tokens).containsEntry(key, "refresh-5");
    }

    @Test
    void aTokenRotatedByAnotherProcessAndRevokedTooIsForgotten() {
        String key = OAuthTokens.storeKey(settings, ALICE);
        server.tokenAnswers.add(Answer.error("invalid_grant"));
        server.tokenAnswers.add(Answer.error("invalid_grant"));
        store.afterLoad = () -> store.tokens.put(key, "refresh-5");

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("Sign in again")
                .extracting(e -> ((DeliveryException) e).reason()).isEqualTo(DeliveryException.Reason.AUTHENTICATION);
        assertThat(server.tokenRequests.get(1)).contains("refresh_token=refresh-5");
        assertThat(store.tokens).as("the rotated token was refused too: nothing is left to try").isEmpty();
        assertThatThrownBy(tokens::accessToken).hasMessageContaining("signed out");
        assertThat(server.tokenRequests).as("no third request with a dead token").hasSize(2);
    }

    @Test
    void aTokenRotatedByAnotherProcessIsKeptWhenTheServerFailsOnIt() {
        String key = OAuthTokens.storeKey(settings, ALICE);
        server.tokenAnswers.add(Answer.error("invalid_grant"));
        server.tokenAnswers.add(Answer.json(503, "{\"error\":\"temporarily_unavailable\"}"));
        store.afterLoad = () -> store.tokens.put(key, "refresh-5");

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("Try again later");
        assertThat(store.tokens).as("a server that is down is no reason to forget the sign-in")
                .containsEntry(key, "refresh-5");
    }

    @Test
    void aSignOutStopsASenderThatStillHoldsTheTokens() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));
        OAuthAccounts accounts = new OAuthAccounts(store, clock);
        OAuthTokens held = accounts.tokens(settings, ALICE);
        assertThat(held.accessToken()).isEqualTo("access-1");

        accounts.signOut(settings, ALICE);

        assertThatThrownBy(held::accessToken).isInstanceOf(DeliveryException.class).hasMessageContaining("signed out");
    }

    @Test
    void aRotatedRefreshTokenReplacesTheSavedOne() {
        server.tokenAnswers.add(Answer.tokens("access-1", "refresh-1", null));

        tokens.accessToken();

        assertThat(store.tokens).containsEntry(OAuthTokens.storeKey(settings, ALICE), "refresh-1");
    }

    @Test
    void aRevokedSignInIsForgottenAndAsksToSignInAgainWithoutALoop() {
        server.tokenAnswers.add(Answer.error("invalid_grant"));

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("Sign in again").hasMessageContaining("invalid_grant")
                .extracting(e -> ((DeliveryException) e).reason()).isEqualTo(DeliveryException.Reason.AUTHENTICATION);
        assertThat(store.tokens).isEmpty();

        assertThatThrownBy(tokens::accessToken).hasMessageContaining("signed out");
        assertThat(server.tokenRequests).as("no second request with a dead token").hasSize(1);
    }

    @Test
    void aRefreshThatNamesAnotherAccountIsRefusedAndForgotten() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, idToken(server.issuer(), "mallory@example.com")));

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("mallory@example.com");
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, idToken(java.net.URI.create("https://evil.example"),
                ALICE)));

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("another sign-in server");
    }

    @Test
    void anIdTokenForAnotherTenantOfAMultiTenantAuthorityIsAccepted() {
        server.discovery = server.discovery.replace("\"issuer\":\"" + server.issuer(),
                "\"issuer\":\"" + server.issuer().toString().replace("/t", "/{tenantid}"));
        java.net.URI tenant = java.net.URI.create(server.issuer().toString()
                .replace("/t", "/9188040d-6c67-4c5b-b112-36a304b66dad"));
        server.tokenAnswers.add(Answer.tokens("access-1", null, idToken(tenant, ALICE)));

        assertThat(tokens.accessToken()).isEqualTo("access-1");
    }

    @Test
    void anIdTokenWhoseIssuerIsThePlaceholderItselfIsRefused() {
        server.discovery = server.discovery.replace("\"issuer\":\"" + server.issuer(),
                "\"issuer\":\"" + server.issuer().toString().replace("/t", "/{tenantid}"));
        server.tokenAnswers.add(Answer.tokens("access-1", null, new PlainJWT(new PlainHeader(),
                new JWTClaimsSet.Builder().issuer(server.issuer().toString().replace("/t", "/{tenantid}"))
                        .audience(CLIENT).expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600)))
                        .claim("preferred_username", ALICE).build()).serialize()));

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("another sign-in server");
    }

    @Test
    void anAliasTenantWhoseDocumentNamesItsTenantIdIsAccepted() {
        // Entra's documents for consumers or a domain tenant name the tenant's ID as the issuer.
        String id = "9188040d-6c67-4c5b-b112-36a304b66dad";
        server.discovery = server.discovery.replace("\"issuer\":\"" + server.issuer(),
                "\"issuer\":\"" + server.issuer().toString().replace("/t", "/" + id));
        server.tokenAnswers.add(Answer.tokens("access-1", null, idToken(java.net.URI.create(
                server.issuer().toString().replace("/t", "/" + id)), ALICE)));

        assertThat(tokens.accessToken()).isEqualTo("access-1");
    }

    @Test
    void aDocumentNamingAnotherTenantNameIsRefused() {
        server.discovery = server.discovery.replace("\"issuer\":\"" + server.issuer(),
                "\"issuer\":\"" + server.issuer().toString().replace("/t", "/fabrikam.example"));

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("not the configured issuer");
    }

    @Test
    void anIdTokenNamingTheMailboxUnderAnotherClaimStillCounts() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, new PlainJWT(new PlainHeader(),
                new JWTClaimsSet.Builder().issuer(server.issuer().toString()).audience(CLIENT)
                        .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600)))
                        .claim("preferred_username", "alice@contoso.onmicrosoft.com").claim("email", ALICE).build())
                .serialize()));

        assertThat(tokens.accessToken()).isEqualTo("access-1");
    }

    @Test
    void aSlowTokenEndpointIsATimeoutWithThePlainLimit() {
        server.tokenAnswers.add(new Answer(200, "{}", Duration.ofSeconds(4)));

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("did not answer within 1 seconds");
        assertThat(store.tokens).as("a slow server is no reason to forget the sign-in").hasSize(1);
    }

    @Test
    void aTokenEndpointThatIsDownSaysSo() {
        server.close();

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("Could not reach the sign-in server 127.0.0.1");
        assertThat(store.tokens).hasSize(1);
    }

    @Test
    void garbageFromTheTokenEndpointIsNotAToken() {
        server.tokenAnswers.add(Answer.json(200, "<html>proxy login</html>"));

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("not a token");
    }

    @Test
    void aServerErrorIsTemporaryAndKeepsTheSignIn() {
        server.tokenAnswers.add(Answer.json(503, "{\"error\":\"temporarily_unavailable\"}"));

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("Try again later");
        assertThat(store.tokens).hasSize(1);
    }

    @Test
    void aDiscoveryDocumentNamingAnotherIssuerIsRefused() {
        server.discovery = server.discovery.replace("\"issuer\":\"http://127.0.0.1", "\"issuer\":\"https://evil.example");

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("not the configured issuer");
        assertThat(server.tokenRequests).isEmpty();
    }

    @Test
    void aDiscoveryDocumentWithAPlainHttpEndpointElsewhereIsRefused() {
        server.discovery = server.discovery.replace("\"token_endpoint\":\"http://127.0.0.1",
                "\"token_endpoint\":\"http://tokens.example");

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class)
                .hasMessageContaining("not protected by https");
    }

    @Test
    void aLockedStoreIsSaidPlainlyAndKeepsNothingHalfWay() {
        store.locked = true;

        assertThatThrownBy(tokens::accessToken).isInstanceOf(DeliveryException.class).hasMessageContaining("locked");
        assertThat(server.tokenRequests).isEmpty();
    }

    @Test
    void noTokenReachesAMessage() {
        server.tokenAnswers.add(Answer.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"token refresh-0 "
                + "is revoked\"}"));

        assertThatThrownBy(tokens::accessToken).satisfies(e -> assertThat(e.getMessage())
                .as("the server echoed the token; the message cuts it out").doesNotContain("refresh-0")
                .contains("token (hidden) is revoked"));
        // A token the app holds never appears either:
        server.tokenAnswers.add(Answer.tokens("secret-access", null, null));
        store.tokens.put(OAuthTokens.storeKey(settings, ALICE), "refresh-9");
        assertThat(tokens.accessToken()).isEqualTo("secret-access");
        assertThat(tokens.toString()).doesNotContain("secret-access", "refresh-9");
    }

    @Test
    void microsoftsMultiTenantIssuerPlaceholderMatchesTheConfiguredTenantOnly() {
        server.discovery = server.discovery.replace("\"issuer\":\"" + server.issuer(),
                "\"issuer\":\"" + server.issuer().toString().replace("/t", "/{tenantid}"));
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));

        assertThat(tokens.accessToken()).isEqualTo("access-1");
    }

    @Test
    void aTokenIsReplacedFromExactlyFiveMinutesBeforeItExpires() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));
        server.tokenAnswers.add(Answer.tokens("access-2", null, null));

        assertThat(tokens.accessToken()).isEqualTo("access-1");
        clock.advance(Duration.ofMinutes(55).minusSeconds(1));
        assertThat(tokens.accessToken()).as("5 min 1 s left").isEqualTo("access-1");
        assertThat(tokens.renewedAccessToken("another-send's-token")).as("renewed by another send, still good")
                .isEqualTo("access-1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(tokens.accessToken()).as("5 min left").isEqualTo("access-2");
        assertThat(server.tokenRequests).hasSize(2);
    }

    @Test
    void aTokenTheOtherSendHadRenewedIsRenewedAgainWhenItIsAboutToExpire() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));
        server.tokenAnswers.add(Answer.tokens("access-2", null, null));

        tokens.accessToken();
        clock.advance(Duration.ofMinutes(55));

        assertThat(tokens.renewedAccessToken("another-send's-token")).isEqualTo("access-2");
    }

    @Test
    void eachAccountHasItsOwnSavedSignInWhateverTheCaseOfItsAddress() {
        server.tokenAnswers.add(Answer.tokens("access-1", null, null));
        OAuthAccounts accounts = new OAuthAccounts(store, clock);

        assertThat(OAuthTokens.storeKey(settings, "Alice@Example.COM"))
                .as("the key saved sign-ins are found by, kept across versions")
                .isEqualTo(server.issuer() + " " + CLIENT + " alice@example.com");
        assertThatThrownBy(() -> accounts.tokens(settings, "bob@example.com").accessToken())
                .isInstanceOf(DeliveryException.class).hasMessageContaining("signed out");
        OAuthSettings otherClient = OAuthSettings.of(Provider.MICROSOFT, server.issuer(), "client-2", "");
        assertThatThrownBy(() -> accounts.tokens(otherClient, ALICE).accessToken())
                .isInstanceOf(DeliveryException.class).hasMessageContaining("signed out");
        assertThat(accounts.tokens(settings, "ALICE@example.com").accessToken()).isEqualTo("access-1");
        assertThat(server.tokenRequests).singleElement().asString().contains("refresh_token=refresh-0");
    }

    @Test
    void theTokensNameTheirAccountAndProvider() {
        assertThat(tokens.account()).isEqualTo(ALICE);
        assertThat(tokens.provider()).isEqualTo(Provider.MICROSOFT);
        assertThat(tokens.toString()).isEqualTo("OAuthTokens[provider=MICROSOFT, account=alice@example.com]");
    }

    /** A clock a test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration step) {
            now = now.plus(step);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

}
