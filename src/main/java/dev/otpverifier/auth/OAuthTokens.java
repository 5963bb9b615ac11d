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

    /** A refused token younger than this is not renewed: the new one would be refused the same way. */
    static final Duration FRESH = Duration.ofSeconds(60);

    private static final Logger LOG = System.getLogger("dev.otpverifier.auth");

    private final OAuthSettings settings;
    private final Supplier<AuthorizationServer> server;
    private final RefreshTokenStore store;
    private final String account;
    private final Clock clock;
    private TokenGrant current;
    private AuthorizationServer discovered;
    /** A rotated refresh token the store has not taken yet. */
    private String unsavedRefreshToken;
    private boolean signedOut;

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
        if (current != null && current.accessToken().equals(rejected)
                && clock.instant().isBefore(current.obtainedAt().plus(FRESH))) {
            // Refused although it just came: a new one would be refused the same way, and every
            // refresh is one more request that a provider may throttle. The server's refusal stands.
            return current.accessToken();
        }
        current = null;
        return refresh();
    }

    /** Forgets the access token in memory: after a sign-out, the next send finds the account signed out. */
    synchronized void forget() {
        current = null;
        unsavedRefreshToken = null;
        signedOut = true;
    }

    private String refresh() {
        String key = storeKey(settings, account);
        try {
            if (signedOut) {
                throw signedOutException();
            }
            String refreshToken = unsavedRefreshToken != null ? unsavedRefreshToken
                    : store.load(key).orElseThrow(this::signedOutException);
            TokenGrant grant;
            try {
                grant = server().requestTokens(new RefreshTokenGrant(new RefreshToken(refreshToken)), null);
            } catch (SignInException refused) {
                if (refused.problem() != Problem.SIGN_IN_AGAIN || unsavedRefreshToken != null) {
                    throw refused;
                }
                // Another process (the window and the terminal share the store) may have rotated the
                // token since it was read: try once with what the store holds now, and forget the
                // sign-in only if the token that was refused is still the saved one.
                java.util.Optional<String> now = store.load(key);
                if (now.isEmpty() || now.get().equals(refreshToken)) {
                    forgetIfStill(key, refreshToken);
                    throw refused;
                }
                refreshToken = now.get();
                try {
                    grant = server().requestTokens(new RefreshTokenGrant(new RefreshToken(refreshToken)), null);
                } catch (SignInException again) {
                    if (again.problem() == Problem.SIGN_IN_AGAIN) {
                        forgetIfStill(key, refreshToken);
                    }
                    throw again;
                }
            }
            if (!grant.isFor(account)) {
                forgetIfStill(key, refreshToken);
                throw new SignInException(Problem.WRONG_ACCOUNT, "The sign-in now belongs to "
                        + grant.account().orElse("another account") + ", not " + account
                        + ". Sign in again in Mail settings.");
            }
            current = grant;
            if (grant.refreshToken().isPresent() && !grant.refreshToken().get().equals(refreshToken)) {
                // Rotated: the old one may stop working. Kept in memory until it is saved, so that a
                // store that fails now does not lose it (a server with reuse detection would then
                // revoke the whole sign-in at the next refresh).
                unsavedRefreshToken = grant.refreshToken().get();
                saveRotated(key);
            } else if (unsavedRefreshToken != null) {
                saveRotated(key);
            }
            return grant.accessToken();
        } catch (SignInException e) {
            LOG.log(Level.INFO, "Token refresh for {0} failed: {1} {2}", settings.provider(), e.problem(), e.errorCode());
            throw new DeliveryException(reasonFor(e.problem()), e.getMessage(), e);
        }
    }

    private void saveRotated(String key) {
        try {
            store.save(key, unsavedRefreshToken);
            unsavedRefreshToken = null;
        } catch (SignInException e) {
            LOG.log(Level.WARNING, "The renewed sign-in could not be saved yet ({0}); it is kept in memory and saved "
                    + "at the next refresh", e.problem());
        }
    }

    private SignInException signedOutException() {
        return new SignInException(Problem.SIGN_IN_AGAIN, "You are signed out of " + settings.provider().displayName()
                + " for " + account + ". Open Mail settings and sign in again.");
    }

    private void forgetIfStill(String key, String refused) {
        try {
            if (store.load(key).map(refused::equals).orElse(false)) {
                store.delete(key);
            }
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
