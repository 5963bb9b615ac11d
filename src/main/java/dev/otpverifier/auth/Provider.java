package dev.otpverifier.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The mail providers whose SMTP servers take OAuth 2.0 tokens, with what differs between them: the
 * default authorization server, the scope that allows sending mail, the loopback redirect address
 * each accepts, and which ID token claim names the mailbox.
 */
public enum Provider {

    /**
     * Microsoft 365 and Outlook.com: Microsoft Entra ID. Scope {@code SMTP.Send} on Exchange
     * Online; {@code offline_access} for a refresh token. Entra matches a redirect registered as
     * {@code http://localhost} with any port, and offers the device authorization grant.
     */
    MICROSOFT("https://login.microsoftonline.com/%s/v2.0",
            List.of("https://outlook.office.com/SMTP.Send", "offline_access", "openid", "profile", "email"),
            "localhost", true, List.of("preferred_username", "email", "upn")),

    /**
     * Gmail and Google Workspace. Scope {@code https://mail.google.com/} (the only one that allows
     * SMTP); desktop clients redirect to the loopback address {@code 127.0.0.1} on any port. Google's
     * device grant does not allow the Gmail scope, so the terminal sign-in is Microsoft's only.
     */
    GOOGLE("https://accounts.google.com",
            List.of("https://mail.google.com/", "openid", "email"),
            "127.0.0.1", false, List.of("email"));

    /** The tenant Microsoft sign-in uses when none is configured: work, school and personal accounts. */
    public static final String DEFAULT_MICROSOFT_TENANT = "common";

    private final String issuerTemplate;
    private final List<String> scopes;
    private final String redirectHost;
    private final boolean deviceGrant;
    private final List<String> accountClaims;

    Provider(String issuerTemplate, List<String> scopes, String redirectHost, boolean deviceGrant,
            List<String> accountClaims) {
        this.issuerTemplate = issuerTemplate;
        this.scopes = scopes;
        this.redirectHost = redirectHost;
        this.deviceGrant = deviceGrant;
        this.accountClaims = accountClaims;
    }

    /** The provider with this configuration name ({@code microsoft} or {@code google}), any case. */
    public static Optional<Provider> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (Provider provider : values()) {
            if (provider.configName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(provider);
            }
        }
        return Optional.empty();
    }

    /** The name in {@code config.properties}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name a person knows: "Microsoft" or "Google". */
    public String displayName() {
        return this == MICROSOFT ? "Microsoft" : "Google";
    }

    /**
     * The default issuer: the URL whose {@code /.well-known/openid-configuration} describes the
     * authorization server.
     *
     * @param tenant Microsoft's tenant (a domain, a tenant ID, {@code common}, {@code organizations}
     *     or {@code consumers}); ignored for Google
     */
    public URI defaultIssuer(String tenant) {
        String value = tenant == null || tenant.isBlank() ? DEFAULT_MICROSOFT_TENANT : tenant.strip();
        return URI.create(String.format(Locale.ROOT, issuerTemplate, value));
    }

    /** The scopes asked for: sending mail, a refresh token, and the account's address. */
    public List<String> scopes() {
        return scopes;
    }

    /** The host of the loopback redirect address this provider accepts with any port. */
    public String redirectHost() {
        return redirectHost;
    }

    /** Whether this provider's device grant allows sending mail, so that a terminal can sign in. */
    public boolean supportsDeviceGrant() {
        return deviceGrant;
    }

    /** The ID token claims that name the mailbox, in the order they are tried. */
    public List<String> accountClaims() {
        return accountClaims;
    }
}
