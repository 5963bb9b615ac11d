package dev.otpverifier.mail;

/**
 * How the connection to the SMTP server is protected. There is deliberately no plain-text mode.
 *
 * <p>Both modes check the server's certificate against the trusted certificates and its host name
 * ({@code mail.smtp.ssl.checkserveridentity=true}, RFC 6125) and allow TLS 1.2 and 1.3 only.
 */
public enum TransportSecurity {

    /**
     * Connect in plain text, then upgrade with STARTTLS (RFC 3207) before anything else is said;
     * usually port 587. Sets {@code mail.smtp.starttls.enable=true} and
     * {@code mail.smtp.starttls.required=true}: a server that does not offer STARTTLS is refused, so a
     * password or code never crosses the network unencrypted.
     */
    STARTTLS(587),

    /**
     * TLS from the first byte ("implicit TLS", RFC 8314 section 3.3); usually port 465. Sets
     * {@code mail.smtp.ssl.enable=true}.
     */
    SSL(465);

    private final int defaultPort;

    TransportSecurity(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port this mode usually runs on. */
    public int defaultPort() {
        return defaultPort;
    }
}
