package dev.otpverifier.config;

import java.util.Optional;

/**
 * The mail settings as a configuration file spells them, unchecked: what the settings dialog shows
 * when the file could not be used, so that only the wrong value needs retyping. Each value is the
 * file's text, stripped and cut to a sane length with control characters removed; empty when the key
 * is missing.
 *
 * @param host {@code smtp.host}
 * @param port {@code smtp.port}
 * @param security {@code smtp.security}
 * @param username {@code smtp.username}
 * @param password {@code smtp.password} (empty when the environment variable supplies it)
 * @param passwordFromEnvironment whether {@code OTP_SMTP_PASSWORD} is set
 * @param trustCertificate {@code smtp.trust.certificate}
 * @param timeoutSeconds {@code smtp.timeout.seconds}
 * @param from {@code mail.from}
 * @param fromName {@code mail.from.name}
 * @param auth {@code smtp.auth}
 * @param oauthProvider {@code oauth.provider}
 * @param clientId {@code oauth.client.id}
 * @param clientSecret {@code oauth.client.secret}
 * @param tenant {@code oauth.tenant}
 * @param issuer {@code oauth.issuer}
 */
public record SmtpDraft(String host, String port, String security, String username, String password,
        boolean passwordFromEnvironment, String trustCertificate, String timeoutSeconds, String from,
        String fromName, String auth, String oauthProvider, String clientId, String clientSecret, String tenant,
        String issuer) {

    /** A draft of a file that logs in with a password (no {@code smtp.auth} or {@code oauth.*} keys). */
    public SmtpDraft(String host, String port, String security, String username, String password,
            boolean passwordFromEnvironment, String trustCertificate, String timeoutSeconds, String from,
            String fromName) {
        this(host, port, security, username, password, passwordFromEnvironment, trustCertificate, timeoutSeconds, from,
                fromName, "", "", "", "", "", "");
    }

    /** The sign-in provider the draft names, when it signs in ({@code smtp.auth=oauth2}) with one this app knows. */
    public Optional<OAuthConfig.Provider> signInProvider() {
        return auth.equalsIgnoreCase("oauth2") ? OAuthConfig.Provider.parse(oauthProvider) : Optional.empty();
    }

    /** The security the draft names, if it names one this app supports. */
    public Optional<Security> parsedSecurity() {
        return Security.parse(security);
    }

    /** Every value but the password, which shows only whether it is set. */
    @Override
    public String toString() {
        return "SmtpDraft[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                + ", password=" + (password.isEmpty() ? "(none)" : "(hidden)") + ", passwordFromEnvironment="
                + passwordFromEnvironment + ", trustCertificate=" + trustCertificate + ", timeoutSeconds="
                + timeoutSeconds + ", from=" + from + ", fromName=" + fromName + signInText() + "]";
    }

    /** The sign-in values, when the file has any: a password login prints as it always did. */
    private String signInText() {
        if ((auth + oauthProvider + clientId + clientSecret + tenant + issuer).isEmpty()) {
            return "";
        }
        return ", auth=" + auth + ", oauthProvider=" + oauthProvider + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret.isEmpty() ? "(none)" : "(hidden)") + ", tenant=" + tenant + ", issuer=" + issuer;
    }
}
