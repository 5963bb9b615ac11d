package dev.otpverifier.app;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.otpverifier.auth.ScriptedAuthServer;
import dev.otpverifier.auth.TokenRefreshTest;
import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.mail.GreenMailTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.swing.edt.GuiActionRunner.execute;
import static org.assertj.swing.timing.Pause.pause;
import static org.assertj.swing.timing.Timeout.timeout;

import dev.otpverifier.auth.BrowserSignIn;
import dev.otpverifier.auth.FileTokenStore;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.ui.OtpVerifierWindow;
import java.awt.Component;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.prefs.AbstractPreferences;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.finder.WindowFinder;
import org.assertj.swing.fixture.DialogFixture;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.timing.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings dialog's sign-in with the app's real parts behind it: {@link DesktopServices}, the
 * {@code auth} package's browser sign-in with PKCE against a real authorization server in this JVM
 * (mock-oauth2-server on 127.0.0.1), the owner-only token file, and the configuration writer. Only
 * the person's browser is a stand-in, which follows the sign-in page's redirects as a browser does.
 * Runs under a display (Xvfb in CI), like the other window tests.
 */
class SettingsSignInEndToEndIT {

    private static final String TENANT = "contoso";
    private static final String CLIENT = "test-client-id";
    private static final String ALICE = "alice@example.com";

    @TempDir
    Path dir;

    private MockOAuth2Server server;
    private Robot robot;
    private FrameFixture window;
    private DesktopServices services;

    @BeforeAll
    static void requireDisplayAndCheckThreads() {
        if (GraphicsEnvironment.isHeadless()) {
            // The same rule as dev.otpverifier.ui.Gui: a CI run demands a display.
            if (Boolean.getBoolean("otp.gui.required")) {
                throw new AssertionError("GUI tests are required (-Dotp.gui.required=true) but there is no display");
            }
            Assumptions.abort("GUI test skipped: no display");
        }
        FailOnThreadViolationRepaintManager.install();
    }

