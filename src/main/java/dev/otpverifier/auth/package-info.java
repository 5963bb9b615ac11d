/**
 * Signing in to a mail provider with OAuth 2.0, so that the SMTP sender can log in with SASL
 * XOAUTH2 instead of a password: the browser sign-in for desktop apps (authorization code with
 * PKCE through a loopback redirect, RFC 8252), the device authorization grant for terminals
 * (RFC 8628), token refresh, and the refresh token's place in the operating system's credential
 * store.
 *
 * <p>The protocol comes from Nimbus {@code oauth2-oidc-sdk} and the credential store from
 * {@code java-keyring}; nothing here writes OAuth messages by hand. The rest of the app sees a
 * sign-in only as {@link dev.otpverifier.mail.AccessTokenSource}, which {@link OAuthTokens}
 * implements. Depends on {@code dev.otpverifier.mail} (for that interface) and
 * {@code dev.otpverifier.otp} (for its failure type); never on Swing, the configuration file or
 * the application wiring. No token ever reaches a log line, an exception message or a
 * {@code toString()}.
 */
package dev.otpverifier.auth;
