package dev.otpverifier.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds {@code config.properties}, in this order: the {@code --config} option; the environment
 * variable {@code OTP_VERIFIER_CONFIG}; the user's configuration directory
 * ({@link UserDirectories#config()}); the directory of the jar (a portable install).
 *
 * <p>The user's own file comes before the jar's directory: a jar is often run from a Downloads
 * folder, where a browser may have saved a {@code config.properties} of someone else's making, owned
 * by the user and so passing the ownership check. For the same reason {@link #besideTheJar} lets the
 * app withhold {@code OTP_SMTP_PASSWORD} from a file found there.
 *
 * <p>A file named explicitly (option or variable) must exist; the other places are simply skipped
 * when empty. Whichever way it was found, a file that other users could have written is refused
 * ({@link ConfigFileTrust}), and the path returned is its real path, the one that was checked.
 *
 * <p>The working directory is deliberately not searched: a jar run from a downloaded folder would
 * otherwise read a {@code config.properties} planted beside it, and {@code OTP_SMTP_PASSWORD} would
 * be sent to whatever server that file names.
 */
public final class ConfigLocator {

    /** The name of the configuration file in each directory. */
    public static final String FILE_NAME = "config.properties";
    /** The environment variable that names a configuration file. */
    public static final String CONFIG_VARIABLE = "OTP_VERIFIER_CONFIG";

    private final Map<String, String> env;
    private final Optional<Path> jarDirectory;
    private final UserDirectories userDirectories;
    private final ConfigFileTrust trust;

    /**
     * Creates a locator from explicit facts, so that tests need no real home directory.
     *
     * @param env the environment variables
     * @param jarDirectory the directory of the running jar, if known
     * @param userDirectories the user's directories
     */
    public ConfigLocator(Map<String, String> env, Optional<Path> jarDirectory, UserDirectories userDirectories) {
        this(env, jarDirectory, userDirectories, ConfigFileTrust.forCurrentUser(userDirectories.config()));
    }

    /** Like the public constructor, with the ownership check of a given user (tests). */
    ConfigLocator(Map<String, String> env, Optional<Path> jarDirectory, UserDirectories userDirectories,
            ConfigFileTrust trust) {
        this.env = Map.copyOf(env);
        this.jarDirectory = jarDirectory;
        this.userDirectories = userDirectories;
        this.trust = trust;
    }

    /** The places that are searched, in order, for messages such as "no configuration found in ...". */
    public List<Path> searchedPlaces() {
        List<Path> places = new ArrayList<>();
        places.add(userDirectories.config().resolve(FILE_NAME));
        jarDirectory.ifPresent(dir -> places.add(dir.resolve(FILE_NAME)));
        return places;
    }

    /**
     * Whether {@code located} (a path {@link #locate} returned) is the file beside the jar, found
     * without being named: a file that may have arrived with a download rather than been written by
     * the user.
     */
    public boolean besideTheJar(Path located) {
        if (jarDirectory.isEmpty()) {
            return false;
        }
        Path candidate = jarDirectory.get().resolve(FILE_NAME);
        try {
            return Files.isRegularFile(candidate) && Files.isSameFile(candidate, located);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * The configuration file to use.
     *
     * @param explicit the {@code --config} option, if given
     * @return the file's real path, or empty when none of the places has one
     * @throws ConfigException when an explicitly named file does not exist, or when the file found
     *     could have been written by another user
     */
    public Optional<Path> locate(Optional<Path> explicit) {
        if (explicit.isPresent()) {
            return Optional.of(trust.requireTrusted(requireFile(explicit.get(), "--config"), "--config"));
        }
        String fromEnv = env.get(CONFIG_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(trust.requireTrusted(requireFile(Path.of(fromEnv.strip()), CONFIG_VARIABLE),
                    CONFIG_VARIABLE));
        }
        for (Path place : searchedPlaces()) {
            if (Files.isRegularFile(place)) {
                return Optional.of(trust.requireTrusted(place, "(file)"));
            }
        }
        return Optional.empty();
    }

    /** Where the settings dialog saves: the user's configuration directory. */
    public Path userConfigFile() {
        return userDirectories.config().resolve(FILE_NAME);
    }

    /**
     * A configuration path as it may be shown on a screen or a terminal: in full, with control and
     * direction characters as {@code ?} (a name can hold a terminal escape or reverse the text).
     */
    public static String printable(Path file) {
        return printable(file.toString());
    }

    /** Like {@link #printable(Path)}, for any name taken from the file system, such as a user name. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return out.toString();
    }

    private static Path requireFile(Path file, String origin) {
        if (!Files.isRegularFile(file)) {
            String shown = ConfigLoader.safe(file.toString());
            throw new ConfigException(shown, List.of(new ConfigException.Problem(origin,
                    "the file " + shown + " does not exist or is not a file. Check the path.")));
        }
        return file;
    }
}
