package dev.otpverifier.ui.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UiTextTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "&Send code|Send code|0",
        "Se&nd code|Send code|2",
        "Fish && Chips|Fish & Chips|-1",
        "Fish && &Chips|Fish & Chips|7",
        "No mnemonic|No mnemonic|-1",
        "Trailing &|Trailing &|-1",
    })
    void mnemonicMarks(String raw, String plain, int index) {
        assertThat(UiText.stripMnemonic(raw)).isEqualTo(plain);
        assertThat(UiText.mnemonicIndexOf(raw)).isEqualTo(index);
    }

    @Test
    void formatsArgumentsAndPlurals() {
        assertThat(UiText.format("status.wrongCode", 1)).isEqualTo("Wrong code. 1 attempt left.");
        assertThat(UiText.format("status.wrongCode", 4)).isEqualTo("Wrong code. 4 attempts left.");
        assertThat(UiText.format("status.sent", "a***@example.com"))
                .startsWith("Code sent to a***@example.com.");
    }

    /** A lone {@code &} before a space or at the end marks no letter: the text meant a literal "&&". */
    @Test
    void everyAmpersandMarksALetterOrIsDoubled() throws IOException {
        Properties properties = bundle();
        Pattern stray = Pattern.compile("(?<!&)&(?!&)(?=\\s|$|[^\\p{L}\\p{N}])");
        for (String key : properties.stringPropertyNames()) {
            String text = properties.getProperty(key).replace("&&", "");
            assertThat(stray.matcher(text).find()).as("%s: %s", key, properties.getProperty(key)).isFalse();
        }
        assertThat(UiText.plain("hint.fastmail")).contains("Privacy & Security");
    }

    /** Within one window, Alt plus a letter reaches one control only. */
    @Test
    void mnemonicsAreUniqueWithinTheSettingsDialogAndTheMainWindow() throws IOException {
        Properties properties = bundle();
        for (List<String> window : List.of(
                List.of("settings.provider", "settings.host", "settings.port", "settings.security",
                        "settings.username", "settings.password", "settings.password.show", "settings.trust",
                        "settings.trust.browse", "settings.timeout", "settings.from", "settings.fromName",
                        "settings.test", "settings.sendTest", "settings.save", "settings.cancel", "settings.close",
                        // The sign-in rows. "settings.account" is the user name field's label with a sign-in
                        // (the same field, the same letter); the Google and Cancel texts are the same button's.
                        "settings.method", "settings.clientId", "settings.tenant", "settings.clientSecret",
                        "settings.clientSecret.show", "settings.issuer", "settings.signIn.microsoft",
                        "settings.signOut", "settings.signIn.copy"),
                List.of("menu.file", "menu.view", "email.label", "send.send", "code.label", "verify.verify",
                        "offer.startOver", "offer.resend", "clipboard.fill", "demo.inbox", "demo.setup",
                        "config.open"))) {
            Map<Character, String> taken = new HashMap<>();
            for (String key : window) {
                String raw = properties.getProperty(key);
                assertThat(raw).as(key).isNotNull();
                int index = UiText.mnemonicIndexOf(raw);
                if (index < 0) {
                    continue;
                }
                char letter = Character.toLowerCase(UiText.stripMnemonic(raw).charAt(index));
                String before = taken.putIfAbsent(letter, key);
                assertThat(before).as("Alt+%s is both %s and %s", letter, before, key).isNull();
            }
        }
    }

    /** The texts that stand for one control keep its letter, so Alt plus it works in either state. */
    @Test
    void textsOfOneControlShareTheirMnemonic() {
        for (List<String> control : List.of(List.of("settings.username", "settings.account"),
                List.of("settings.signIn.microsoft", "settings.signIn.google", "settings.signIn.cancel"))) {
            java.util.Set<Character> letters = new java.util.HashSet<>();
            for (String key : control) {
                letters.add(Character.toLowerCase(UiText.plain(key).charAt(UiText.mnemonicIndex(key))));
            }
            assertThat(letters).as(control.toString()).hasSize(1);
        }
    }

    private static Properties bundle() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = UiText.class.getResourceAsStream("UiText.properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    /** Every key the code asks for exists, so no window ever shows a MissingResourceException. */
    @Test
    void everyKeyUsedInTheSourcesExists() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = UiText.class.getResourceAsStream("UiText.properties")) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Pattern literal = Pattern.compile("\"([a-z][A-Za-z]*(?:\\.[A-Za-z]+)+)\"");
        Map<String, Path> used = new HashMap<>();
        // Every ui package: the window, the settings dialog and the inbox all take their words from here.
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/otpverifier/ui"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = literal.matcher(Files.readString(file));
                while (matcher.find()) {
                    used.put(matcher.group(1), file);
                }
            }
        }
        // Other dotted literals (host names, UIManager keys, preference keys) are not bundle keys.
        List<String> sections = List.of("app", "menu", "header", "email", "send", "code", "verify", "status",
                "offer", "clipboard", "demo", "config", "inbox", "settings", "field", "invalid", "provider", "hint");
        used.keySet().removeIf(key -> !sections.contains(key.substring(0, key.indexOf('.'))));
        assertThat(used).hasSizeGreaterThan(50);
        for (String key : used.keySet()) {
            assertThat(properties.containsKey(key)).as("key %s used in %s", key, used.get(key)).isTrue();
        }
        for (String provider : List.of("gmail", "outlook", "yahoo", "icloud", "zoho", "fastmail", "custom")) {
            assertThat(properties).containsKey("provider." + provider).containsKey("hint." + provider);
        }
    }
}
