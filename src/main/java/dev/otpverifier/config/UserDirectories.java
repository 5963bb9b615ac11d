package dev.otpverifier.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The per-user directories for configuration, logs and cached files, by operating system convention.
 *
 * <p>Linux and other Unix: {@code $XDG_CONFIG_HOME/otp-verifier} (default {@code ~/.config/otp-verifier}),
 * {@code $XDG_STATE_HOME/otp-verifier} (default {@code ~/.local/state/otp-verifier}) and
 * {@code $XDG_CACHE_HOME/otp-verifier} (default {@code ~/.cache/otp-verifier}). macOS:
 * {@code ~/Library/Application Support/OTP Verifier}, {@code ~/Library/Logs/OTP Verifier} and
 * {@code ~/Library/Caches/OTP Verifier}. Windows: {@code %APPDATA%\otp-verifier},
 * {@code %LOCALAPPDATA%\otp-verifier\logs} and {@code %LOCALAPPDATA%\otp-verifier\cache}.
 *
 * @param config where {@code config.properties} is looked up and saved
 * @param logs where {@code otp-verifier.log} is written
 * @param cache where files that can be made again at any time are kept (safe to delete)
 * @param state where what must outlive a restart but is no configuration is kept: the attempt and
 *     quota counts ({@code $XDG_STATE_HOME/otp-verifier} on Linux, beside the log;
 *     {@code ~/Library/Application Support/OTP Verifier/state} on macOS;
 *     {@code %LOCALAPPDATA%\otp-verifier\state} on Windows)
 */
public record UserDirectories(Path config, Path logs, Path cache, Path state) {

    /**
     * The directories for the given facts, so that each platform's rules can be tested anywhere.
     *
     * @param osName the value of {@code os.name}
     * @param home the user's home directory
     * @param env the environment variables
     */
    public static UserDirectories of(String osName, Path home, Map<String, String> env) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            Path roaming = pathOr(env.get("APPDATA"), home.resolve("AppData").resolve("Roaming"));
            Path local = pathOr(env.get("LOCALAPPDATA"), home.resolve("AppData").resolve("Local"));
            return new UserDirectories(roaming.resolve("otp-verifier"), local.resolve("otp-verifier").resolve("logs"),
                    local.resolve("otp-verifier").resolve("cache"), local.resolve("otp-verifier").resolve("state"));
        }
        if (os.startsWith("mac")) {
            Path library = home.resolve("Library");
            Path support = library.resolve("Application Support").resolve("OTP Verifier");
            return new UserDirectories(support, library.resolve("Logs").resolve("OTP Verifier"),
                    library.resolve("Caches").resolve("OTP Verifier"), support.resolve("state"));
        }
        Path config = pathOr(env.get("XDG_CONFIG_HOME"), home.resolve(".config"));
        Path state = pathOr(env.get("XDG_STATE_HOME"), home.resolve(".local").resolve("state"));
        Path cache = pathOr(env.get("XDG_CACHE_HOME"), home.resolve(".cache"));
        return new UserDirectories(config.resolve("otp-verifier"), state.resolve("otp-verifier"),
                cache.resolve("otp-verifier"), state.resolve("otp-verifier"));
    }

    /** Where the window remembers its theme and place: {@code window.properties} beside the configuration. */
    public Path windowPreferences() {
        return config.resolve("window.properties");
    }

    private static Path pathOr(String value, Path fallback) {
        // The XDG specification says relative values are invalid and must be ignored.
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Path path = Path.of(value);
        return path.isAbsolute() ? path : fallback;
    }
}
