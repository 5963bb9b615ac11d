package dev.otpverifier.auth;

import dev.otpverifier.auth.SignInException.Problem;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Sign-ins and their saved refresh tokens: the one entry point of this package for the app.
 *
 * <p>Thread safe. The methods that talk to an authorization server or a credential store block:
 * call them off the event dispatch thread.
 */
public final class OAuthAccounts {

    private static final Logger LOG = System.getLogger("dev.otpverifier.auth");

    private final RefreshTokenStore store;
    private final Clock clock;
    /**
     * The tokens of each account used in this process, so that a sign-in, a test connection and the
     * senders made after a save share one access token instead of each asking the server for one.
     */
    private final Map<String, OAuthTokens> inUse = new ConcurrentHashMap<>();

    /** Accounts whose refresh tokens live in {@code store}. */
    public OAuthAccounts(RefreshTokenStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where the refresh tokens are kept, in plain words. */
    public String storeDescription() {
        return store.description();
    }

    /** Whether the refresh tokens are in the operating system's credential store. */
    public boolean usesSystemStore() {
        return store.isSystemStore();
    }

    /**
     * Prepares a sign-in in the browser; {@link BrowserSignIn#run} performs it.
     *
     * @param expectedAccount the address the settings send from, which the sign-in must be for;
     *     empty to accept any account (the dialog then fills it in)
     */
    public BrowserSignIn browserSignIn(OAuthSettings settings, String expectedAccount) {
        return new BrowserSignIn(this, Objects.requireNonNull(settings, "settings"), expectedAccount);
    }

    /**
     * Signs in on a terminal with the device authorization grant: shows an address and a code
     * through {@code prompt}, then waits until the person has entered it on any device.
     *
     * @throws SignInException with a plain message; nothing is saved then
     */
    public SignedIn signInOnTerminal(OAuthSettings settings, String expectedAccount, Consumer<DevicePrompt> prompt) {
        AuthorizationServer server = discover(settings);
        TokenGrant grant = DeviceSignIn.run(server, prompt, clock);
        return finish(server, grant, expectedAccount == null ? "" : expectedAccount.strip());
    }

    /** Whether a refresh token for this account is saved. */
    public boolean isSignedIn(OAuthSettings settings, String account) {
        return !account.isBlank() && store.load(OAuthTokens.storeKey(settings, account)).isPresent();
    }

    /** Forgets the account's saved refresh token. */
    public void signOut(OAuthSettings settings, String account) {
        String key = OAuthTokens.storeKey(settings, account);
        OAuthTokens old = inUse.remove(key);
        if (old != null) {
            old.forget(); // a sender that still holds it must not go on sending with its access token
        }
        store.delete(key);
    }

    /**
     * The tokens of an account signed in earlier; the first use refreshes. Nothing is checked here,
     * so that start-up costs nothing: a missing sign-in shows when a code is sent.
     */
    public OAuthTokens tokens(OAuthSettings settings, String account) {
        Objects.requireNonNull(account, "account");
        return inUse.computeIfAbsent(OAuthTokens.storeKey(settings, account),
                key -> new OAuthTokens(settings, () -> discover(settings), store, account, clock, null));
    }

    AuthorizationServer discover(OAuthSettings settings) {
        return AuthorizationServer.discover(settings, clock);
    }

    SignedIn finish(AuthorizationServer server, TokenGrant grant, String expectedAccount) {
        OAuthSettings settings = server.settings();
        String named = grant.account().orElseThrow(() -> new SignInException(Problem.MISCONFIGURED,
                "The sign-in did not say which email address it was for. Check that the app registration allows "
                        + "the openid and email permissions."));
        String account = expectedAccount.isEmpty() ? named
                : grant.accounts().stream().filter(expectedAccount::equalsIgnoreCase).findFirst().orElse(named);
        if (!expectedAccount.isEmpty() && !expectedAccount.equalsIgnoreCase(account)) {
            throw new SignInException(Problem.WRONG_ACCOUNT, "You signed in as " + account + ", but the settings send "
                    + "from " + expectedAccount + ". " + settings.provider().displayName() + " sends only as the "
                    + "signed-in account: sign in as " + expectedAccount + ", or change the From address. Nothing was saved.");
        }
        Optional<String> refreshToken = grant.refreshToken();
        if (refreshToken.isEmpty()) {
            throw new SignInException(Problem.MISCONFIGURED, settings.provider().displayName() + " gave no refresh "
                    + "token, so the sign-in would end within the hour. Check that the registration allows "
                    + (settings.provider() == Provider.MICROSOFT ? "offline_access" : "offline access")
                    + ". Nothing was saved.");
        }
        store.save(OAuthTokens.storeKey(settings, account), refreshToken.get());
        LOG.log(Level.INFO, "Signed in with {0}; the refresh token is kept in {1}", settings.provider(),
                store.isSystemStore() ? "the credential store" : "the fallback file");
        OAuthTokens tokens = new OAuthTokens(settings, () -> server, store, account, clock, grant);
        inUse.put(OAuthTokens.storeKey(settings, account), tokens);
        return new SignedIn(account, tokens, store.description());
    }
}
