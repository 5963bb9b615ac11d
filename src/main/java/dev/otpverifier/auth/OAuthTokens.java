package dev.otpverifier.auth;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.otpverifier.auth.SignInException.Problem;
import dev.otpverifier.mail.AccessTokenSource;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The access tokens of one signed-in account, for the SMTP sender.
 *
 * <p>The access token lives in memory only and is refreshed when it has less than
 * {@link #REFRESH_MARGIN} left, and once more when the mail server refuses it. The refresh token
 * stays in the {@link RefreshTokenStore}; a rotated one replaces it there. A refresh the server
 * refuses with {@code invalid_grant} (revoked, expired, password changed) forgets the saved token and
 * asks the person to sign in again, so a dead sign-in never turns into a loop of refused requests.
 *
 * <p>Thread safe: refreshes are serialised, so two sends never spend the same refresh token twice.
 */
public final class OAuthTokens implements AccessTokenSource {

    /** How long before its expiry an access token is replaced. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private static final Logger LOG = System.getLogger("dev.otpverifier.auth");

    private final OAuthSettings settings;
    private final Supplier<AuthorizationServer> server;
    private final RefreshTokenStore store;
    private final String account;
    private final Clock clock;
    private TokenGrant current;
    private AuthorizationServer discovered;

    OAuthTokens(OAuthSettings settings, Supplier<AuthorizationServer> server, RefreshTokenStore store, String account,
            Clock clock, TokenGrant initial) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.server = Objects.requireNonNull(server, "server");
        this.store = Objects.requireNonNull(store, "store");
        this.account = Objects.requireNonNull(account, "account");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = initial;
    }

    /** The key a refresh token is saved under: the issuer, the client and the account. */
    static String storeKey(OAuthSettings settings, String account) {
        return settings.issuer() + " " + settings.clientId() + " " + account.toLowerCase(Locale.ROOT);
    }

    @Override
    public String account() {
        return account;
    }

    /** The provider the account signed in with. */
    public Provider provider() {
        return settings.provider();
    }

    @Override
    public synchronized String accessToken() {
        if (current != null && clock.instant().plus(REFRESH_MARGIN).isBefore(current.expiresAt())) {
            return current.accessToken();
        }
        return refresh();
    }

    @Override
    public synchronized String renewedAccessToken(String rejected) {
        if (current != null && !current.accessToken().equals(rejected)
                && clock.instant().plus(REFRESH_MARGIN).isBefore(current.expiresAt())) {
            return current.accessToken(); // another send has renewed it meanwhile
        }
        current = null;
        return refresh();
    }

    private String refresh() {
        String key = storeKey(settings, account);
        String refreshToken;
        try {
            refreshToken = store.load(key).orElseThrow(() -> new SignInException(Problem.SIGN_IN_AGAIN,
                    "You are signed out of " + settings.provider().displayName() + " for " + account
                            + ". Open Mail settings and sign in again."));
            TokenGrant grant = server().requestTokens(new RefreshTokenGrant(new RefreshToken(refreshToken)), null);
            if (grant.account().isPresent() && !grant.account().get().equalsIgnoreCase(account)) {
                throw new SignInException(Problem.WRONG_ACCOUNT, "The sign-in now belongs to "
                        + grant.account().get() + ", not " + account + ". Sign in again in Mail settings.");
            }
            if (grant.refreshToken().isPresent() && !grant.refreshToken().get().equals(refreshToken)) {
                store.save(key, grant.refreshToken().get()); // rotated: the old one may stop working
            }
            current = grant;
            return grant.accessToken();
        } catch (SignInException e) {
            if (e.problem() == Problem.SIGN_IN_AGAIN || e.problem() == Problem.WRONG_ACCOUNT) {
                forget(key);
            }
            LOG.log(Level.INFO, "Token refresh for {0} failed: {1} {2}", settings.provider(), e.problem(), e.errorCode());
            throw new DeliveryException(reasonFor(e.problem()), e.getMessage(), e);
        }
    }

    private void forget(String key) {
        try {
            store.delete(key);
        } catch (SignInException e) {
            LOG.log(Level.WARNING, "Could not forget a dead sign-in: {0}", e.problem());
        }
    }

    private synchronized AuthorizationServer server() {
        if (discovered == null) {
            discovered = server.get();
        }
        return discovered;
    }

    private static Reason reasonFor(Problem problem) {
        return switch (problem) {
            case SERVER_UNAVAILABLE, STORE_UNAVAILABLE, NO_REDIRECT_PORT, CANCELLED -> Reason.OTHER;
            case SIGN_IN_AGAIN, WRONG_ACCOUNT, MISCONFIGURED, DENIED, FORGED_ANSWER -> Reason.AUTHENTICATION;
        };
    }

    /** The provider and the account; never a token. */
    @Override
    public String toString() {
        return "OAuthTokens[provider=" + settings.provider() + ", account=" + account + "]";
    }
}
