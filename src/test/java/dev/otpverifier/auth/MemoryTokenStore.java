package dev.otpverifier.auth;

import dev.otpverifier.auth.SignInException.Problem;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A credential store in memory that a test can lock. */
final class MemoryTokenStore implements RefreshTokenStore {

    final Map<String, String> tokens = new ConcurrentHashMap<>();
    volatile boolean locked;
    volatile boolean failSaves;
    volatile Runnable afterLoad;
    volatile int saves;

    @Override
    public Optional<String> load(String key) {
        checkLocked();
        Optional<String> found = Optional.ofNullable(tokens.get(key));
        Runnable then = afterLoad;
        afterLoad = null;
        if (then != null) {
            then.run();
        }
        return found;
    }

    @Override
    public void save(String key, String token) {
        checkLocked();
        if (failSaves) {
            throw new SignInException(Problem.STORE_UNAVAILABLE, "The test keyring refused to save.");
        }
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
