package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.testing.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLocatorTest {

    @TempDir
    Path root;

    Path jar;
    Path home;
    UserDirectories user;

    @BeforeEach
    void layout() throws IOException {
        jar = PrivateFiles.directories(root.resolve("jar"));
        home = PrivateFiles.directories(root.resolve("home"));
        user = UserDirectories.of("Linux", home, Map.of());
        PrivateFiles.directories(user.config());
    }

    private Path file(Path directory) throws IOException {
        return PrivateFiles.write(directory.resolve("config.properties"), "x=1");
    }

    private ConfigLocator locator(Map<String, String> env) {
        return new ConfigLocator(env, Optional.of(jar), user);
    }

    @Test
    void followsTheDocumentedOrder() throws IOException {
        Path explicit = PrivateFiles.write(root.resolve("explicit.properties"), "x=1");
        Path fromEnv = PrivateFiles.write(root.resolve("env.properties"), "x=1");
        Path nextToJar = file(jar);
        Path inUserDir = file(user.config());
        Map<String, String> env = Map.of("OTP_VERIFIER_CONFIG", fromEnv.toString());

        assertThat(locator(env).locate(Optional.of(explicit))).contains(explicit.toRealPath());
        assertThat(locator(env).locate(Optional.empty())).contains(fromEnv.toRealPath());
        assertThat(locator(Map.of()).locate(Optional.empty())).as("your own file before the jar's folder")
                .contains(inUserDir.toRealPath());
        Files.delete(inUserDir);
        assertThat(locator(Map.of()).locate(Optional.empty())).contains(nextToJar.toRealPath());
        Files.delete(nextToJar);
        assertThat(locator(Map.of()).locate(Optional.empty())).isEmpty();
    }

    @Test
    void onlyTheFileFoundBesideTheJarIsBesideTheJar() throws IOException {
        Path nextToJar = file(jar);
        Path inUserDir = file(user.config());

        assertThat(locator(Map.of()).besideTheJar(nextToJar.toRealPath())).isTrue();
        assertThat(locator(Map.of()).besideTheJar(inUserDir.toRealPath())).isFalse();
        assertThat(new ConfigLocator(Map.of(), Optional.empty(), user).besideTheJar(nextToJar.toRealPath()))
                .as("no jar (run from classes): nothing is beside it").isFalse();
    }

    @Test
    void aPathThatNoLongerExistsIsNotBesideTheJar() throws IOException {
        file(jar);

        assertThat(locator(Map.of()).besideTheJar(root.resolve("gone/config.properties"))).isFalse();
    }

    @Test
    void settingsAreSavedInTheUsersOwnDirectoryWhereTheyAreLookedForFirst() {
        assertThat(locator(Map.of()).userConfigFile()).isEqualTo(user.config().resolve("config.properties"))
                .isEqualTo(locator(Map.of()).searchedPlaces().get(0));
        assertThat(user.windowPreferences()).as("what the window remembers, beside it")
                .isEqualTo(user.config().resolve("window.properties"));
    }

    @Test
    void theWorkingDirectoryIsNeverSearched() throws IOException {
        assertThat(locator(Map.of()).searchedPlaces()).as("a file planted in a downloaded folder must not be read")
                .containsExactly(user.config().resolve("config.properties"), jar.resolve("config.properties"))
                .doesNotContain(Path.of("config.properties").toAbsolutePath());
    }

    /** Issue 12: each way of finding the file refuses one that other users could have written. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--config", "OTP_VERIFIER_CONFIG", "next to the jar", "user directory"})
    void everyRouteRefusesAFileOthersCanWrite(String route) throws IOException {
        Path planted = switch (route) {
            case "--config", "OTP_VERIFIER_CONFIG" -> PrivateFiles.write(root.resolve("named.properties"), "x=1");
            case "next to the jar" -> file(jar);
            default -> file(user.config());
        };
        Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-rw-rw-"));
        Map<String, String> env = route.equals("OTP_VERIFIER_CONFIG")
                ? Map.of("OTP_VERIFIER_CONFIG", planted.toString()) : Map.of();
        Optional<Path> explicit = route.equals("--config") ? Optional.of(planted) : Optional.empty();
        String real = planted.toRealPath().toString();
        String key = route.equals("--config") || route.equals("OTP_VERIFIER_CONFIG") ? route : "(file)";

        assertThatThrownBy(() -> locator(env).locate(explicit))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.sourceDescription()).isEqualTo(real);
                    assertThat(e.problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.key()).isEqualTo(key);
                        assertThat(problem.message()).contains("chmod go-w '" + real + "'");
                    });
                });
    }

    @Test
    void aFoundFileComesBackAsTheRealPathThatWasChecked() throws IOException {
        Path target = file(user.config());
        Path link = Files.createSymbolicLink(jar.resolve("config.properties"), target);

        assertThat(locator(Map.of()).locate(Optional.empty())).as("found through " + link).contains(target.toRealPath());
    }

    @Test
    void anExplicitFileThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> locator(Map.of()).locate(Optional.of(root.resolve("missing.properties"))))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems().get(0).key()).isEqualTo("--config"));
        assertThatThrownBy(() -> locator(Map.of("OTP_VERIFIER_CONFIG", root.resolve("nope").toString()))
                .locate(Optional.empty()))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems().get(0).key()).isEqualTo("OTP_VERIFIER_CONFIG"));
    }

    @Test
    void userDirectoriesFollowEachPlatformsConvention() {
        Path h = Path.of("/home/ann");
        assertThat(UserDirectories.of("Linux", h, Map.of()))
                .isEqualTo(new UserDirectories(h.resolve(".config/otp-verifier"), h.resolve(".local/state/otp-verifier"),
                        h.resolve(".cache/otp-verifier"), h.resolve(".local/state/otp-verifier")));
        assertThat(UserDirectories.of("Linux", h, Map.of("XDG_CONFIG_HOME", "/x/cfg", "XDG_STATE_HOME", "/x/state",
                "XDG_CACHE_HOME", "/x/cache")))
                .isEqualTo(new UserDirectories(Path.of("/x/cfg/otp-verifier"), Path.of("/x/state/otp-verifier"),
                        Path.of("/x/cache/otp-verifier"), Path.of("/x/state/otp-verifier")));
        assertThat(UserDirectories.of("Linux", h, Map.of("XDG_CONFIG_HOME", "relative")).config())
                .as("relative XDG values are ignored, as the specification says")
                .isEqualTo(h.resolve(".config/otp-verifier"));
        assertThat(UserDirectories.of("Mac OS X", h, Map.of())).isEqualTo(new UserDirectories(
                h.resolve("Library/Application Support/OTP Verifier"), h.resolve("Library/Logs/OTP Verifier"),
                h.resolve("Library/Caches/OTP Verifier"),
                h.resolve("Library/Application Support/OTP Verifier/state")));
        UserDirectories windows = UserDirectories.of("Windows 11", h,
                Map.of("APPDATA", "/c/roaming", "LOCALAPPDATA", "/c/local"));
        assertThat(windows).isEqualTo(new UserDirectories(Path.of("/c/roaming/otp-verifier"),
                Path.of("/c/local/otp-verifier/logs"), Path.of("/c/local/otp-verifier/cache"),
                Path.of("/c/local/otp-verifier/state")));
    }
}
