package dev.otpverifier.auth;

import dev.otpverifier.auth.SignInException.Problem;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A credential store in memory that a test can lock. */
final class MemoryTokenStore implements RefreshTokenStore {

    final Map<String, String> tokens = new ConcurrentHashMap<>();
    volatile boolean locked;
    volatile int saves;

    @Override
    public Optional<String> load(String key) {
        checkLocked();
        return Optional.ofNullable(tokens.get(key));
    }

    @Override
    public void save(String key, String token) {
        checkLocked();
        saves++;
        tokens.put(key, token);
    }

    @Override
    public void delete(String key) {
        checkLocked();
        tokens.remove(key);
    }

    @Override
    public String description() {
        return "the test's memory";
    }

    @Override
    public boolean isSystemStore() {
        return true;
    }

    private void checkLocked() {
        if (locked) {
            throw new SignInException(Problem.STORE_UNAVAILABLE, "The test keyring is locked. Unlock it and try again.");
        }
    }
}
