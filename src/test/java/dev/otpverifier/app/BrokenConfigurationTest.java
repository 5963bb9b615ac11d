package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.console.ConsoleFlow;
import dev.otpverifier.testing.Ports;
import dev.otpverifier.testing.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Broken configuration files through the whole command line: exit status 2, a message that names the
 * key, and never a stack trace. (ConfigLoader alone gets every prefix and much more random input in
 * {@code ConfigTruncationTest} and {@code ConfigFuzzProperties}; this samples them through Main.)
 */
class BrokenConfigurationTest {

    @TempDir
    Path dir;

    static Stream<Arguments> brokenFiles() throws IOException {
        byte[] example = Files.readAllBytes(Path.of("config.properties.example"));
        Stream<Arguments> prefixes = IntStream.iterate(0, n -> n <= example.length, n -> n + 97)
                .mapToObj(n -> Arguments.of("first " + n + " bytes of the example", Arrays.copyOf(example, n)));
        Random random = new Random(5);
        Stream<Arguments> noise = IntStream.range(0, 15).mapToObj(i -> {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            return Arguments.of(bytes.length + " random bytes (seed 5, #" + i + ")", bytes);
        });
        Stream<Arguments> handPicked = Stream.of(
                Arguments.of("the whole example, but no password", example),
                Arguments.of("a broken unicode escape", "smtp.host=\\u12G4\n".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("not UTF-8", new byte[] {'s', 'm', 't', 'p', '.', 'h', 'o', 's', 't', '=', (byte) 0xC3}),
                Arguments.of("a NUL in the password", ("smtp.host=h.example.com\nmail.from=a@example.com\n"
                        + "smtp.username=a\nsmtp.password=x\u0000y\n").getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a terminal escape in the host", "smtp.host=\u001B[2J\n".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("a bidi override in the trust file",
                        "smtp.host=h.example.com\nmail.from=a@example.com\nsmtp.trust.certificate=\u202Egnp.exe\n"
                                .getBytes(StandardCharsets.UTF_8)));
        return Stream.of(prefixes, noise, handPicked).flatMap(s -> s);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("brokenFiles")
    void exitsWithTwoAndNoStackTrace(String name, byte[] content) throws IOException {
        Path file = PrivateFiles.write(dir.resolve("config.properties"), content);
        Map<String, String> env = Map.of(
                "XDG_CONFIG_HOME", dir.resolve("config").toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(new String[] {"--console", "--config", file.toString()}, env,
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isEqualTo(ConsoleFlow.USAGE_ERROR);
        assertThat(printed).contains("cannot be used").doesNotContain("\tat ", "Exception in thread", "Exception:")
                .doesNotContain("unexpected error");
        assertThat(err.toString(StandardCharsets.UTF_8)).containsPattern("(?m)^  - (\\(file\\)|[a-z.]+): \\S");
        assertThat(printed.codePoints()).as("no control or bidi characters echoed")
                .noneMatch(c -> (Character.isISOControl(c) && c != '\n' && c != '\r')
                        || Character.getType(c) == Character.FORMAT);
    }

    /** Issue 12: a configuration file other users can write is refused before it is read. */
    @Test
    void aFileOthersCanWriteExitsWithTwoAndSaysHowToFixIt() throws IOException {
        Path file = PrivateFiles.write(dir.resolve("config.properties"), String.join("\n",
                // Loopback and a closed port: should the check ever fail, nothing leaves the machine.
                "smtp.host=127.0.0.1", "smtp.port=" + Ports.closedPort(), "smtp.username=victim",
                "smtp.timeout.seconds=2", "mail.from=victim@example.com", ""));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        Map<String, String> env = Map.of(
                "XDG_CONFIG_HOME", dir.resolve("config").toString(),
                "XDG_STATE_HOME", dir.resolve("state").toString(),
                "OTP_SMTP_PASSWORD", "the-real-password");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int status = Main.run(new String[] {"--console", "--config", file.toString(), "--email", "ann@example.com"},
                env, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String real = file.toRealPath().toString();
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(ConsoleFlow.USAGE_ERROR);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("The configuration in " + real + " cannot be used")
                .contains("--config: other users can change the file")
                .contains("chmod go-w '" + real + "'");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Code sent");
    }
}
