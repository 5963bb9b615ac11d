package dev.otpverifier.auth;

import java.util.Objects;

/**
 * A sign-in, a token refresh or the credential store failed. The message is meant for a person: it
 * says what happened and what to do next, and never contains a token or a secret.
 */
public final class SignInException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for programs; people read the message. */
    public enum Problem {
        /** The person cancelled, or closed the browser and the wait ran out. */
        CANCELLED,
        /** The person, or the organisation's policy, did not allow the app to send mail. */
        DENIED,
        /** The client ID, tenant, secret or redirect address is wrong or not registered. */
        MISCONFIGURED,
        /** The answer that reached the loopback address was not the answer to this request. */
        FORGED_ANSWER,
        /** The authorization server could not be reached, was too slow, or answered nonsense. */
        SERVER_UNAVAILABLE,
        /** The saved sign-in is gone, revoked or expired: the person must sign in again. */
        SIGN_IN_AGAIN,
        /** The signed-in account is not the one the settings send from. */
        WRONG_ACCOUNT,
        /** The credential store is locked, absent or refused the secret. */
        STORE_UNAVAILABLE,
        /** No local port could be opened for the browser's answer. */
        NO_REDIRECT_PORT
    }

    private final Problem problem;
    private final String errorCode;

    /** Creates an exception; {@code cause} may be {@code null}. */
    public SignInException(Problem problem, String message, Throwable cause) {
        this(problem, message, cause, "");
    }

    SignInException(Problem problem, String message, Throwable cause, String errorCode) {
        super(message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.errorCode = errorCode == null ? "" : errorCode;
    }

    /** Creates an exception without a cause. */
    public SignInException(Problem problem, String message) {
        this(problem, message, null);
    }

    /** What went wrong. */
    public Problem problem() {
        return problem;
    }

    /** The OAuth error code the server sent ({@code invalid_grant}, ...), printable; empty if none. */
    public String errorCode() {
        return errorCode;
    }
}
