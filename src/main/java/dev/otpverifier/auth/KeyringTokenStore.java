package dev.otpverifier.auth;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.Keyring;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import dev.otpverifier.auth.SignInException.Problem;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operating system's credential store through {@code java-keyring}: the Secret Service (GNOME
 * Keyring, KWallet) over D-Bus on Linux, the Keychain on macOS, the Credential Manager on Windows.
 *
 * <p>Every call runs on a background thread with a time limit, because a locked keyring may wait
 * for a person to unlock it: a store that does not answer in time is reported as unavailable
 * instead of freezing the sign-in. Thread safe.
 */
public final class KeyringTokenStore implements RefreshTokenStore {

    /** The service name the tokens are filed under. */
    static final String SERVICE = "OTP Verifier sign-in";

    private static final Logger LOG = System.getLogger("dev.otpverifier.auth");

    /**
     * The calls this store makes on a credential store: {@link Keyring}'s own, which
     * {@link #backendOf} passes straight through. The seam lets tests stand in for the store, so that
     * they never touch the person's real keyring; a {@link Keyring} cannot be made around anything else.
     */
    interface Backend {
        String getPassword(String service, String account) throws PasswordAccessException;

        void setPassword(String service, String account, String password) throws PasswordAccessException;

        void deletePassword(String service, String account) throws PasswordAccessException;

        KeyringStorageType getKeyringStorageType();
    }

    /** Makes a {@link Backend}: {@link Keyring#create()} in the app. */
    @FunctionalInterface
    interface BackendFactory {
        Backend create() throws BackendNotSupportedException;
    }

    private final Backend keyring;
    private final Duration limit;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "credential-store");
        thread.setDaemon(true);
        return thread;
    });

    private KeyringTokenStore(Backend keyring, Duration limit) {
        this.keyring = keyring;
        this.limit = limit;
    }

    /**
     * The system's credential store, if this computer has one; empty where it has none (no D-Bus
     * session, no keyring daemon, an unsupported system).
     *
     * @throws SignInException with problem {@link Problem#STORE_UNAVAILABLE} when a store exists but
     *     does not answer within {@code limit} (a locked keyring waiting for its password): falling
     *     back to the file then would split the sign-ins between two places
     */
    public static Optional<KeyringTokenStore> open(Duration limit) {
        return open(limit, () -> backendOf(Keyring.create()));
    }

    /** {@link #open(Duration)} with the store that {@code factory} makes. */
    static Optional<KeyringTokenStore> open(Duration limit, BackendFactory factory) {
        ExecutorService probe = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "credential-store-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Backend keyring = probe.submit(() -> {
                Backend created = factory.create();
                // Creating can succeed without a working daemon behind it; a read tells.
                created.getPassword(SERVICE, "probe");
                return created;
            }).get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.of(new KeyringTokenStore(keyring, limit));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PasswordAccessException) {
                // A store that answers "no such entry" is working; java-keyring reports that as this exception.
                try {
                    return Optional.of(new KeyringTokenStore(factory.create(), limit));
                } catch (BackendNotSupportedException | RuntimeException again) {
                    return Optional.empty();
                }
            }
            LOG.log(Level.INFO, "No credential store: {0}", cause == null ? "?" : cause.getClass().getSimpleName());
            return Optional.empty();
        } catch (TimeoutException e) {
            LOG.log(Level.INFO, "The credential store did not answer within {0} ms", Long.toString(limit.toMillis()));
            throw new SignInException(Problem.STORE_UNAVAILABLE, "Your keyring did not answer within "
                    + limit.toSeconds() + " seconds. If it is locked, unlock it (it may be asking for its password) "
                    + "and try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.INFO, "No credential store: {0}", e.getClass().getSimpleName());
            return Optional.empty();
        } finally {
            probe.shutdownNow();
        }
    }

    @Override
    public Optional<String> load(String key) {
        return call(() -> {
            try {
                return Optional.ofNullable(keyring.getPassword(SERVICE, key));
            } catch (PasswordAccessException noEntry) {
                return Optional.<String>empty();
            }
        });
    }

    @Override
    public void save(String key, String token) {
        call(() -> {
            keyring.setPassword(SERVICE, key, token);
            return null;
        });
    }

    @Override
    public void delete(String key) {
        call(() -> {
            try {
                keyring.deletePassword(SERVICE, key);
            } catch (PasswordAccessException noEntry) {
                // Nothing saved under this key: already signed out.
            }
            return null;
        });
    }

    @Override
    public String description() {
        return switch (keyring.getKeyringStorageType()) {
            case OSX_KEYCHAIN, LEGACY_OSX_KEYCHAIN -> "your macOS Keychain";
            case KWALLET -> "your KDE Wallet";
            case WINDOWS_CREDENTIAL_STORE -> "the Windows Credential Manager";
            default -> "your desktop keyring (Secret Service)";
        };
    }

    @Override
    public boolean isSystemStore() {
        return true;
    }

    /** {@code keyring} as a {@link Backend}: every call passed through unchanged. */
    private static Backend backendOf(Keyring keyring) {
        return new Backend() {
            @Override
            public String getPassword(String service, String account) throws PasswordAccessException {
                return keyring.getPassword(service, account);
            }

            @Override
            public void setPassword(String service, String account, String password) throws PasswordAccessException {
                keyring.setPassword(service, account, password);
            }

            @Override
            public void deletePassword(String service, String account) throws PasswordAccessException {
                keyring.deletePassword(service, account);
            }

            @Override
            public KeyringStorageType getKeyringStorageType() {
                return keyring.getKeyringStorageType();
            }
        };
    }

    private <T> T call(Callable<T> action) {
        Future<T> result = worker.submit(action);
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new SignInException(Problem.STORE_UNAVAILABLE, description().substring(0, 1).toUpperCase(java.util.Locale.ROOT)
                    + description().substring(1) + " did not answer. If it is locked, unlock it and try again.");
        } catch (ExecutionException e) {
            throw new SignInException(Problem.STORE_UNAVAILABLE, "Could not use " + description()
                    + ". If it is locked, unlock it and try again.", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInException(Problem.CANCELLED, "The sign-in was cancelled.");
        }
    }
}
