package dev.otpverifier.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to reach and log in to an SMTP server, and the sender shown in messages.
 *
 * <p>Immutable and thread safe. {@link #toString()} hides the password. Use the {@code with...}
 * methods for modified copies.
 *
 * @param host the server's host name or address
 * @param port the TCP port, 1 to 65535
 * @param security how the connection is protected
 * @param username the login; empty for servers that take mail without login (company relays)
 * @param password the password or app password; empty when {@code username} is empty
 * @param trustCertificate a PEM file whose certificates are trusted in addition to Java's default
 *     trust store, or {@code null}
 * @param timeout the limit for connecting, and for each read and write
 * @param fromAddress the sender address shown in the From header
 * @param fromName the display name shown in the From header
 * @param retryBackoff the pauses before each retry of a temporarily refused message (4xx); its
 *     size is the number of retries (default 1 s, then 3 s)
 * @param accessTokens where the tokens come from when the sender signs in with OAuth 2.0
 *     (XOAUTH2) instead of a password, or {@code null} for a password login; its
 *     {@link AccessTokenSource#account()} is then the login name and {@code password} is empty
 */
public record SmtpSettings(
        String host,
        int port,
        TransportSecurity security,
        String username,
        String password,
        Path trustCertificate,
        Duration timeout,
        String fromAddress,
        String fromName,
        List<Duration> retryBackoff,
        AccessTokenSource accessTokens) {

    /** The default timeout for connecting, reading and writing: 15 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** The default pauses before retries of temporary failures: 1 s, then 3 s. */
    public static final List<Duration> DEFAULT_RETRY_BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3));

    /** Validates every field. */
    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("host must be a host name without spaces or control characters");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        Objects.requireNonNull(security, "security");
        username = username == null ? "" : username;
        password = password == null ? "" : password;
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive and below 24 days, was " + timeout);
        }
        Objects.requireNonNull(fromAddress, "fromAddress");
        fromName = fromName == null ? "" : fromName;
        retryBackoff = List.copyOf(Objects.requireNonNull(retryBackoff, "retryBackoff"));
        for (Duration pause : retryBackoff) {
            if (pause.isNegative()) {
                throw new IllegalArgumentException("retry pauses must not be negative, was " + pause);
            }
        }
        if (accessTokens != null) {
            if (!password.isEmpty()) {
                throw new IllegalArgumentException("a sender signs in with a password or with OAuth 2.0, not both");
            }
            if (!username.equals(accessTokens.account())) {
                throw new IllegalArgumentException("the login name must be the signed-in account");
            }
        }
    }

    /** Settings that log in with a password (or not at all). */
    public SmtpSettings(String host, int port, TransportSecurity security, String username, String password,
            Path trustCertificate, Duration timeout, String fromAddress, String fromName, List<Duration> retryBackoff) {
        this(host, port, security, username, password, trustCertificate, timeout, fromAddress, fromName,
                retryBackoff, null);
    }

    /** Settings for a server with the defaults for everything else. */
    public static SmtpSettings of(String host, int port, TransportSecurity security, String username,
            String password, String fromAddress) {
        return new SmtpSettings(host, port, security, username, password, null, DEFAULT_TIMEOUT, fromAddress,
                "OTP Verifier", DEFAULT_RETRY_BACKOFF);
    }

    /** The extra trusted certificates, if any. */
    public Optional<Path> trustCertificateFile() {
        return Optional.ofNullable(trustCertificate);
    }

    /** Whether the sender logs in. */
    public boolean authenticates() {
        return !username.isEmpty();
    }

    /** Where the OAuth 2.0 access tokens come from, when the sender signs in with XOAUTH2. */
    public Optional<AccessTokenSource> oauth() {
        return Optional.ofNullable(accessTokens);
    }

    /** A copy that signs in as {@code tokens.account()} with OAuth 2.0 (XOAUTH2) instead of a password. */
    public SmtpSettings withAccessTokens(AccessTokenSource tokens) {
        Objects.requireNonNull(tokens, "tokens");
        if (tokens.account() == null || tokens.account().isBlank()) {
            // Without an account there would be no login at all (authenticates() is false): refuse now,
            // rather than fail on connect or, worse, send without signing in.
            throw new IllegalArgumentException("an OAuth 2.0 sign-in needs the account it is for");
        }
        return new SmtpSettings(host, port, security, tokens.account(), "", trustCertificate, timeout, fromAddress,
                fromName, retryBackoff, tokens);
    }

    /** A copy with another timeout. */
    public SmtpSettings withTimeout(Duration value) {
        return new SmtpSettings(host, port, security, username, password, trustCertificate, value, fromAddress,
                fromName, retryBackoff, accessTokens);
    }

    /** A copy with another extra trusted certificate file. */
    public SmtpSettings withTrustCertificate(Path value) {
        return new SmtpSettings(host, port, security, username, password, value, timeout, fromAddress, fromName,
                retryBackoff, accessTokens);
    }

    /** A copy with another password. */
    public SmtpSettings withPassword(String value) {
        return new SmtpSettings(host, port, security, username, value, trustCertificate, timeout, fromAddress,
                fromName, retryBackoff, accessTokens);
    }

    /** A copy with other retry pauses. */
    public SmtpSettings withRetryBackoff(List<Duration> value) {
        return new SmtpSettings(host, port, security, username, password, trustCertificate, timeout, fromAddress,
                fromName, value, accessTokens);
    }

    /** A copy with another sender display name. */
    public SmtpSettings withFromName(String value) {
        return new SmtpSettings(host, port, security, username, password, trustCertificate, timeout, fromAddress,
                value, retryBackoff, accessTokens);
    }

    /** Every field but the password, which shows only whether it is set. */
    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", username=" + username
                + ", password=" + (password.isEmpty() ? "(none)" : "(hidden)") + ", login="
                + (accessTokens == null ? "password" : "XOAUTH2") + ", trustCertificate="
                + trustCertificate + ", timeout=" + timeout + ", fromAddress=" + fromAddress + ", fromName="
                + fromName + ", retryBackoff=" + retryBackoff + "]";
    }
}
