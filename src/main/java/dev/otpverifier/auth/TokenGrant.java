package dev.otpverifier.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a token endpoint granted: an access token with when it came and when it expires, a refresh
 * token when one was issued (or rotated), and the addresses the ID token names for the account
 * (its {@code email}, {@code preferred_username}, {@code upn}, as the provider fills them; empty
 * when the answer had no ID token). {@link #toString()} shows no token.
 */
record TokenGrant(String accessToken, Instant obtainedAt, Instant expiresAt, Optional<String> refreshToken,
        java.util.List<String> accounts) {

    TokenGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(refreshToken, "refreshToken");
        accounts = java.util.List.copyOf(accounts);
    }

    /** The first address the ID token names, if it had one. */
    Optional<String> account() {
        return accounts.stream().findFirst();
    }

    /** Whether the ID token names {@code address} (any case), or named nothing at all. */
    boolean isFor(String address) {
        return accounts.isEmpty() || accounts.stream().anyMatch(address::equalsIgnoreCase);
    }

    @Override
    public String toString() {
        return "TokenGrant[accessToken=(hidden), expiresAt=" + expiresAt + ", refreshToken="
                + (refreshToken.isPresent() ? "(hidden)" : "(none)") + ", accounts=" + accounts + "]";
    }
}