    @BeforeEach
    void start() throws Exception {
        server = new MockOAuth2Server();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        robot = BasicRobot.robotWithNewAwtHierarchy();
        robot.settings().delayBetweenEvents(15);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (window != null) {
                window.cleanUp();
            }
            robot.cleanUp();
            if (services != null) {
                services.close();
            }
        } finally {
            server.shutdown();
        }
    }

    @Test
    void signingInFromTheDialogKeepsTheSignInOutOfTheFileAndSignOutForgetsIt() throws Exception {
        Path configFile = dir.resolve("config.properties");
        Path tokenFile = dir.resolve("state").resolve("sign-in.properties");
        SignIns signIns = new SignIns(() -> new FileTokenStore(tokenFile), new StandInBrowser(), Clock.systemUTC());
        services = DesktopServices.demo(configFile, Clock.systemUTC(), LimitLedger.none(), signIns);
        server.enqueueCallback(new DefaultOAuth2TokenCallback(TENANT, "subject-1", "JWT", List.of(CLIENT),
                Map.of("preferred_username", ALICE), 3600));
        String issuer = server.issuerUrl(TENANT).toString();

        DialogFixture settings = openSettings();
        settings.comboBox("provider").selectItem("Outlook / Microsoft 365");
        settings.comboBox("signInMethod").requireSelection("Microsoft account");
        settings.textBox("clientId").enterText(CLIENT);
        settings.textBox("issuer").enterText(issuer);
        settings.button("signIn").requireEnabled().click();

        awaitText("the sign-in status", () -> text(settings, "signInStatus"),
                status -> status.startsWith("Signed in as " + ALICE + " — kept in a file only you can read ("
                        + tokenFile), "names the account and the token file");
        settings.textBox("username").requireText(ALICE);
        settings.textBox("from").requireText(ALICE);
        assertThat(Files.readString(tokenFile)).as("the refresh token is kept").isNotBlank();

        settings.button("save").requireEnabled().click();
        awaitText("the result", () -> text(settings, "settingsResult.text"), text -> text.startsWith("Saved to "),
                "says it was saved");
        Properties saved = properties(configFile);
        assertThat(saved).containsEntry("smtp.auth", "oauth2").containsEntry("oauth.provider", "microsoft")
                .containsEntry("oauth.client.id", CLIENT).containsEntry("oauth.issuer", issuer)
                .containsEntry("smtp.username", ALICE).containsEntry("smtp.host", "smtp.office365.com");
        assertThat(saved.getProperty("smtp.password", "")).isEmpty();
        assertThat(properties(tokenFile)).hasSize(1);
        String token = properties(tokenFile).values().iterator().next().toString();
        assertThat(Files.readString(configFile)).as("no token in the configuration file").doesNotContain(token);
        settings.button("cancel").requireText("Close").click();

        DialogFixture again = openSettingsAgain();
        again.comboBox("signInMethod").requireSelection("Microsoft account");
        awaitText("the sign-in status", () -> text(again, "signInStatus"),
                status -> status.startsWith("Signed in as " + ALICE), "found in the token file on opening");

        again.button("signOut").requireEnabled().click();

        awaitText("the sign-in status", () -> text(again, "signInStatus"), status -> status.equals("Not signed in."),
                "says so");
        assertThat(properties(tokenFile)).as("the token is forgotten").isEmpty();
    }

    @Test
    void aCodeIsSentWithXoauth2FromTheWindowAfterSigningInInTheDialog() throws Exception {
        DemoCertificate certificate = GreenMailTls.certificate();
        GreenMail mail = new GreenMail(ServerSetupTest.SMTPS.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser(ALICE, ALICE, "access-from-sign-in"));
        mail.start();
        try (ScriptedAuthServer scripted = new ScriptedAuthServer()) {
            // The scripted server's token is known in advance, so GreenMail can take it as the password.
            scripted.answersForNonce.add(nonce -> ScriptedAuthServer.Answer.tokens("access-from-sign-in", "refresh-1",
                    TokenRefreshTest.idToken(scripted.issuer(), ALICE, nonce)));
            SignIns signIns = new SignIns(() -> new FileTokenStore(dir.resolve("state").resolve("sign-in.properties")),
                    new StandInBrowser(), Clock.systemUTC());
            services = DesktopServices.demo(dir.resolve("config.properties"), Clock.systemUTC(), LimitLedger.none(),
                    signIns);

            DialogFixture settings = openSettings();
            settings.comboBox("provider").selectItem("Custom");
            settings.textBox("host").deleteText().enterText("127.0.0.1");
            settings.comboBox("security").selectItem(1);
            settings.textBox("port").deleteText().enterText(Integer.toString(mail.getSmtps().getPort()));
            settings.textBox("trust").setText(certificate.certificate().toString());
            settings.textBox("timeout").deleteText().enterText("10");
            settings.comboBox("signInMethod").selectItem("Microsoft account");
            settings.textBox("clientId").enterText("client-1");
            settings.textBox("issuer").enterText(scripted.issuer().toString());
            settings.button("signIn").requireEnabled().click();
            awaitText("the sign-in status", () -> text(settings, "signInStatus"),
                    status -> status.startsWith("Signed in as " + ALICE), "names the account");
            settings.button("save").requireEnabled().click();
            awaitText("the result", () -> text(settings, "settingsResult.text"), text -> text.startsWith("Saved to "),
                    "says it was saved");
            settings.button("cancel").requireText("Close").click();

            window.textBox("email").enterText("bob@example.com");
            window.button("send").requireEnabled().click();
            assertThat(mail.waitForIncomingEmail(20_000, 1)).as("GreenMail took the XOAUTH2 login and the message")
                    .isTrue();
            java.util.regex.Matcher code = java.util.regex.Pattern.compile("(\\d{6}) is your verification code")
                    .matcher(mail.getReceivedMessages()[0].getSubject());
            assertThat(code.find()).isTrue();
            awaitText("the code field", () -> execute(() -> window.textBox("code").target().isEnabled() ? "ready" : ""),
                    "ready"::equals, "is ready");
            window.textBox("code").enterText(code.group(1));
            awaitText("the status", () -> execute(() -> window.robot().finder()
                    .findByName(window.target(), "status.text", javax.swing.JTextArea.class, false).getText()),
                    status -> status.contains("is verified"), "says verified");
            assertThat(scripted.tokenRequests).as("one token request: the sign-in's token serves the send")
                    .hasSize(1);
        } finally {
            mail.stop();
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        return properties;
    }

    private DialogFixture openSettings() {
        OtpVerifierWindow frame = execute(() -> OtpVerifierWindow.show(services, new MemoryPreferences(), () -> { }));
        window = new FrameFixture(robot, frame);
        robot.waitForIdle();
        return openSettingsAgain();
    }

    private DialogFixture openSettingsAgain() {
        window.menuItemWithPath("File", "Settings…").click();
        return WindowFinder.findDialog("settings").withTimeout(5000).using(robot);
    }

    private static String text(DialogFixture dialog, String name) {
        return execute(() -> {
            Component component = dialog.robot().finder().findByName(dialog.target(), name, Component.class, false);
            return component.isShowing() ? ((javax.swing.text.JTextComponent) component).getText() : "";
        });
    }

    private static void awaitText(String what, Supplier<String> text, java.util.function.Predicate<String> test,
            String expectation) {
        pause(new Condition(what + " " + expectation) {
            private String last = "";

            @Override
            public boolean test() {
                last = text.get();
                return test.test(last);
            }

            @Override
            protected String descriptionAddendum() {
                return "; last seen: \"" + last + "\"";
            }
        }, timeout(30, TimeUnit.SECONDS));
    }

    /**
     * Stands in for the person's browser: follows the sign-in page's redirects, the last one to
     * the app's listener on this computer, on a thread of its own as a real browser would.
     */
    private static final class StandInBrowser implements BrowserSignIn.Browser {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        @Override
        public void open(URI address) {
            Thread thread = new Thread(() -> follow(address), "stand-in-browser");
            thread.setDaemon(true);
            thread.start();
        }

        private void follow(URI address) {
            URI next = address;
            try {
                for (int hop = 0; hop < 10 && next != null; hop++) {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(next).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    next = response.headers().firstValue("Location").map(response.uri()::resolve).orElse(null);
                }
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("the stand-in browser failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Preferences kept in memory, so the test neither reads nor leaves anything in the user's real ones. */
    private static final class MemoryPreferences extends AbstractPreferences {
        private final Map<String, String> values = new HashMap<>();
        private final Map<String, MemoryPreferences> children = new HashMap<>();

        MemoryPreferences() {
            this(null, "");
        }

        private MemoryPreferences(MemoryPreferences parent, String name) {
            super(parent, name);
        }

        @Override
        protected void putSpi(String key, String value) {
            values.put(key, value);
        }

        @Override
        protected String getSpi(String key) {
            return values.get(key);
        }

        @Override
        protected void removeSpi(String key) {
            values.remove(key);
        }

        @Override
        protected void removeNodeSpi() {
            values.clear();
        }

        @Override
        protected String[] keysSpi() {
            return values.keySet().toArray(new String[0]);
        }

        @Override
        protected String[] childrenNamesSpi() {
            return children.keySet().toArray(new String[0]);
        }

        @Override
        protected AbstractPreferences childSpi(String name) {
            return children.computeIfAbsent(name, child -> new MemoryPreferences(this, child));
        }

        @Override
        protected void syncSpi() {
            // nothing to write
        }

        @Override
        protected void flushSpi() {
            // nothing to write
        }
    }
}
