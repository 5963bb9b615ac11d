package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What loading any file must give: a usable {@link AppConfig}, or a {@link ConfigException} whose
 * every problem names a key and says, in printable text, what is wrong. Anything else is a bug.
 */
final class ConfigContract {

    /** The keys a problem may name: the known keys, the file itself, and the password variable. */
    static final Set<String> NAMEABLE = nameable();

    private ConfigContract() {
    }

    private static Set<String> nameable() {
        Set<String> keys = new HashSet<>(ConfigKeys.ALL);
        keys.add("(file)");
        keys.add(ConfigKeys.PASSWORD_VARIABLE);
        return Set.copyOf(keys);
    }

    /** Runs {@code load}, checks the contract, and returns the configuration or {@code null}. */
    static AppConfig holds(Supplier<AppConfig> load) {
        try {
            AppConfig config = load.get();
            assertThat(config).isNotNull();
            assertThat(config.smtp()).isNotNull();
            assertThat(config.policy()).isNotNull();
            for (String warning : config.warnings()) {
                assertPrintable(warning);
            }
            return config;
        } catch (ConfigException e) {
            assertThat(e.problems()).isNotEmpty();
            for (ConfigException.Problem problem : e.problems()) {
                assertThat(problem.key()).as("the key of %s", problem).isNotBlank().isIn(NAMEABLE);
                assertThat(problem.message()).as("the message of %s", problem).isNotBlank();
                assertPrintable(problem.message());
            }
            assertThat(e.getMessage()).contains("cannot be used");
            return null;
        } catch (RuntimeException | Error e) {
            fail("loading must give a configuration or a ConfigException, not " + e, e);
            return null;
        }
    }

    /** No control characters (they could move the cursor or fake lines) and no bidi or other format marks. */
    static void assertPrintable(String text) {
        assertThat(text.codePoints()).as("printable: %s", text)
                .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
    }
}
