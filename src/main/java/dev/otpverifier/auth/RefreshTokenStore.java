package dev.otpverifier.auth;

import java.util.Optional;

/**
 * Where refresh tokens are kept between runs: the operating system's credential store, or an
 * owner-only file where there is none. Keys name the issuer, the client and the account; values are
 * refresh tokens.
 *
 * <p>Implementations are thread safe and throw {@link SignInException} with problem
 * {@link SignInException.Problem#STORE_UNAVAILABLE} when the store is locked, absent or refuses.
 */
public interface RefreshTokenStore {

    /** The refresh token saved under {@code key}, if any. */
    Optional<String> load(String key);

    /** Saves {@code token} under {@code key}, replacing any earlier one. */
    void save(String key, String token);

    /** Forgets the token under {@code key}; nothing happens when there is none. */
    void delete(String key);

    /** Where the tokens are kept, in plain words, for the settings dialog and the terminal. */
    String description();

    /** Whether this is the operating system's credential store (rather than the fallback file). */
    boolean isSystemStore();
}
