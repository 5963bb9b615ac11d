package dev.otpverifier.otp;

import java.util.Objects;

/**
 * A code could not be delivered: the mail server was unreachable, refused the login, the recipient...
 *
 * <p>The message is meant for a person: it says what happened and what to do next, and never
 * contains a code or a password. The {@link #reason()} lets programs (exit codes, retries) act on the
 * kind of failure without parsing text.
 */
public class DeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The kind of failure, for programs; people read the message. */
    public enum Reason {
        /** The server rejected the user name or password. */
        AUTHENTICATION,
        /** The server does not offer STARTTLS although it is required. */
        STARTTLS_UNAVAILABLE,
        /** The server's certificate is not trusted or does not match its host name. */
        CERTIFICATE,
        /** Nothing accepted a connection at the configured host and port. */
        CONNECTION_REFUSED,
        /** The host name could not be resolved. */
        UNKNOWN_HOST,
        /** The server did not answer in time. */
        TIMEOUT,
        /** The server refused the recipient address. */
        RECIPIENT_REJECTED,
        /** The server answered with a temporary failure (4xx) even after retries. */
        TEMPORARY_FAILURE,
        /** Any other failure. */
        OTHER
    }

    private final Reason reason;

    /**
     * Creates an exception.
     *
     * @param reason the kind of failure
     * @param message what happened and what to do next, in plain words
     * @param cause the underlying failure, or {@code null}
     */
    public DeliveryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The kind of failure. */
    public Reason reason() {
        return reason;
    }
}
