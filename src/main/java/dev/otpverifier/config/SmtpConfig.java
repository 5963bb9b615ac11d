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
        String fromName) {

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
                + ", password=" + shownPassword + ", trustCertificate=" + trustCertificate + ", timeout=" + timeout
                + ", retryBackoff=" + retryBackoff + ", fromAddress=" + fromAddress + ", fromName=" + fromName + "]";
    }
}
