package dev.otpverifier.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code smtp.*} and {@code mail.*} settings, validated.
 *
 * <p>Immutable. {@link #toString()} hides the password.
 *
 * @param host {@code smtp.host}
 * @param port {@code smtp.port}
 * @param security {@code smtp.security}
 * @param username {@code smtp.username}, empty for no login
 * @param password {@code smtp.password} or the {@code OTP_SMTP_PASSWORD} environment variable
 * @param passwordFromEnvironment whether the password came from the environment (and so must never
 *     be written to a file)
 * @param trustCertificate {@code smtp.trust.certificate}, or {@code null}
 * @param timeout {@code smtp.timeout.seconds}
 * @param retryBackoff {@code smtp.retry.backoff.seconds}
 * @param fromAddress {@code mail.from}
 * @param fromName {@code mail.from.name}
 * @param oauth the {@code oauth.*} settings when {@code smtp.auth=oauth2}, or {@code null} for a
 *     password login; then {@code username} is the signed-in account and {@code password} is empty
 */
public record SmtpConfig(
        String host,
        int port,
        Security security,
        String username,
        String password,
        boolean passwordFromEnvironment,
        Path trustCertificate,
        Duration timeout,
        List<Duration> retryBackoff,
        String fromAddress,
        String fromName,
        OAuthConfig oauth) {

    /** Checks that nothing is missing. */
    public SmtpConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(security, "security");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        Objects.requireNonNull(timeout, "timeout");
        retryBackoff = List.copyOf(retryBackoff);
        Objects.requireNonNull(fromAddress, "fromAddress");
        fromName = fromName == null ? "" : fromName;
        if (oauth != null && !password.isEmpty()) {
            throw new IllegalArgumentException("a sign-in with " + oauth.provider().displayName() + " has no password");
        }
    }

    /** Settings that log in with a password, or not at all. */
    public SmtpConfig(String host, int port, Security security, String username, String password,
            boolean passwordFromEnvironment, Path trustCertificate, Duration timeout, List<Duration> retryBackoff,
            String fromAddress, String fromName) {
        this(host, port, security, username, password, passwordFromEnvironment, trustCertificate, timeout,
                retryBackoff, fromAddress, fromName, null);
    }

    /** The sign-in settings, when the sender signs in with OAuth 2.0 instead of a password. */
    public Optional<OAuthConfig> oauthSettings() {
        return Optional.ofNullable(oauth);
    }

    /** A copy that signs in with {@code value} as {@code account}, or with a password when {@code value} is null. */
    public SmtpConfig withOAuth(OAuthConfig value, String account) {
        return new SmtpConfig(host, port, security, account, value == null ? password : "",
                value == null && passwordFromEnvironment, trustCertificate, timeout, retryBackoff, fromAddress, fromName,
                value);
    }

    /** The extra trusted certificate file, if any. */
    public Optional<Path> trustCertificateFile() {
        return Optional.ofNullable(trustCertificate);
    }

    /** Every field but the password, which shows only whether it is set and where it came from. */
    @Override
    public String toString() {
        String shownPassword = password.isEmpty() ? "(none)"
                : passwordFromEnvironment ? "(hidden, from OTP_SMTP_PASSWORD)" : "(hidden)";
        return "SmtpConfig[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                + ", password=" + shownPassword + (oauth == null ? "" : ", oauth=" + oauth) + ", trustCertificate="
                + trustCertificate + ", timeout=" + timeout
                + ", retryBackoff=" + retryBackoff + ", fromAddress=" + fromAddress + ", fromName=" + fromName + "]";
    }
}
