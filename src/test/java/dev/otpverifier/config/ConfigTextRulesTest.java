package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a text value may hold: which host names are accepted, where a password may not break a line,
 * and how a wrong value is shown back in the problem that names it.
 */
class ConfigTextRulesTest {

    private static final String FROM = "mail.from=me@example.com\n";
    private static final String MINIMAL = "smtp.host=smtp.example.com\n" + FROM;

    private static AppConfig parse(String text) {
        return parse(Map.of(), text);
    }

    private static AppConfig parse(Map<String, String> env, String text) {
        return new ConfigLoader(env).parse(text, "test", null, null);
    }

    private static void assertOneProblem(Map<String, String> env, String text, String key, String message) {
        assertThatThrownBy(() -> parse(env, text)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.problems()).singleElement().satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo(key);
                    assertThat(problem.message()).contains(message);
                }));
    }

    /** A host name of {@code length} characters in labels of at most 63. */
    private static String hostOfLength(int length) {
        StringBuilder host = new StringBuilder();
        while (host.length() < length) {
            if (host.length() % 64 == 63) {
                host.append('.');
            } else {
                host.append('h');
            }
        }
        return host.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"az.example.com", "AZ.EXAMPLE.COM", "mail09.example.com", "smtp-relay.example.com",
            "_submission.example.com", "localhost", "127.0.0.1", "[127.0.0.1]", "[::1]", "[2001:db8::25]", "::1"})
    void aHostNameOrAddressIsAccepted(String host) {
        assertThat(parse("smtp.host=" + host + "\n" + FROM).smtp().host()).isEqualTo(host);
    }

    @Test
    void aHostNameMayHave253Characters() {
        String longest = hostOfLength(253);

        assertThat(parse("smtp.host=" + longest + "\n" + FROM).smtp().host()).isEqualTo(longest);
        assertOneProblem(Map.of(), "smtp.host=" + hostOfLength(254) + "\n" + FROM, "smtp.host",
                "must be a host name or IP address");
    }

    /** Each character just outside the letters and digits, brackets that do not pair, and leading marks. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"smtp`.example.com", "smtp{.example.com", "smtp@example.com", "smtp[.example.com",
            "smtp/.example.com", "smtp .example.com", "smtp.exämple.com", "smtp,example.com",
            "-smtp.example.com", ".smtp.example.com", "[]", "[::1", "::1]", "smtp.example.com]", "[smtp.example.com"})
    void anythingElseIsNotAHostName(String host) {
        assertOneProblem(Map.of(), "smtp.host=" + host + "\n" + FROM, "smtp.host",
                "must be a host name or IP address without spaces, e.g. smtp.gmail.com; was \"" + host + "\".");
    }

    /**
     * Written as escapes in the file: a line break or NUL would let the password end a command early.
     * That is the one problem named: a refused password is not also called missing.
     */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"\\rsecret", "\\nsecret", "\\u0000secret", "sec\\r\\nret", "secret\\n", "secret\\u0000"})
    void aPasswordInTheFileMayNotBreakALineOrHoldNul(String written) {
        assertThatThrownBy(() -> parse(MINIMAL + "smtp.username=me@example.com\nsmtp.password=" + written + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        new ConfigException.Problem("smtp.password", "must not contain line breaks or NUL characters.")));
    }

    @ParameterizedTest(name = "{index}")
    @ValueSource(strings = {"\rsecret", "\nsecret", "sec\r\nret", "secret\n"})
    void aPasswordInTheEnvironmentMayNotBreakALine(String password) {
        assertOneProblem(Map.of(ConfigKeys.PASSWORD_VARIABLE, password), MINIMAL + "smtp.username=me@example.com\n",
                ConfigKeys.PASSWORD_VARIABLE, "must not contain line breaks.");
    }

    @Test
    void aPasswordMayHoldAnythingElse() {
        String password = "p@ss wörd =:#!\\t\u00A0";
        AppConfig config = parse(MINIMAL + "smtp.username=me@example.com\nsmtp.password=" + password + "\n");

        assertThat(config.smtp().password()).isEqualTo("p@ss wörd =:#!\t\u00A0");
    }

    /** The value is not also checked as if it were empty, which would add a second, misleading problem. */
    @Test
    void aSecurityValueTooLongOrWithControlCharactersIsOneProblem() {
        assertOneProblem(Map.of(), MINIMAL + "smtp.security=" + "s".repeat(1_001) + "\n", "smtp.security",
                "is longer than 1000 characters.");
        assertOneProblem(Map.of(), MINIMAL + "smtp.security=ssl\\u0007\n", "smtp.security",
                "must not contain control characters or line breaks.");
    }

    @Test
    void aWrongValueIsShownBackWholeUpTo80Characters() {
        String value = "v".repeat(80);

        assertOneProblem(Map.of(), MINIMAL + "smtp.security=" + value + "\n", "smtp.security",
                "; was \"" + value + "\".");
    }

    @Test
    void aLongerWrongValueIsShownAsItsFirst80CharactersAndAnEllipsis() {
        String value = "v".repeat(80) + "w";

        assertOneProblem(Map.of(), MINIMAL + "smtp.security=" + value + "\n", "smtp.security",
                "; was \"" + "v".repeat(80) + "…\".");
    }
}
