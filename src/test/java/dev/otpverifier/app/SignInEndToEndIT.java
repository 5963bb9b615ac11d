package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.otpverifier.auth.FileTokenStore;
import dev.otpverifier.auth.ScriptedAuthServer;
import dev.otpverifier.auth.ScriptedAuthServer.Answer;
import dev.otpverifier.auth.StandInBrowser;
import dev.otpverifier.auth.TokenRefreshTest;
import dev.otpverifier.config.ConfigLoader;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.console.ConsoleFlow;
import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.mail.GreenMailTls;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.otp.RequestResult;
import dev.otpverifier.otp.VerifyResult;
import dev.otpverifier.testing.PrivateFiles;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A code sent through SASL XOAUTH2 after a real sign-in, from the terminal and through the
 * services the window uses: a scripted authorization server and GreenMail (which takes the access
 * token as the user's password) on 127.0.0.1, the refresh token in the owner-only file.
 */
class SignInEndToEndIT {

    private static final String ALICE = "alice@example.com";
    private static final Pattern CODE = Pattern.compile("(\\d{6}) is your verification code");

    @TempDir
    Path dir;

    private ScriptedAuthServer authServer;
    private GreenMail mail;
    private DemoCertificate certificate;
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        authServer = new ScriptedAuthServer();
        certificate = GreenMailTls.certificate();
        mail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(ALICE, ALICE, "access-2"));
        mail.start();
        env = new HashMap<>();
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put(SignIns.STORE_VARIABLE, "file");
    }

    @AfterEach
    void stop() {
        mail.stop();
        authServer.close();
    }

    private Path config() throws Exception {
        return PrivateFiles.write(dir.resolve("config.properties"), String.join("\n",
                "smtp.host=127.0.0.1",
                "smtp.port=" + mail.getSmtps().getPort(),
                "smtp.security=ssl",
                "smtp.trust.certificate=" + certificate.certificate(),
                "smtp.timeout.seconds=10",
                "smtp.username=" + ALICE,
                "smtp.auth=oauth2",
                "oauth.provider=microsoft",
                "oauth.client.id=client-1",
                "oauth.issuer=" + authServer.issuer(),
                ""));
    }

    private static String codeIn(MimeMessage message) throws Exception {
        Matcher matcher = CODE.matcher(message.getSubject());
        assertThat(matcher.find()).as(message.getSubject()).isTrue();
        return matcher.group(1);
    }

    @Test
    void theTerminalSignsInWithADeviceCodeThenSendsTheCodeWithXoauth2() throws Exception {
        Path file = config();
        authServer.deviceAnswers.add(Answer.json(200, "{\"device_code\":\"d\",\"user_code\":\"U-1\",\"verification_uri\":"
                + "\"https://microsoft.com/devicelogin\",\"expires_in\":900,\"interval\":1}"));
        authServer.tokenAnswers.add(Answer.tokens("access-1", "refresh-1",
                TokenRefreshTest.idToken(authServer.issuer(), ALICE)));
        ByteArrayOutputStream signInOut = new ByteArrayOutputStream();
        int signedIn = Main.run(new String[] {"--sign-in", "--config", file.toString()}, env,
                java.io.InputStream.nullInputStream(), new PrintStream(signInOut, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(signedIn).as(signInOut.toString(StandardCharsets.UTF_8)).isEqualTo(ConsoleFlow.VERIFIED);

        // A new run: the access token is gone with the last process; the saved refresh token gets a new one.
        authServer.tokenAnswers.add(Answer.tokens("access-2", "refresh-2", null));
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(typing);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> Main.run(new String[] {"--console",
            "--smtp-debug", "--email", "bob@example.com", "--config", file.toString()}, env, in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertThat(mail.waitForIncomingEmail(20_000, 1)).as(err.toString(StandardCharsets.UTF_8)).isTrue();
        typing.write((codeIn(mail.getReceivedMessages()[0]) + "\n").getBytes(StandardCharsets.UTF_8));
        typing.close();

        assertThat(status.get(30, TimeUnit.SECONDS)).as(out.toString(StandardCharsets.UTF_8))
                .isEqualTo(ConsoleFlow.VERIFIED);
        assertThat(authServer.tokenRequests.get(1)).contains("grant_type=refresh_token", "refresh_token=refresh-1");
        assertThat(Files.readString(dir.resolve("state/otp-verifier/sign-in.properties"))).contains("refresh-2")
                .doesNotContain("refresh-1");
        String log;
        try (var logs = Files.list(dir.resolve("state/otp-verifier"))) {
            log = logs.filter(p -> p.getFileName().toString().endsWith(".log")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).reduce("", String::concat);
        }
        assertThat(log).contains("Signed in with MICROSOFT").doesNotContain("access-1", "access-2", "refresh-1",
                "refresh-2");
        String trace = err.toString(StandardCharsets.UTF_8);
        assertThat(trace).contains("XOAUTH2").doesNotContain("access-2", "refresh-2",
                java.util.Base64.getEncoder().encodeToString(("user=" + ALICE + "\u0001auth=Bearer access-2\u0001\u0001")
                        .getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theWindowsServicesSignInInTheBrowserSaveAndSendWithXoauth2() throws Exception {
        SmtpConfig settings = new ConfigLoader(Map.of()).load(config()).smtp().withOAuth(
                new ConfigLoader(Map.of()).load(config()).smtp().oauthSettings().orElseThrow(), "");
        authServer.answersForNonce.add(nonce -> Answer.tokens("access-2", "refresh-1",
                TokenRefreshTest.idToken(authServer.issuer(), ALICE, nonce)));
        StandInBrowser browser = new StandInBrowser();
        SignIns signIns = new SignIns(() -> new FileTokenStore(dir.resolve("state/sign-in.properties")), browser,
                Clock.systemUTC());
        List<java.net.URI> shown = new CopyOnWriteArrayList<>();

        try (DesktopServices services = DesktopServices.demo(dir.resolve("config/otp-verifier/config.properties"),
                Clock.systemUTC(), LimitLedger.none(), signIns)) {
            String account = services.signIn(settings, "").await(shown::add);
            assertThat(account).isEqualTo(ALICE);
            assertThat(browser.finished().lastPage).contains("You can close this tab");
            assertThat(authServer.authorizeRequests.get(0)).contains("code_challenge_method=S256", "state=", "nonce=");
            assertThat(authServer.tokenRequests.get(0)).contains("grant_type=authorization_code", "code_verifier=");

            SmtpConfig signedIn = settings.withOAuth(settings.oauthSettings().orElseThrow(), account);
            assertThat(services.isSignedIn(signedIn)).isTrue();
            services.testConnection(signedIn);
            services.saveAndApply(signedIn);
            assertThat(services.demoMode()).isFalse();

            OtpService service = services.otpService().orElseThrow();
            assertThat(service.requestCode("bob@example.com")).isInstanceOf(RequestResult.Sent.class);
            assertThat(mail.waitForIncomingEmail(20_000, 1)).isTrue();
            assertThat(service.verify("bob@example.com", codeIn(mail.getReceivedMessages()[0])))
                    .isInstanceOf(VerifyResult.Verified.class);

            services.signOut(signedIn);
            assertThat(services.isSignedIn(signedIn)).isFalse();
        }
    }
}
