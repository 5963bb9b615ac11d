package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which known key an unknown one is taken for, and when none is suggested. */
class ConfigUnknownKeysTest {

    private static final String MINIMAL = "smtp.host=smtp.example.com\nmail.from=me@example.com\n";

    private static String warningFor(String line) {
        return new ConfigLoader(Map.of()).parse(MINIMAL + line + "\n", "test", null, null).warnings().get(0);
    }

    @Test
    void aTypoAsNearToTwoKeysSuggestsTheOneFirstInTheExampleFile() {
        // smtp.hort is one letter from smtp.host and from smtp.port; smtp.host comes first.
        assertThat(warningFor("smtp.hort=1")).endsWith("Did you mean smtp.host?");
    }

    @Test
    void aShortKeyLikeNoKnownOneGetsNoSuggestion() {
        assertThat(warningFor("x=1")).isEqualTo(
                "Unknown key x is ignored. See config.properties.example for the known keys.");
    }

    @Test
    void aHostileKeyOfThousandsOfCharactersGetsNoSuggestion() {
        String key = "smtp.host" + "s".repeat(2_000);

        assertThat(warningFor(key + "=1")).endsWith("See config.properties.example for the known keys.");
    }

    /** The Levenshtein distance: insertions, deletions and substitutions, one each. */
    @ParameterizedTest(name = "\"{0}\" to \"{1}\": {2}")
    @CsvSource({
        "'',          smtp.host,  9",
        "smtp.host,   '',         9",
        "smtp.host,   smtp.host,  0",
        "smtp.hots,   smtp.host,  2",
        "smtp.hos,    smtp.host,  1",
        "smtp.hostt,  smtp.host,  1",
        "smtq.host,   smtp.host,  1",
        "x,           ab,         2",
        "kitten,      sitting,    3",
        "flaw,        lawn,       2"})
    void distanceCountsSingleCharacterEdits(String from, String to, int edits) {
        assertThat(ConfigLoader.distance(from, to)).isEqualTo(edits);
        assertThat(ConfigLoader.distance(to, from)).as("and is symmetric").isEqualTo(edits);
    }
}
