package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.auth.ScriptedAuthServer;
import dev.otpverifier.auth.ScriptedAuthServer.Answer;
import dev.otpverifier.auth.TokenRefreshTest;
import dev.otpverifier.console.ConsoleFlow;
import dev.otpverifier.testing.PrivateFiles;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --sign-in} and {@code --sign-out} as a person runs them on a terminal, against a scripted
 * authorization server on 127.0.0.1: the device grant's address and code, the saved sign-in in the
 * owner-only file, and the failures in plain words with their exit status.
 */
class TerminalSignInIT {

    private static final String ALICE = "alice@example.com";

    @TempDir
    Path dir;

    private ScriptedAuthServer server;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedAuthServer();
        env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put(SignIns.STORE_VARIABLE, "file");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path config(String... extra) throws Exception {
        return PrivateFiles.write(dir.resolve("config.properties"), String.join("\n",
                "smtp.host=127.0.0.1",
                "smtp.port=" + dev.otpverifier.testing.Ports.closedPort(),
                "smtp.username=" + ALICE,
                "smtp.auth=oauth2",
                "oauth.provider=microsoft",
                "oauth.client.id=client-1",
                "oauth.issuer=" + server.issuer(),
                String.join("\n", extra),
                ""));
    }

    private record Result(int status, String out, String err) {
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, env, InputStream.nullInputStream(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path signInFile() {
        return dir.resolve("state/otp-verifier/sign-in.properties");
    }

    @Test
    void signsInWithACodeForAnyDeviceAndKeepsItForTheOwnerOnly() throws Exception {
        server.deviceAnswers.add(Answer.json(200, "{\"device_code\":\"dev-1\",\"user_code\":\"WXYZ-1234\","
                + "\"verification_uri\":\"https://microsoft.com/devicelogin\",\"expires_in\":900,\"interval\":1}"));
        server.tokenAnswers.add(Answer.error("authorization_pending"));
        server.tokenAnswers.add(Answer.tokens("access-1", "refresh-1", TokenRefreshTest.idToken(server.issuer(), ALICE)));

        Result result = run("--sign-in", "--config", config().toString());

        assertThat(result.status()).as(result.err()).isEqualTo(ConsoleFlow.VERIFIED);
        assertThat(result.out()).contains("open https://microsoft.com/devicelogin on any device and enter the code "
                + "WXYZ-1234 (valid for 15 minutes)", "Signed in as " + ALICE, "a file only you can read");
        assertThat(Files.readString(signInFile())).contains("refresh-1");
        assertThat(Files.getPosixFilePermissions(signInFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(result.out() + result.err()).doesNotContain("access-1", "refresh-1");

        Result signedOut = run("--sign-out", "--config", config().toString());

        assertThat(signedOut.status()).isEqualTo(ConsoleFlow.VERIFIED);
        assertThat(signedOut.out()).contains("Signed out");
        assertThat(Files.readString(signInFile())).doesNotContain("refresh-1");
    }

    @Test
    void aSignInAsAnotherAccountIsRefusedAndNothingIsKept() throws Exception {
        server.deviceAnswers.add(Answer.json(200, "{\"device_code\":\"dev-1\",\"user_code\":\"C\","
                + "\"verification_uri\":\"https://microsoft.com/devicelogin\",\"expires_in\":900,\"interval\":1}"));
        server.tokenAnswers.add(Answer.tokens("access-1", "refresh-1",
                TokenRefreshTest.idToken(server.issuer(), "mallory@example.com")));

        Result result = run("--sign-in", "--config", config().toString());

        assertThat(result.status()).isEqualTo(ConsoleFlow.SEND_FAILED);
        assertThat(result.err()).contains("You signed in as mallory@example.com", "sign in as " + ALICE);
        assertThat(signInFile()).doesNotExist();
    }

    @Test
    void aConfigurationWithAPasswordHasNothingToSignInTo() throws Exception {
        Path file = PrivateFiles.write(dir.resolve("password.properties"),
                "smtp.host=smtp.example.com\nsmtp.username=a@example.com\nsmtp.password=x\n");

        Result result = run("--sign-in", "--config", file.toString());

        assertThat(result.status()).isEqualTo(ConsoleFlow.USAGE_ERROR);
        assertThat(result.err()).contains("does not sign in with Microsoft or Google (smtp.auth=oauth2)");
    }

    @Test
    void anUnreachableSignInServerIsSaidPlainly() throws Exception {
        Path file = config();
        server.close();

        Result result = run("--sign-in", "--config", file.toString());

        assertThat(result.status()).isEqualTo(ConsoleFlow.SEND_FAILED);
        assertThat(result.err()).contains("Could not reach the sign-in server 127.0.0.1");
    }

    @Test
    void sendingWithoutASignInSaysToSignInAndSendsNothing() throws Exception {
        Result result = run("--console", "--email", "bob@example.com", "--config", config("smtp.timeout.seconds=3")
                .toString());

        assertThat(result.status()).isEqualTo(ConsoleFlow.SEND_FAILED);
        assertThat(result.err()).contains("signed out of Microsoft for " + ALICE, "sign in again");
        assertThat(server.tokenRequests).isEmpty();
    }

    @Test
    void withoutACredentialStoreTheSignInGoesToTheOwnerOnlyFileAndSaysSo() throws Exception {
        // CI machines have no D-Bus session, so no Secret Service answers; a desktop with a keyring skips this.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("DBUS_SESSION_BUS_ADDRESS") == null
                && !System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).matches(".*(mac|windows).*"),
                "a credential store may answer here");
        env.remove(SignIns.STORE_VARIABLE);
        server.deviceAnswers.add(Answer.json(200, "{\"device_code\":\"d\",\"user_code\":\"C\","
                + "\"verification_uri\":\"https://microsoft.com/devicelogin\",\"expires_in\":900,\"interval\":1}"));
        server.tokenAnswers.add(Answer.tokens("access-1", "refresh-1", TokenRefreshTest.idToken(server.issuer(), ALICE)));

        Result result = run("--sign-in", "--config", config().toString());

        assertThat(result.status()).as(result.err()).isEqualTo(ConsoleFlow.VERIFIED);
        assertThat(result.out()).contains("kept in a file only you can read (" + signInFile() + ")",
                "because this computer has no credential store");
        assertThat(Files.readString(signInFile())).contains("refresh-1");
    }
}
