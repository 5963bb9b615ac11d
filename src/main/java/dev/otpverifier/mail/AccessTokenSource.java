package dev.otpverifier.mail;

/**
 * Where a sender that signs in with OAuth 2.0 (SASL XOAUTH2) gets its access tokens: all the mail
 * side knows of a sign-in is "a token for this account".
 *
 * <p>The {@code auth} package implements it (a token endpoint, a refresh token in a credential
 * store); tests implement it with fixed strings. Implementations must be thread safe, and must never
 * put a token into an exception message, a log line or {@link Object#toString()}.
 */
public interface AccessTokenSource {

    /** The account the tokens were issued for: the SMTP login name, usually the email address. */
    String account();

    /**
     * A current access token, refreshed first when it expires soon. May call the token endpoint:
     * call it off the event dispatch thread.
     *
     * @throws dev.otpverifier.otp.DeliveryException with a plain message when no token can be had
     *     (signed out, the sign-in was revoked or expired, the token endpoint is unreachable)
     */
    String accessToken();

    /**
     * A new access token after the mail server refused {@code rejected}: refreshes once, whatever
     * the token's expiry says. Called at most once per connection, so that a refused token never
     * leads to a loop.
     *
     * @throws dev.otpverifier.otp.DeliveryException as {@link #accessToken()}
     */
    String renewedAccessToken(String rejected);
}
