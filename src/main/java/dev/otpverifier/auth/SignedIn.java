package dev.otpverifier.auth;

import java.util.Objects;

/**
 * A finished sign-in: the account, and where its tokens come from from now on.
 *
 * @param account the mailbox the sign-in was for, as the provider names it
 * @param tokens the access tokens for that account; the refresh token is already saved
 * @param storeDescription where the refresh token was saved, in plain words
 */
public record SignedIn(String account, OAuthTokens tokens, String storeDescription) {

    /** Checks that nothing is missing. */
    public SignedIn {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(storeDescription, "storeDescription");
    }
}
