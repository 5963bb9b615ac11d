package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.testing.LockedBuffer;
import dev.otpverifier.testing.Ports;
import dev.otpverifier.testing.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The terminal mode, end to end, against a real STARTTLS server on 127.0.0.1. */
class ConsoleEndToEndIT {

    private static final Pattern SUBJECT_CODE = Pattern.compile("Subject: (\\d{6}) is your verification code");

    private static DemoMailServer server;

    @TempDir
    Path dir;

    private Map<String, String> env;

    @BeforeAll
    static void startServer() throws IOException {
        server = DemoMailServer.start(Clock.systemUTC());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void isolateUserDirectories() {
        env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
    }

    private Path configFile(int port) throws IOException {
        return PrivateFiles.write(dir.resolve("config.properties"), String.join("\n",
                "smtp.host=127.0.0.1",
                "smtp.port=" + port,
                "smtp.security=starttls",
                "smtp.username=" + server.username(),
                "smtp.trust.certificate=" + server.certificateFile(),
                "smtp.timeout.seconds=5",
                "mail.from=verifier@example.com",
                ""));
    }

    /**
     * Runs the program; {@code answers} sees everything printed on standard output so far (where the
     * prompts go) and returns the next input line, or null. After 60 seconds input is closed.
     */
    private Result run(Function<String, String> answers, String... args) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(LockedBuffer.locked(printed), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(LockedBuffer.locked(errors), true, StandardCharsets.UTF_8);
        PipedOutputStream typing = new PipedOutputStream();
        InputStream in = new PipedInputStream(typing);
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(args, env, in, out, err));
        String lastScreen = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!status.isDone()) {
            if (System.nanoTime() > deadline) {
                typing.close(); // end of input: the program must finish on its own now
                break;
            }
            String screen = LockedBuffer.text(printed);
            if (!screen.equals(lastScreen)) {
                lastScreen = screen;
                String answer = answers.apply(screen);
                if (answer == END_OF_INPUT) {
                    typing.close(); // like Ctrl+D: the program must finish on its own now
                    break;
                }
                if (answer != null) {
                    typing.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                    typing.flush();
                }
            }
            Thread.sleep(20);
        }
        typing.close();
        return new Result(status.get(30, TimeUnit.SECONDS), LockedBuffer.text(printed), LockedBuffer.text(errors));
    }

    /** What an answer function returns to close the input (compared by identity). */
    private static final String END_OF_INPUT = new String("end of input");

    record Result(int status, String out, String err) {
    }

    /** Answers the code prompt with the newest code the server received, once. */
    private Function<String, String> codeFromServer(int messagesBefore) {
        boolean[] answered = {false};
        return screen -> {
            if (answered[0] || !screen.contains("Enter the 6-digit code")) {
                return null;
            }
            answered[0] = true;
            try {
                assertThat(server.inbox().awaitCount(messagesBefore + 1, 10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            return server.inbox().messages().get(0).subject().substring(0, 6);
        };
    }

    @Test
    void verifiesWithTheCodeFromTheMailServer() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());
        int before = server.acceptedCount(); // counted at "250", before the inbox has parsed it

        Path config = configFile(server.port());
        Result result = run(codeFromServer(before), "--console", "--config", config.toString(),
                "--email", "Carol@Example.com");

        assertThat(result.status()).as(result.out() + result.err()).isZero();
        assertThat(result.out().lines().findFirst()).as("the first line names the file in use")
                .contains("Configuration: " + config.toRealPath());
        assertThat(result.out()).contains("Code sent to C***@Example.com").contains("Verified: C***@Example.com");
        assertThat(server.inbox().messages().get(0).envelopeTo()).isEqualTo("Carol@example.com");
    }

    @Test
    void asksForTheAddressWhenNoneIsGiven() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());
        int before = server.acceptedCount(); // counted at "250", before the inbox has parsed it
        Function<String, String> code = codeFromServer(before);

        Result result = run(screen -> screen.endsWith("Email address: ") ? "dave@example.com" : code.apply(screen),
                "--console", "--config", configFile(server.port()).toString());

        assertThat(result.status()).as(result.out() + result.err()).isZero();
    }

    @Test
    void wrongCodesUntilTheCodeIsDeadExitWithOne() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());
        int[] tries = {0};
        int before = server.acceptedCount(); // counted at "250", before the inbox has parsed it

        Result result = run(screen -> !screen.endsWith("new one): ") ? null
                : tries[0] < 10 ? wrongCode(tries[0]++, before) : END_OF_INPUT,
                "--console", "--config", configFile(server.port()).toString(), "--email", "erin@example.com");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.err()).contains("Wrong code. 4 attempts left.").contains("Wrong code. 1 attempt left.")
                .contains("Too many wrong codes; this code no longer works. Type \"resend\" for a new one.")
                .as("a restart resets nothing, so it must not be offered as the way on")
                .doesNotContain("Run the program again")
                .as("codes typed on after it (a script) end the run after three")
                .contains("There is still no code to check, so this run ends: e***@example.com is not verified.");
    }

    @Test
    void aRestartKeepsTheCooldown() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());
        String config = configFile(server.port()).toString();
        int before = server.acceptedCount();
        Result first = runWithoutInput("--console", "--config", config, "--email", "gus@example.com");
        assertThat(first.out()).contains("Code sent to g***@example.com");

        Result second = runWithoutInput("--console", "--config", config, "--email", "gus@example.com");

        assertThat(second.status()).isEqualTo(1);
        assertThat(second.err()).contains("A code was sent moments ago");
        assertThat(server.acceptedCount()).as("the second run sent nothing").isEqualTo(before + 1);
    }

    @Test
    void aRestartKeepsTheWrongTriesAndTheLock() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());
        String config = PrivateFiles.write(dir.resolve("config.properties"), Files.readString(
                configFile(server.port())) + "otp.resend.cooldown.seconds=0\notp.lockout.failures=6\n").toString();
        int[] tries = {0};
        int before = server.acceptedCount();
        Result first = run(screen -> !screen.endsWith("new one): ") ? null
                : tries[0] < 5 ? wrongCode(tries[0]++, before) : END_OF_INPUT,
                "--console", "--config", config, "--email", "hal@example.com");
        assertThat(first.err()).contains("Too many wrong codes; this code no longer works.");

        int[] more = {0};
        int beforeSecond = server.acceptedCount();
        Result second = run(screen -> screen.endsWith("new one): ") && more[0] < 1
                ? wrongCode(10 + more[0]++, beforeSecond) : null,
                "--console", "--config", config, "--email", "hal@example.com");
        assertThat(second.status()).isEqualTo(1);
        assertThat(second.err()).as("five wrong tries before the restart and one after make six: locked")
                .contains("Too many wrong codes for h***@example.com. Try again after");

        int beforeThird = server.acceptedCount();
        Result third = runWithoutInput("--console", "--config", config, "--email", "hal@example.com");
        assertThat(third.err()).contains("Too many wrong codes for h***@example.com. Try again after");
        assertThat(server.acceptedCount()).as("a locked address is sent nothing").isEqualTo(beforeThird);

        Path limits = dir.resolve("state/otp-verifier/limits");
        assertThat(Files.getPosixFilePermissions(limits)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(limits)).doesNotContain("hal").doesNotContain("example.com");
    }

    /** Runs the program with its input already at its end: every prompt is answered by end of input. */
    private Result runWithoutInput(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = Main.run(args, env, InputStream.nullInputStream(),
                new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8));
        return new Result(status, printed.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
    }

    private String wrongCode(int index, int messagesBefore) {
        try {
            assertThat(server.inbox().awaitCount(messagesBefore + 1, 10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String real = server.inbox().messages().get(0).subject().substring(0, 6);
        String candidate = String.format(java.util.Locale.ROOT, "%06d", index);
        return candidate.equals(real) ? "999999".equals(real) ? "999998" : "999999" : candidate;
    }

    @Test
    void endOfInputWithoutACodeExitsWithOne() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--console", "--config", configFile(server.port()).toString(), "--email",
                "frank@example.com"}, env, InputStream.nullInputStream(), new PrintStream(out, true), new PrintStream(out));

        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("No code entered");
    }

    @Test
    void anInvalidEmailOptionIsAUsageErrorAndSendsNothing() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());
        int before = server.acceptedCount();

        Result result = run(screen -> null, "--console", "--config", configFile(server.port()).toString(),
                "--email", "not-an-address");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("is not an email address");
        assertThat(server.acceptedCount()).isEqualTo(before);
    }

    @Test
    void aServerThatCannotBeReachedExitsWithThree() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());

        Result result = run(screen -> null, "--console", "--config", configFile(Ports.closedPort()).toString(),
                "--email", "gina@example.com");

        assertThat(result.status()).isEqualTo(3);
        assertThat(result.err()).contains("The code could not be sent.").contains("Could not connect to 127.0.0.1");
    }

    @Test
    void aWrongPasswordExitsWithThreeAndNeverShowsThePassword() throws Exception {
        env.put("OTP_SMTP_PASSWORD", "wrong-password-1234");

        Result result = run(screen -> null, "--console", "--config", configFile(server.port()).toString(),
                "--email", "hank@example.com");

        assertThat(result.status()).isEqualTo(3);
        assertThat(result.err()).contains("app password");
        assertThat(result.out() + result.err()).doesNotContain("wrong-password-1234");
    }

    @Test
    void aBrokenConfigurationExitsWithTwoAndNamesTheKey() throws Exception {
        Path file = PrivateFiles.write(dir.resolve("bad.properties"), "smtp.host=h.example.com\nsmtp.port=eighty\n");

        Result result = run(screen -> null, "--console", "--config", file.toString(), "--email", "ivy@example.com");

        assertThat(result.status()).isEqualTo(2);
        assertThat(result.err()).contains("smtp.port: must be a whole number").contains("mail.from: is required");
    }

    @Test
    void demoModeInTheTerminalPrintsTheInboxAndVerifies() throws Exception {
        Function<String, String> answer = new Function<>() {
            boolean answered;

            @Override
            public String apply(String screen) {
                Matcher matcher = SUBJECT_CODE.matcher(screen);
                if (answered || !screen.contains("Enter the 6-digit code") || !matcher.find()) {
                    return null;
                }
                answered = true;
                return matcher.group(1).substring(0, 3) + " " + matcher.group(1).substring(3);
            }
        };

        Result result = run(answer, "--demo", "--console", "--email", "jo@example.com");

        assertThat(result.status()).as(result.out() + result.err()).isZero();
        assertThat(result.out().lines().findFirst()).contains("Demo mode (--demo): no configuration file is read.");
        assertThat(result.out()).contains("Demo mode").contains("----- New message in the demo inbox -----")
                .contains("To:      jo@example.com").contains("Verified: j***@example.com");
    }

    @Test
    void withoutAFileTheFirstLineSaysWhereItWasLookedFor() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--console", "--email", "kay@example.com"}, env,
                InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()));

        String printed = out.toString(StandardCharsets.UTF_8);
        Path expected = dir.resolve("config").resolve("otp-verifier").resolve("config.properties");
        assertThat(status).as(printed).isEqualTo(1);
        assertThat(printed.lines().findFirst()).as(printed).hasValueSatisfying(first ->
                assertThat(first).startsWith("No configuration file found (looked for ").contains(expected.toString())
                        .endsWith("): demo mode."));
    }

    @Test
    void theFileInTheUserDirectoryIsNamedOnTheFirstLine() throws Exception {
        env.put("OTP_SMTP_PASSWORD", server.password());
        Path own = PrivateFiles.directories(dir.resolve("config").resolve("otp-verifier"));
        Path file = Files.move(configFile(server.port()), own.resolve("config.properties"));
        int before = server.acceptedCount();

        Result result = run(codeFromServer(before), "--console", "--email", "lee@example.com");

        assertThat(result.status()).as(result.out() + result.err()).isZero();
        assertThat(result.out().lines().findFirst()).contains("Configuration: " + file.toRealPath());
    }

    @Test
    void helpAndVersionExitWithZero() throws Exception {
        Result help = run(screen -> null, "--help");
        Result version = run(screen -> null, "--version");

        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("--console").contains("--email").contains("--config").contains("--demo")
                .contains("Exit status");
        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("OTP Verifier ").doesNotContain("unknown");
    }

    @Test
    void anUnknownOptionIsAUsageError() throws Exception {
        assertThat(run(screen -> null, "--frobnicate").status()).isEqualTo(2);
    }
}
