package dev.otpverifier.ui.settings;

import dev.otpverifier.config.Security;
import dev.otpverifier.ui.common.UiText;
import java.util.Locale;

/**
 * Well-known mail providers whose SMTP settings the settings dialog can fill in.
 *
 * <p>Each fills host, port and security, and carries a one-line hint about what the provider
 * needs (mostly an app password). {@link #CUSTOM} fills nothing. Immutable; no Swing.
 */
enum MailProvider {
    /** Google Mail and Google Workspace. */
    GMAIL("gmail", "smtp.gmail.com", 587, Security.STARTTLS),
    /** Outlook.com and Microsoft 365. */
    OUTLOOK("outlook", "smtp.office365.com", 587, Security.STARTTLS),
    /** Yahoo Mail. */
    YAHOO("yahoo", "smtp.mail.yahoo.com", 465, Security.SSL),
    /** Apple iCloud Mail. */
    ICLOUD("icloud", "smtp.mail.me.com", 587, Security.STARTTLS),
    /** Zoho Mail. */
    ZOHO("zoho", "smtp.zoho.com", 465, Security.SSL),
    /** Fastmail. */
    FASTMAIL("fastmail", "smtp.fastmail.com", 465, Security.SSL),
    /** Any other server: the person types its settings. */
    CUSTOM("custom", "", 587, Security.STARTTLS);

    private final String key;
    private final String host;
    private final int port;
    private final Security security;

    MailProvider(String key, String host, int port, Security security) {
        this.key = key;
        this.host = host;
        this.port = port;
        this.security = security;
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
