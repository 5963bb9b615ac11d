package dev.otpverifier.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Random, mangled and hostile configuration files: each gives a configuration or a
 * {@link ConfigException} naming a key (see {@link ConfigContract}), never another exception.
 */
class ConfigFuzzProperties {

    private static final byte[] EXAMPLE = readExample();
    private static final Path BASE = Path.of("").toAbsolutePath();

    private static byte[] readExample() {
        try {
            return Files.readAllBytes(Path.of("config.properties.example"));
        } catch (IOException e) {
            throw new UncheckedIOException("run from the project directory, where config.properties.example is", e);
        }
    }

    private static ConfigLoader loader(boolean passwordInEnvironment) {
        return new ConfigLoader(passwordInEnvironment ? Map.of(ConfigKeys.PASSWORD_VARIABLE, "env-secret") : Map.of());
    }

    /** Writes the bytes to a temporary file and loads it, as Main does. */
    private static void loadBytes(byte[] content, boolean passwordInEnvironment) {
        Path file;
        try {
            file = Files.createTempFile("otp-fuzz-", ".properties");
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ConfigContract.holds(() -> loader(passwordInEnvironment).load(file));
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }

    @Property(tries = 1000)
    void arbitraryUnicodeText(@ForAll @StringLength(max = 400) String text, @ForAll boolean password) {
        ConfigContract.holds(() -> loader(password).parse(text, "fuzz", BASE, null));
    }

    @Property(tries = 300)
    void arbitraryBytes(@ForAll @Size(max = 400) byte[] content, @ForAll boolean password) {
        loadBytes(content, password);
    }

    @Property(tries = 1000)
    void keysWithHostileValues(@ForAll("hostileFiles") String text, @ForAll boolean password) {
        ConfigContract.holds(() -> loader(password).parse(text, "fuzz", BASE, null));
    }

    /** Every known key with every hostile value, alone in an otherwise minimal file. */
    @Property(generation = GenerationMode.EXHAUSTIVE)
    void everyKeyWithEveryHostileValue(@ForAll("knownKeys") String key, @ForAll("hostileValues") String value) {
        String text = "smtp.host=smtp.example.com\nmail.from=me@example.com\n" + key + "=" + value + "\n";
        ConfigContract.holds(() -> loader(false).parse(text, "fuzz", BASE, null));
    }

    @Property(tries = 300)
    void theExampleWithBytesChanged(@ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 4_225) Integer> at,
            @ForAll @Size(min = 8, max = 8) byte[] values, @ForAll boolean password) {
        byte[] mangled = EXAMPLE.clone();
        for (int i = 0; i < at.size(); i++) {
            mangled[at.get(i) % mangled.length] = values[i];
        }
        loadBytes(mangled, password);
    }

    /** key=value lines, known keys and near misses, with values an attacker or a slip of the hand would give. */
    @Provide
    Arbitrary<String> hostileFiles() {
        Arbitrary<String> key = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(ConfigKeys.ALL)),
                Tuple.of(1, Arbitraries.of("smtp.hots", "SMTP.HOST", "smtp.host ", "otp.max.attempt", "\\u0073mtp.port",
                        "smtp\\\nhost", "=", ":", "#smtp.host", "!smtp.port")),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(3, hostileValues()),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30)));
        Arbitrary<String> separator = Arbitraries.of("=", ":", " ", " = ", "\t");
        Arbitrary<String> line = Combinators.combine(key, separator, value).as((k, s, v) -> k + s + v);
        Arbitrary<String> ending = Arbitraries.of("\n", "\r\n", "\r", "\\\n");
        return Combinators.combine(line.list().ofMaxSize(12), ending.list().ofSize(12))
                .as((lines, endings) -> {
                    StringBuilder text = new StringBuilder();
                    for (int i = 0; i < lines.size(); i++) {
                        text.append(lines.get(i)).append(endings.get(i));
                    }
                    return text.toString();
                });
    }

    @Provide
    Arbitrary<String> knownKeys() {
        return Arbitraries.of(ConfigKeys.ALL);
    }

    /** Values an attacker or a slip of the hand would give, written as they would appear in the file. */
    @Provide
    Arbitrary<String> hostileValues() {
        return Arbitraries.of("", " ", "0", "-1", "1", "587", "65536", "99999999999999999999", "1e3",
                "0x1F", "+5", "١٢٣", "starttls", "SSL", "plain", "none", "1,3", "1,,3", ",", "1,2,3,4,5,6",
                "-1,3", "61", "you@example.com", "a@b", "a@b.com\\r\\nBcc: x@y.z", "\\u", "\\u12", "\\uZZZZ",
                "\\", "\\\\", "\\t", "\\n", "\\r", "\\u0000", "\\u202e", "/no/such/file.pem", "\u0000",
                "\u202Egnp.exe", "\u001B[31mred", "C:\\\\nul", "../../etc/passwd", "x".repeat(1_001));
    }
}
