package dev.otpverifier.app;

import dev.otpverifier.auth.BrowserSignIn;
import dev.otpverifier.auth.FileTokenStore;
import dev.otpverifier.auth.KeyringTokenStore;
import dev.otpverifier.auth.OAuthAccounts;
import dev.otpverifier.auth.OAuthSettings;
import dev.otpverifier.auth.Provider;
import dev.otpverifier.auth.RefreshTokenStore;
import dev.otpverifier.auth.SignInException;
import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.mail.AccessTokenSource;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The app's sign-ins: maps the {@code oauth.*} configuration to the {@code auth} package's
 * settings, opens the credential store on first use (never at start-up: looking for a keyring can
 * take a moment), and opens the person's browser.
 *
 * <p>Thread safe.
 */
final class SignIns {

    /** Set to {@code file} to keep sign-ins in the owner-only file even where a keyring exists. */
    static final String STORE_VARIABLE = "OTP_VERIFIER_SIGN_IN_STORE";

    private static final Duration KEYRING_LIMIT = Duration.ofSeconds(10);

    private final Supplier<RefreshTokenStore> storeFactory;
    private final BrowserSignIn.Browser browser;
    private final Clock clock;
    private volatile OAuthAccounts accounts;

    SignIns(Supplier<RefreshTokenStore> storeFactory, BrowserSignIn.Browser browser, Clock clock) {
        this.storeFactory = Objects.requireNonNull(storeFactory, "storeFactory");
        this.browser = Objects.requireNonNull(browser, "browser");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The person's sign-ins: the system's credential store where one answers, otherwise the
     * owner-only file {@code sign-in.properties} in the state directory.
     */
    static SignIns forUser(Path stateDirectory, Map<String, String> env, Clock clock) {
        Path file = stateDirectory.resolve("sign-in.properties");
        boolean fileOnly = "file".equalsIgnoreCase(env.getOrDefault(STORE_VARIABLE, ""));
        return new SignIns(() -> fileOnly ? new FileTokenStore(file)
                : KeyringTokenStore.open(KEYRING_LIMIT).<RefreshTokenStore>map(store -> store)
                        .orElseGet(() -> new FileTokenStore(file)), SignIns::openInDesktopBrowser, clock);
    }

    /** Opens {@code address} in the desktop's browser; throws where there is none. */
    static void openInDesktopBrowser(URI address) throws IOException {
        if (!Desktop.isDesktopSupported() || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
            throw new IOException("no desktop browser");
        }
        Desktop.getDesktop().browse(address);
    }

    /**
     * The sign-ins, with the credential store opened on the first call. Slow the first time. A
     * keyring that exists but does not answer (locked) is reported, and looked for again at the
     * next call.
     *
     * @throws SignInException when the keyring does not answer
     */
    OAuthAccounts accounts() {
        OAuthAccounts current = accounts;
        if (current == null) {
            synchronized (this) {
                current = accounts;
                if (current == null) {
                    current = new OAuthAccounts(storeFactory.get(), clock);
                    accounts = current;
                }
            }
        }
        return current;
    }

    BrowserSignIn.Browser browser() {
        return browser;
    }

    /** The {@code auth} settings for a configuration's {@code oauth.*} values. */
    static OAuthSettings settingsFor(OAuthConfig config, Duration timeout) {
        Provider provider = switch (config.provider()) {
            case MICROSOFT -> Provider.MICROSOFT;
            case GOOGLE -> Provider.GOOGLE;
        };
        URI issuer = config.issuer().isEmpty() ? provider.defaultIssuer(config.tenant()) : URI.create(config.issuer());
        try {
            return OAuthSettings.of(provider, issuer, config.clientId(), config.clientSecret()).withTimeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(Reason.OTHER, "The sign-in settings cannot be used: " + e.getMessage()
                    + ". Check them in Mail settings.", e);
        }
    }

    /** The sign-in settings of a configuration that signs in; the SMTP timeout bounds each request. */
    static OAuthSettings settingsFor(SmtpConfig config) {
        return settingsFor(config.oauthSettings().orElseThrow(), config.timeout());
    }

    /**
     * Where the SMTP sender of {@code config} gets its tokens. Costs nothing until the first send,
     * which opens the credential store and refreshes.
     */
    AccessTokenSource tokens(SmtpConfig config) {
        OAuthSettings settings = settingsFor(config);
        String account = config.username();
        return new AccessTokenSource() {
            /** Looked up at each use: after a sign-out or a new sign-in, the account's current tokens count. */
            private AccessTokenSource loaded() {
                try {
                    return accounts().tokens(settings, account);
                } catch (SignInException e) {
                    throw delivery(e);
                }
            }

            @Override
            public String account() {
                return account;
            }

            @Override
            public String accessToken() {
                return loaded().accessToken();
            }

            @Override
            public String renewedAccessToken(String rejected) {
                return loaded().renewedAccessToken(rejected);
            }

            @Override
            public String toString() {
                return "SignIns.tokens[" + settings.provider() + ", " + account + "]";
            }
        };
    }

    /** A sign-in failure as the rest of the app reports failures: a plain message and a reason. */
    static DeliveryException delivery(SignInException e) {
        Reason reason = switch (e.problem()) {
            case SIGN_IN_AGAIN, WRONG_ACCOUNT, MISCONFIGURED, DENIED, FORGED_ANSWER -> Reason.AUTHENTICATION;
            case SERVER_UNAVAILABLE, STORE_UNAVAILABLE, NO_REDIRECT_PORT, CANCELLED -> Reason.OTHER;
        };
        return new DeliveryException(reason, e.getMessage(), e);
    }
}
