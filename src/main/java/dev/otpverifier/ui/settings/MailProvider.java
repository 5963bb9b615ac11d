package dev.otpverifier.ui.settings;

import dev.otpverifier.config.Security;
import dev.otpverifier.ui.common.UiText;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Well-known mail providers whose SMTP settings the settings dialog can fill in.
 *
 * <p>Each fills host, port and security, chooses how to log in, and carries a one-line hint about
 * what the provider needs (mostly an app password). {@link #CUSTOM} fills nothing and offers every
 * way to log in (a company's server may take Microsoft's tokens, a test server anything).
 * Immutable; no Swing.
 */
enum MailProvider {
    /** Google Mail and Google Workspace: app passwords still work, a Google sign-in works for all. */
    GMAIL("gmail", "smtp.gmail.com", 587, Security.STARTTLS, SignInMethod.PASSWORD, SignInMethod.GOOGLE),
    /** Outlook.com and Microsoft 365: passwords are refused (Outlook.com) or going away (Microsoft 365). */
    OUTLOOK("outlook", "smtp.office365.com", 587, Security.STARTTLS, SignInMethod.MICROSOFT, SignInMethod.PASSWORD),
    /** Yahoo Mail. */
    YAHOO("yahoo", "smtp.mail.yahoo.com", 465, Security.SSL, SignInMethod.PASSWORD),
    /** Apple iCloud Mail. */
    ICLOUD("icloud", "smtp.mail.me.com", 587, Security.STARTTLS, SignInMethod.PASSWORD),
    /** Zoho Mail. */
    ZOHO("zoho", "smtp.zoho.com", 465, Security.SSL, SignInMethod.PASSWORD),
    /** Fastmail. */
    FASTMAIL("fastmail", "smtp.fastmail.com", 465, Security.SSL, SignInMethod.PASSWORD),
    /** Any other server: the person types its settings. */
    CUSTOM("custom", "", 587, Security.STARTTLS, SignInMethod.PASSWORD, SignInMethod.MICROSOFT,
            SignInMethod.GOOGLE);

    private final String key;
    private final String host;
    private final int port;
    private final Security security;
    private final SignInMethod defaultSignIn;
    private final Set<SignInMethod> signInMethods;

    MailProvider(String key, String host, int port, Security security, SignInMethod defaultSignIn,
            SignInMethod... others) {
        this.key = key;
        this.host = host;
        this.port = port;
        this.security = security;
        this.defaultSignIn = defaultSignIn;
        this.signInMethods = EnumSet.of(defaultSignIn, others);
    }

    /** The server's host name; empty for {@link #CUSTOM}. */
    String host() {
        return host;
    }

    int port() {
        return port;
    }

    Security security() {
        return security;
    }

    /** How choosing the provider logs in. */
    SignInMethod defaultSignIn() {
        return defaultSignIn;
    }

    /** The ways of logging in the provider's server takes, in the order of {@link SignInMethod}. */
    List<SignInMethod> signInMethods() {
        return List.copyOf(signInMethods);
    }

    /** Whether choosing it fills the server fields. */
    boolean fillsServer() {
        return this != CUSTOM;
    }

    /** The provider's name as shown. */
    String label() {
        return UiText.plain("provider." + key);
    }

    /** What the provider needs, in one line. */
    String hint() {
        return UiText.plain("hint." + key);
    }

    /** The provider whose server is {@code host}, or {@link #CUSTOM}. */
    static MailProvider forHost(String host) {
        String wanted = host == null ? "" : host.strip().toLowerCase(Locale.ROOT);
        for (MailProvider provider : values()) {
            if (provider.fillsServer() && provider.host.equals(wanted)) {
                return provider;
            }
        }
        return CUSTOM;
    }

    @Override
    public String toString() {
        return label();
    }
}
