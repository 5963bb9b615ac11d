package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The owner-only file that keeps refresh tokens where no credential store exists. */
class FileTokenStoreTest {

    @TempDir
    Path home;

    @Test
    void keepsTokensForTheOwnerOnlyAndForgetsThemOnRequest() throws Exception {
        Path file = home.resolve("state/otp-verifier/sign-in");
        FileTokenStore store = new FileTokenStore(file);

        store.save("https://issuer client a@b", "refresh-1");
        store.save("https://issuer client c@d", "refresh-2");

        assertThat(new FileTokenStore(file).load("https://issuer client a@b")).hasValue("refresh-1");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(store.isSystemStore()).isFalse();
        assertThat(store.description()).contains(file.toString()).contains("only you can read");

        store.delete("https://issuer client a@b");
        assertThat(store.load("https://issuer client a@b")).isEmpty();
        assertThat(store.load("https://issuer client c@d")).hasValue("refresh-2");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).as("no temporary file left, only the store and its lock")
                    .containsExactlyInAnyOrder(file, file.resolveSibling("sign-in.lock"));
        }
    }

    @Test
    void theLockFileBesideItIsTheOwnersOnlyToo() throws Exception {
        Path file = home.resolve("sign-in");

        new FileTokenStore(file).save("k", "v");

        assertThat(Files.getPosixFilePermissions(file.resolveSibling("sign-in.lock")))
                .as("created owner-only, not left to the umask")
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aFileOthersCanReadIsRefusedWithTheFix() throws Exception {
        Path file = home.resolve("sign-in");
        Files.writeString(file, "k=v\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new FileTokenStore(file).load("k")).isInstanceOf(SignInException.class)
                .hasMessageContaining("chmod 600");
    }

    @Test
    void aLinkInPlaceOfTheFileIsRefused() throws Exception {
        Path target = home.resolve("elsewhere");
        Files.writeString(target, "k=v\n");
        Path file = home.resolve("sign-in");
        Files.createSymbolicLink(file, target);

        assertThatThrownBy(() -> new FileTokenStore(file).load("k")).isInstanceOf(SignInException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void anAbsentFileMeansSignedOut() {
        assertThat(new FileTokenStore(home.resolve("none")).load("k")).isEmpty();
    }

    @Test
    void aFileOfAnotherUserIsNotRead() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a file away (CI runs as root)");
        Path file = home.resolve("sign-in");
        new FileTokenStore(file).save("k", "planted");
        Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        assertThatThrownBy(() -> new FileTokenStore(file).load("k")).isInstanceOf(SignInException.class)
                .hasMessageContaining("belongs to another user");
    }

    @Test
    void twoStoresOnOneFileLoseNoChange() throws Exception {
        Path file = home.resolve("shared/sign-in");
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            FileTokenStore store = new FileTokenStore(file); // one per "process"
            threads.add(new Thread(() -> {
                for (int i = 0; i < 10; i++) {
                    store.save("key-" + id + "-" + i, "token");
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }

        java.util.Properties saved = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            saved.load(in);
        }
        assertThat(saved).hasSize(40);
    }

    @Test
    void theFileIsNamedByItsAbsolutePath() {
        FileTokenStore store = new FileTokenStore(java.nio.file.Path.of("relative", "sign-in"));

        assertThat(store.file()).isEqualTo(java.nio.file.Path.of("relative", "sign-in").toAbsolutePath());
        assertThat(store.description()).contains(store.file().toString());
    }

    @Test
    void forgettingAKeyThatIsNotThereLeavesTheFileAlone() throws Exception {
        Path file = home.resolve("sign-in");
        FileTokenStore store = new FileTokenStore(file);
        store.save("k", "v");
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(written.toMillis() - 60_000));

        store.delete("other");

        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(written.toMillis() - 60_000);
        assertThat(store.load("k")).hasValue("v");
    }
}
