package dev.otpverifier.ui.settings;

import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.OAuthConfig.Provider;
import dev.otpverifier.ui.common.UiText;
import java.util.Optional;

/**
 * How the app logs in to the mail server: with a password, or by signing in with Microsoft or
 * Google in the browser (OAuth 2.0, which the configuration file calls {@code smtp.auth=oauth2}).
 * Immutable; no Swing.
 */
enum SignInMethod {
    /** A user name and a password (or an app password), as every server has taken for years. */
    PASSWORD("password", null),
    /** Microsoft 365, Outlook.com, Hotmail: Microsoft no longer takes passwords from other apps. */
    MICROSOFT("microsoft", Provider.MICROSOFT),
    /** Gmail and Google Workspace, for accounts that cannot have an app password. */
    GOOGLE("google", Provider.GOOGLE);

    private final String key;
    private final Provider provider;

    SignInMethod(String key, Provider provider) {
        this.key = key;
        this.provider = provider;
    }

    /** The provider signed in with; empty for {@link #PASSWORD}. */
    Optional<Provider> provider() {
        return Optional.ofNullable(provider);
    }

    /** Whether this method signs in with a provider rather than sending a password. */
    boolean signsIn() {
        return provider != null;
    }

    /** The method's name as shown: "Password / app password", "Microsoft account", "Google account". */
    String label() {
        return UiText.plain("settings.method." + key);
    }

    /** The method of settings that sign in with {@code oauth}, or {@link #PASSWORD} without. */
    static SignInMethod of(Optional<OAuthConfig> oauth) {
        return oauth.map(settings -> of(settings.provider())).orElse(PASSWORD);
    }

    /** The method that signs in with {@code provider}. */
    static SignInMethod of(Provider provider) {
        return switch (provider) {
            case MICROSOFT -> MICROSOFT;
            case GOOGLE -> GOOGLE;
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
