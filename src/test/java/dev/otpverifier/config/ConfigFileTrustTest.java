package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real files with real owners and modes. The tests run as root here and in CI, which is what lets
 * them give a file to another user; elsewhere those few are skipped, the rest still run.
 */
class ConfigFileTrustTest {

    private static final long NOBODY = 65534;
    private static final Path OWN = Path.of("/home/ann/.config/otp-verifier");

    @TempDir
    Path root;

    Path directory;
    Path file;
    /** The paths as the check names them: links resolved. */
    String realDirectory;
    String realFile;

    @BeforeEach
    void privateFileInAPrivateDirectory() throws IOException {
        directory = Files.createDirectory(root.resolve("settings"));
        mode(directory, "rwx------");
        file = Files.writeString(directory.resolve("config.properties"), "smtp.host=smtp.example.com\n");
        mode(file, "rw-------");
        realDirectory = directory.toRealPath().toString();
        realFile = file.toRealPath().toString();
    }

    private static void mode(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    private static long ownId(Path path) throws IOException {
        return ((Integer) Files.getAttribute(path, "unix:uid")).longValue();
    }

    /** The check as the owner of the test's files sees it. */
    private ConfigFileTrust trustOfOwner() throws IOException {
        long owner = ownId(file);
        return new ConfigFileTrust(() -> owner, OWN);
    }

    private static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    @Test
    void aPrivateFileInAPrivateDirectoryIsUsed() throws IOException {
        assertThat(trustOfOwner().requireTrusted(file, "--config")).isEqualTo(file.toRealPath());
        assertThat(ConfigFileTrust.forCurrentUser(OWN).requireTrusted(file, "--config"))
                .as("the user running the tests owns the files they make").isEqualTo(file.toRealPath());
    }

    @Test
    void readableByOthersIsNotAProblem() throws IOException {
        // Like OpenSSH's config: only writing matters here (the password's own file mode is the writer's job).
        mode(file, "rw-r--r--");
        mode(directory, "rwxr-xr-x");

        assertThat(trustOfOwner().requireTrusted(file, "--config")).isEqualTo(file.toRealPath());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "rw--w----, its group",
        "rw-rw----, its group",
        "rw-----w-, everyone",
        "rw-rw-rw-, its group and by everyone"})
    void aFileOthersCanWriteIsRefusedWithTheFix(String permissions, String writers) throws IOException {
        mode(file, permissions);

        assertThatThrownBy(() -> trustOfOwner().requireTrusted(file, "--config"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.sourceDescription()).isEqualTo(realFile);
                    assertThat(e.problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.key()).isEqualTo("--config");
                        assertThat(problem.message()).contains("writable by " + writers + ")")
                                .endsWith("chmod go-w '" + realFile + "'");
                    });
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rwxrwx---", "rwx---rwx", "rwxrwxrwx", "rwx-w----"})
    void aDirectoryOthersCanWriteIsRefusedWithTheFix(String permissions) throws IOException {
        mode(directory, permissions);

        assertThatThrownBy(() -> trustOfOwner().requireTrusted(file, "OTP_VERIFIER_CONFIG"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).contains(realFile);
                    assertThat(e.problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.key()).isEqualTo("OTP_VERIFIER_CONFIG");
                        assertThat(problem.message()).contains("the folder " + realDirectory + " ")
                                .contains("chmod go-w '" + realDirectory + "'")
                                .contains(OWN.toString());
                    });
                });
    }

    @Test
    void aDirectoryHigherUpCountsToo() throws IOException {
        Path deeper = Files.createDirectories(directory.resolve("a/b"));
        mode(deeper, "rwx------");
        mode(deeper.getParent(), "rwx------");
        Path inside = Files.writeString(deeper.resolve("config.properties"), "x=1");
        mode(inside, "rw-------");
        mode(directory, "rwxrwxrwx");

        assertThatThrownBy(() -> trustOfOwner().requireTrusted(inside, "(file)"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> assertThat(problem.message())
                                .contains("the folder " + realDirectory + " ")));
    }

    @Test
    void aStickyDirectoryLikeTmpIsAllowed() throws IOException {
        // Only an entry's owner may rename or remove it there, so nobody else can swap the file.
        Files.setAttribute(directory, "unix:mode", 01777);

        assertThat(trustOfOwner().requireTrusted(file, "--config")).isEqualTo(file.toRealPath());
    }

    @Test
    void everyProblemIsNamedAtOnce() throws IOException {
        mode(file, "rw-rw-rw-");
        mode(directory, "rwxrwxrwx");

        assertThatThrownBy(() -> trustOfOwner().requireTrusted(file, "--config"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void aFileOfAnotherUserIsRefused() throws IOException {
        assumeTrue(runningAsRoot(), "giving a file to another user needs root (as in CI)");
        Files.setAttribute(file, "unix:uid", (int) NOBODY);
        String owner = Files.getOwner(file).getName();

        assertThatThrownBy(() -> ConfigFileTrust.forCurrentUser(OWN).requireTrusted(file, "--config"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> assertThat(problem.message())
                                .contains("belongs to the user " + owner + ", not to you")
                                .endsWith("sudo chown \"$USER\" '" + realFile + "'")));
    }

    @Test
    void aDirectoryOfAnotherUserIsRefused() throws IOException {
        assumeTrue(runningAsRoot(), "giving a directory to another user needs root (as in CI)");
        Files.setAttribute(directory, "unix:uid", (int) NOBODY);
        String owner = Files.getOwner(directory).getName();

        assertThatThrownBy(() -> ConfigFileTrust.forCurrentUser(OWN).requireTrusted(file, "--config"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> assertThat(problem.message())
                                .contains("the folder " + realDirectory + " belongs to the user " + owner)
                                .contains("a folder of your own, such as " + OWN)));
    }

    @Test
    void aFileOfRootIsUsedByAnotherUser() throws IOException {
        assumeTrue(runningAsRoot(), "the test's files belong to root only when it runs as root");
        ConfigFileTrust someone = new ConfigFileTrust(() -> 4242, OWN);

        assertThat(someone.requireTrusted(file, "--config")).as("root can change anything anyway, as OpenSSH says")
                .isEqualTo(file.toRealPath());
        Files.setAttribute(file, "unix:uid", 4242);
        assertThat(someone.requireTrusted(file, "--config")).as("and the user's own file").isEqualTo(file.toRealPath());
        Files.setAttribute(file, "unix:uid", 4343);
        assertThatThrownBy(() -> someone.requireTrusted(file, "--config")).isInstanceOf(ConfigException.class);
    }

    @Test
    void aLinkIsFollowedAndTheCheckedTargetIsReturned() throws IOException {
        Path elsewhere = Files.createDirectory(root.resolve("links"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("config.properties"), file);

        assertThat(trustOfOwner().requireTrusted(link, "--config")).isEqualTo(file.toRealPath());
        mode(file, "rw-rw-rw-");
        assertThatThrownBy(() -> trustOfOwner().requireTrusted(link, "--config"))
                .as("the target's mode counts, not the link's").isInstanceOf(ConfigException.class);
    }

    @Test
    void aFileSystemWithoutPosixOwnersIsNotChecked() throws IOException {
        Path zip = root.resolve("settings.zip");
        try (FileSystem zipped = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            assertThat(zipped.supportedFileAttributeViews()).doesNotContain("posix", "unix");
            Path inside = Files.writeString(zipped.getPath("/config.properties"), "x=1");
            ConfigFileTrust neverAsked = new ConfigFileTrust(() -> {
                throw new AssertionError("the user id is asked for only where files have POSIX owners");
            }, OWN);

            assertThat(neverAsked.requireTrusted(inside, "--config")).isEqualTo(inside.toRealPath());
        }
    }

    @Test
    void aPathWithControlCharactersIsShownSafely() throws IOException {
        Path odd = Files.writeString(directory.resolve("config\u001B[2J.properties"), "x=1");
        mode(odd, "rw-rw-rw-");

        assertThatThrownBy(() -> trustOfOwner().requireTrusted(odd, "--config"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .doesNotContain("\u001B").contains("config?[2J.properties"));
    }
}
