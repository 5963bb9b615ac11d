package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocatorTest {

    @TempDir
    Path root;

    Path jar;
    Path home;
    UserDirectories user;

    @BeforeEach
    void layout() throws IOException {
        jar = Files.createDirectories(root.resolve("jar"));
        home = Files.createDirectories(root.resolve("home"));
        user = UserDirectories.of("Linux", home, Map.of());
        Files.createDirectories(user.config());
    }

    private Path file(Path directory) throws IOException {
        return Files.writeString(directory.resolve("config.properties"), "x=1");
    }

    private ConfigLocator locator(Map<String, String> env) {
        return new ConfigLocator(env, Optional.of(jar), user);
    }

    @Test
    void followsTheDocumentedOrder() throws IOException {
        Path explicit = Files.writeString(root.resolve("explicit.properties"), "x=1");
        Path fromEnv = Files.writeString(root.resolve("env.properties"), "x=1");
        Path nextToJar = file(jar);
        Path inUserDir = file(user.config());
        Map<String, String> env = Map.of("OTP_VERIFIER_CONFIG", fromEnv.toString());

        assertThat(locator(env).locate(Optional.of(explicit))).contains(explicit);
        assertThat(locator(env).locate(Optional.empty())).contains(fromEnv);
        assertThat(locator(Map.of()).locate(Optional.empty())).contains(nextToJar);
        Files.delete(nextToJar);
        assertThat(locator(Map.of()).locate(Optional.empty())).contains(inUserDir);
        Files.delete(inUserDir);
        assertThat(locator(Map.of()).locate(Optional.empty())).isEmpty();
    }

    @Test
    void theWorkingDirectoryIsNeverSearched() throws IOException {
        assertThat(locator(Map.of()).searchedPlaces()).as("a file planted in a downloaded folder must not be read")
                .containsExactly(jar.resolve("config.properties"), user.config().resolve("config.properties"))
                .doesNotContain(Path.of("config.properties").toAbsolutePath());
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
