package dev.otpverifier.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a token endpoint granted: an access token with its expiry, a refresh token when one was
 * issued (or rotated), and the ID token's account when the answer had one. {@link #toString()}
 * shows no token.
 */
record TokenGrant(String accessToken, Instant expiresAt, Optional<String> refreshToken, Optional<String> account) {

    TokenGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(account, "account");
    }

    @Override
    public String toString() {
        return "TokenGrant[accessToken=(hidden), expiresAt=" + expiresAt + ", refreshToken="
                + (refreshToken.isPresent() ? "(hidden)" : "(none)") + ", account=" + account.orElse("(none)") + "]";
    }
}
