package dev.otpverifier.config;

import java.util.Locale;
import java.util.Optional;

/** The value of {@code smtp.security}: how the connection to the mail server is protected. */
public enum Security {
    /** Plain connection upgraded with STARTTLS, which the server must offer; usually port 587. */
    STARTTLS(587),
    /** TLS from the first byte; usually port 465. */
    SSL(465);

    private final int defaultPort;

    Security(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The usual port of this mode. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The value as written in the file. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a value of {@code smtp.security}, ignoring case and surrounding spaces. */
    public static Optional<Security> parse(String value) {
        for (Security security : values()) {
            if (security.key().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(security);
            }
        }
        return Optional.empty();
    }
}
