package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.javakeyring.BackendNotSupportedException;
import com.github.javakeyring.KeyringStorageType;
import com.github.javakeyring.PasswordAccessException;
import dev.otpverifier.auth.SignInException.Problem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The credential store's rules, against a stand-in for java-keyring (never the tester's real
 * keyring): a missing entry is no error, a store that does not answer in time is reported and let
 * go of, every call runs on a daemon thread, and each kind of store is named in plain words.
 */
class KeyringTokenStoreTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);

    private final StandInKeyring keyring = new StandInKeyring(KeyringStorageType.GNOME_KEYRING);

    @AfterEach
    void release() {
        keyring.answer.countDown(); // a call a test left waiting ends
    }

    private KeyringTokenStore store(Duration limit) {
        return KeyringTokenStore.open(limit, () -> keyring).orElseThrow();
    }

    @Test
    void keepsTokensUnderTheAppsServiceNameAndForgetsThem() {
        keyring.answer.countDown();
        KeyringTokenStore store = store(LIMIT);

        store.save("https://issuer client a@b", "refresh-1");

        assertThat(keyring.entries).containsExactly(Map.entry("OTP Verifier sign-in/https://issuer client a@b",
                "refresh-1"));
        assertThat(store.load("https://issuer client a@b")).hasValue("refresh-1");
        store.delete("https://issuer client a@b");
        assertThat(keyring.entries).isEmpty();
        assertThat(store.isSystemStore()).isTrue();
    }

    @Test
    void aMissingEntryIsSignedOutAndForgettingItIsNoError() {
        keyring.answer.countDown();
        KeyringTokenStore store = store(LIMIT);

        // java-keyring reports "no such entry" as PasswordAccessException (the stand-in does so too).
        assertThat(store.load("none")).isEmpty();
        store.delete("none");
        assertThat(keyring.entries).isEmpty();
    }

    @Test
    void aStoreThatRefusesASaveIsUnavailableWithItsReason() {
        keyring.answer.countDown();
        keyring.refuseSaves = true;
        KeyringTokenStore store = store(LIMIT);

        assertThatThrownBy(() -> store.save("k", "v")).isInstanceOfSatisfying(SignInException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.STORE_UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("Could not use your desktop keyring (Secret Service). If it is locked, "
                    + "unlock it and try again.");
            assertThat(e.getCause()).isInstanceOf(PasswordAccessException.class).hasMessage("refused by the stand-in");
        });
    }

    @Test
    void aStoreThatDoesNotAnswerInTimeIsReportedAndLetGoOf() throws Exception {
        keyring.answer.countDown();
        KeyringTokenStore store = store(Duration.ofMillis(300));
        keyring.entries.put("OTP Verifier sign-in/k", "refresh-1");
        CountDownLatch locked = new CountDownLatch(1);
        keyring.beforeRead = locked;

        assertThatThrownBy(() -> store.load("k")).isInstanceOfSatisfying(SignInException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.STORE_UNAVAILABLE);
            assertThat(e.getMessage()).isEqualTo("Your desktop keyring (Secret Service) did not answer. If it is locked, "
                    + "unlock it and try again.");
        });
        assertThat(keyring.interrupted.await(10, TimeUnit.SECONDS)).as("the waiting call was interrupted").isTrue();
        keyring.beforeRead = null;
        assertThat(store.load("k")).as("the next call is not stuck behind the abandoned one").hasValue("refresh-1");
    }

    @Test
    void anInterruptedCallerIsACancelAndKeepsItsInterrupt() {
        keyring.answer.countDown();
        KeyringTokenStore store = store(LIMIT);

        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> store.load("k")).isInstanceOfSatisfying(SignInException.class,
                    e -> assertThat(e.problem()).isEqualTo(Problem.CANCELLED));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void everyCallRunsOnADaemonThreadSoAHungStoreCannotKeepTheAppRunning() {
        keyring.answer.countDown();
        KeyringTokenStore store = store(LIMIT);

        store.save("k", "v");
        store.load("k");

        assertThat(keyring.threads).hasSize(3).allSatisfy(thread -> assertThat(thread.isDaemon()).isTrue());
        assertThat(keyring.threads).extracting(Thread::getName)
                .containsExactly("credential-store-probe", "credential-store", "credential-store");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "OSX_KEYCHAIN, your macOS Keychain",
        "LEGACY_OSX_KEYCHAIN, your macOS Keychain",
        "KWALLET, your KDE Wallet",
        "WINDOWS_CREDENTIAL_STORE, the Windows Credential Manager",
        "GNOME_KEYRING, your desktop keyring (Secret Service)"})
    void eachStoreIsNamedInPlainWords(KeyringStorageType type, String words) {
        StandInKeyring kind = new StandInKeyring(type);
        kind.answer.countDown();

        assertThat(KeyringTokenStore.open(LIMIT, () -> kind).orElseThrow().description()).isEqualTo(words);
    }

    // Opening

    @Test
    void aStoreThatAnswersTheProbeWithNoEntryIsUsed() {
        keyring.answer.countDown();

        keyring.entries.put("OTP Verifier sign-in/k", "refresh-1");

        assertThat(KeyringTokenStore.open(LIMIT, () -> keyring).orElseThrow().load("k")).hasValue("refresh-1");
        assertThat(keyring.reads).containsExactly("OTP Verifier sign-in/probe", "OTP Verifier sign-in/k");
    }

    @Test
    void aStoreThatAnswersTheProbeWithAnEntryIsUsedToo() {
        keyring.answer.countDown();
        keyring.entries.put("OTP Verifier sign-in/probe", "left over");
        keyring.entries.put("OTP Verifier sign-in/k", "refresh-1");

        assertThat(KeyringTokenStore.open(LIMIT, () -> keyring).orElseThrow().load("k")).hasValue("refresh-1");
    }

    @Test
    void aLockedStoreThatDoesNotAnswerTheProbeIsReportedRatherThanReplacedByTheFile() {
        // No countDown: the probe waits as a keyring does while it asks for its password.
        assertThatThrownBy(() -> KeyringTokenStore.open(Duration.ofSeconds(1), () -> keyring))
                .isInstanceOfSatisfying(SignInException.class, e -> {
                    assertThat(e.problem()).isEqualTo(Problem.STORE_UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("Your keyring did not answer within 1 seconds. If it is "
                            + "locked, unlock it (it may be asking for its password) and try again.");
                });
    }

    @Test
    void noStoreOnThisComputerMeansNone() {
        assertThat(KeyringTokenStore.open(LIMIT, () -> {
            throw new BackendNotSupportedException("no D-Bus session");
        })).isEmpty();
        assertThat(KeyringTokenStore.open(LIMIT, () -> {
            throw new UnsatisfiedLinkError("no libsecret");
        })).isEmpty();
        assertThat(KeyringTokenStore.open(LIMIT, () -> {
            throw new IllegalStateException("no daemon");
        })).isEmpty();
    }

    @Test
    void aStoreThatFailsWhenMadeAgainAfterTheProbeMeansNone() {
        keyring.answer.countDown();
        List<Boolean> made = new CopyOnWriteArrayList<>();

        assertThat(KeyringTokenStore.open(LIMIT, () -> {
            if (!made.isEmpty()) {
                throw new BackendNotSupportedException("gone");
            }
            made.add(true);
            return keyring;
        })).isEmpty();
    }

    @Test
    void anInterruptedOpenIsNoStoreAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            assertThat(KeyringTokenStore.open(LIMIT, () -> keyring)).isEmpty();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    /**
     * A credential store in memory that answers like java-keyring's backends: "no such entry" is a
     * {@link PasswordAccessException}. Every call waits for {@link #answer}, as a locked keyring
     * waits for its password.
     */
    private static final class StandInKeyring implements KeyringTokenStore.Backend {

        final Map<String, String> entries = new ConcurrentHashMap<>();
        final List<String> reads = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch answer = new CountDownLatch(1);
        final CountDownLatch interrupted = new CountDownLatch(1);
        volatile CountDownLatch beforeRead;
        volatile boolean refuseSaves;
        private final KeyringStorageType type;

        StandInKeyring(KeyringStorageType type) {
            this.type = type;
        }

        private void waitForAnswer(CountDownLatch latch) throws PasswordAccessException {
            threads.add(Thread.currentThread());
            try {
                latch.await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw new PasswordAccessException("interrupted");
            }
        }

        @Override
        public String getPassword(String service, String account) throws PasswordAccessException {
            CountDownLatch extra = beforeRead;
            waitForAnswer(extra != null ? extra : answer);
            reads.add(service + "/" + account);
            String value = entries.get(service + "/" + account);
            if (value == null) {
                throw new PasswordAccessException("no entry");
            }
            return value;
        }

        @Override
        public void setPassword(String service, String account, String password) throws PasswordAccessException {
            waitForAnswer(answer);
            if (refuseSaves) {
                throw new PasswordAccessException("refused by the stand-in");
            }
            entries.put(service + "/" + account, password);
        }

        @Override
        public void deletePassword(String service, String account) throws PasswordAccessException {
            waitForAnswer(answer);
            if (entries.remove(service + "/" + account) == null) {
                throw new PasswordAccessException("no entry");
            }
        }

        @Override
        public KeyringStorageType getKeyringStorageType() {
            return type;
        }
    }
}
