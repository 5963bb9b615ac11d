package dev.otpverifier.mail;

import jakarta.mail.AuthenticationFailedException;
import java.util.Objects;
import java.util.Optional;

/**
 * An XOAUTH2 sign-in that did not succeed: the server offers no XOAUTH2, or it refused the token.
 *
 * <p>Its message is the server's last reply with the token and its base64 form cut out, or
 * {@code null} when the server said nothing about it; it never holds a token, so it may be logged.
 * {@link SmtpErrors} turns it into words, and {@link SmtpCodeSender} decides from it whether a
 * renewed token is worth one more try. Immutable.
 */
final class SignInRefusedException extends AuthenticationFailedException {

    private static final long serialVersionUID = 1L;

    /** Why the sign-in failed. */
    enum Kind {
        /** The server offers no {@code AUTH XOAUTH2}; nothing was sent. */
        NOT_OFFERED,
        /** The server answered {@code AUTH XOAUTH2} with a refusal. */
        REFUSED
    }

    private final Kind kind;
    private final transient BearerChallenge challenge;

    /**
     * Creates an exception.
     *
     * @param kind why the sign-in failed
     * @param serverReply the server's reply without any secret, or {@code null}
     * @param challenge the error the server sent as a {@code 334} challenge, or {@code null}
     */
    SignInRefusedException(Kind kind, String serverReply, BearerChallenge challenge) {
        super(serverReply);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.challenge = challenge;
    }

    /** Why the sign-in failed. */
    Kind kind() {
        return kind;
    }

    /** The error details the server sent before its final reply, if any. */
    Optional<BearerChallenge> challenge() {
        return Optional.ofNullable(challenge);
    }
}
