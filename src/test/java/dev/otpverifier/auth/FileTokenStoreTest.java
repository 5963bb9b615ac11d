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
            assertThat(leftovers).containsExactly(file);
        }
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
