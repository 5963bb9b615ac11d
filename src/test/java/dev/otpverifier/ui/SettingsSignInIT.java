package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.swing.edt.GuiActionRunner.execute;
import static org.assertj.swing.timing.Pause.pause;
import static org.assertj.swing.timing.Timeout.timeout;

import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.OAuthConfig.Provider;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.otp.DeliveryException;
import java.awt.Component;
import java.awt.Toolkit;
import java.awt.datatransfer.DataFlavor;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.finder.JOptionPaneFinder;
import org.assertj.swing.finder.WindowFinder;
import org.assertj.swing.fixture.DialogFixture;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.timing.Condition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings dialog's sign-in with Microsoft or Google, driven with AssertJ Swing under a display
 * (Xvfb in CI). The browser and the authorization server are {@link TestAppServices}' stand-in
 * sign-in, which answers an account, a failure, or waits until it is cancelled; every Swing call off
 * the event dispatch thread fails the test ({@link FailOnThreadViolationRepaintManager}).
 */
class SettingsSignInIT {

    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";

    private Robot robot;
    private FrameFixture window;
    private TestAppServices services;

    @BeforeAll
    static void requireDisplayAndCheckThreads() {
        Gui.requireDisplay();
        FailOnThreadViolationRepaintManager.install();
    }

    @BeforeEach
    void createRobot() {
        robot = BasicRobot.robotWithNewAwtHierarchy();
        robot.settings().delayBetweenEvents(15);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (window != null) {
                window.cleanUp();
            }
            robot.cleanUp();
        } finally {
            if (services != null) {
                services.close();
            }
        }
    }

    /** Opens the main window with {@code appServices} and its settings dialog. */
    private DialogFixture openSettings(TestAppServices appServices) {
        services = appServices;
        OtpVerifierWindow frame = execute(() -> OtpVerifierWindow.show(appServices, new MemoryPreferences(), () -> { }));
        window = new FrameFixture(robot, frame);
        robot.waitForIdle();
        window.menuItemWithPath("File", "Settings…").click();
        return WindowFinder.findDialog("settings").withTimeout(5000).using(robot);
    }

    /** Chooses a Microsoft sign-in with a client ID, the From address emptied: the account fills it. */
    private static void chooseMicrosoft(DialogFixture settings) {
        settings.comboBox("signInMethod").selectItem("Microsoft account");
        settings.textBox("clientId").enterText(CLIENT);
    }

    private static boolean showing(DialogFixture settings, String name) {
        return execute(() -> settings.robot().finder().findByName(settings.target(), name, Component.class, false)
                .isShowing());
    }

    private static String status(DialogFixture settings) {
        return execute(() -> settings.textBox("signInStatus").target().getText());
    }

    private static String result(DialogFixture settings) {
        return execute(() -> showing(settings, "settingsResult")
                ? settings.textBox("settingsResult.text").target().getText() : "");
    }

    private static void awaitText(String what, Supplier<String> text, Predicate<String> test, String expectation) {
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
        }, timeout(20, TimeUnit.SECONDS));
    }

    private static void awaitStatus(DialogFixture settings, String expected) {
        awaitText("the sign-in status", () -> status(settings), text -> text.equals(expected), "is \"" + expected + "\"");
    }

    private static void awaitThat(String description, Supplier<Boolean> condition) {
        pause(new Condition(description) {
            @Override
            public boolean test() {
                return condition.get();
            }
        }, timeout(20, TimeUnit.SECONDS));
    }

    @Test
    void microsoftSignInFillsTheAccountAndFromAndSavesASignInConfiguration() {
        DialogFixture settings = openSettings(TestAppServices.working());
        settings.comboBox("signInMethod").requireSelection("Password / app password");
        assertThat(showing(settings, "password")).isTrue();
        assertThat(showing(settings, "clientId")).isFalse();
        settings.textBox("from").deleteText();

        settings.comboBox("signInMethod").selectItem("Microsoft account");
        assertThat(showing(settings, "password")).as("a sign-in has no password").isFalse();
        for (String name : new String[] {"clientId", "tenant", "issuer", "signIn", "signOut", "registrationHint"}) {
            assertThat(showing(settings, name)).as(name).isTrue();
        }
        assertThat(showing(settings, "clientSecret")).as("Microsoft's public clients have no secret").isFalse();
        settings.textBox("username").requireEmpty().requireNotEditable(); // "demo" is no account to sign in as
        settings.label("registrationHint").requireText(
                "From your own app registration; the app ships none. README: “Sign in with Microsoft or Google”.");
        settings.button("signIn").requireText("Sign in with Microsoft…").requireDisabled();
        settings.button("signOut").requireDisabled();
        assertThat(execute(() -> settings.label("settingsProblem").target().getText()))
                .contains("Client ID: enter the client ID of your own app registration");
        assertThat(status(settings)).isEqualTo("Not signed in.");

        services.nextSignInAccount = "alice@contoso.com";
        settings.textBox("clientId").enterText(CLIENT);
        settings.button("signIn").requireEnabled().click();

        awaitStatus(settings, "Signed in as alice@contoso.com — kept in the test's memory.");
        settings.textBox("username").requireText("alice@contoso.com").requireNotEditable();
        settings.textBox("from").requireText("alice@contoso.com");
        settings.button("signOut").requireEnabled();
        settings.button("signIn").requireText("Sign in with Microsoft…").requireEnabled();
        assertThat(showing(settings, "signInAddress")).as("the address goes once signed in").isFalse();
        assertThat(services.lastExpectedAccount).as("no From address yet: any account").isEmpty();
        assertThat(services.lastSignInSettings.oauthSettings())
                .contains(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "", ""));

        settings.button("save").requireEnabled().click();
        awaitText("the result", () -> result(settings), text -> text.startsWith("Saved to "), "says it was saved");
        SmtpConfig saved = services.lastSaved;
        assertThat(saved.oauthSettings()).contains(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "", ""));
        assertThat(saved.username()).isEqualTo("alice@contoso.com");
        assertThat(saved.password()).isEmpty();
        assertThat(saved.fromAddress()).isEqualTo("alice@contoso.com");
        assertThat(result(settings)).as("signed in: nothing to warn of").doesNotContain("Not signed in");
    }

    @Test
    void aFailedSignInShowsItsMessageAndChangesNothing() {
        DialogFixture settings = openSettings(TestAppServices.working());
        chooseMicrosoft(settings);
        settings.textBox("from").deleteText().enterText("bob@contoso.com");
        services.nextSignInFailure = new DeliveryException(DeliveryException.Reason.AUTHENTICATION,
                "You signed in as eve@contoso.com, but the From address is bob@contoso.com. Sign in as "
                        + "bob@contoso.com, or change the From address.", null);

        settings.button("signIn").click();

        awaitText("the result", () -> result(settings), text -> text.startsWith("You signed in as eve@contoso.com"),
                "names the account");
        assertThat(services.lastExpectedAccount).isEqualTo("bob@contoso.com");
        settings.textBox("username").requireEmpty();
        settings.textBox("from").requireText("bob@contoso.com");
        assertThat(status(settings)).isEqualTo("Not signed in.");
        settings.button("signIn").requireText("Sign in with Microsoft…").requireEnabled();
        settings.button("signOut").requireDisabled();
        settings.comboBox("signInMethod").requireEnabled();
    }

    @Test
    void cancelDuringASlowSignInReturnsTheDialogToWhereItWas() throws Exception {
        DialogFixture settings = openSettings(TestAppServices.working());
        chooseMicrosoft(settings);
        services.nextSignInWaitsForCancel = true;

        settings.button("signIn").click();

        awaitStatus(settings, "Waiting for you to sign in in your browser…");
        settings.button("signIn").requireText("Cancel sign-in").requireEnabled();
        settings.button("save").requireDisabled();
        settings.button("testConnection").requireDisabled();
        settings.comboBox("signInMethod").requireDisabled();
        settings.textBox("clientId").requireDisabled();
        awaitThat("the address to copy is offered", () -> showing(settings, "signInAddress"));
        String address = "https://login.example.com/authorize?client_id=" + CLIENT + "&state=test";
        settings.textBox("signInAddress").requireText(address).requireNotEditable();
        settings.button("copyAddress").click();
        settings.button("copyAddress").requireText("Copied");
        assertThat(Toolkit.getDefaultToolkit().getSystemClipboard().getData(DataFlavor.stringFlavor)).isEqualTo(address);

        settings.button("signIn").click();

        awaitStatus(settings, "Not signed in.");
        assertThat(services.lastSignInCancelled).isTrue();
        settings.button("signIn").requireText("Sign in with Microsoft…").requireEnabled();
        assertThat(showing(settings, "signInAddress")).isFalse();
        assertThat(showing(settings, "settingsResult")).as("Cancel is no failure to report").isFalse();
        settings.textBox("clientId").requireEnabled();
        settings.comboBox("signInMethod").requireEnabled();
        settings.button("save").requireEnabled();
    }

    @Test
    void closingTheDialogCancelsASignInThatWaits() {
        DialogFixture settings = openSettings(TestAppServices.working());
        chooseMicrosoft(settings);
        services.nextSignInWaitsForCancel = true;
        settings.button("signIn").click();
        awaitStatus(settings, "Waiting for you to sign in in your browser…");

        settings.close();
        JOptionPaneFinder.findOptionPane().withTimeout(5000).using(robot).buttonWithText("Discard").click();

        awaitThat("the dialog is closed", () -> !execute(() -> settings.target().isShowing()));
        awaitThat("the sign-in is cancelled", () -> services.lastSignInCancelled);
    }

    @Test
    void openingShowsTheSavedSignInAndSignOutForgetsIt() {
        OAuthConfig oauth = new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "contoso.onmicrosoft.com", "");
        TestAppServices signedIn = TestAppServices.sendingWith(config -> config.withOAuth(oauth, "alice@contoso.com"));
        signedIn.signedIn.add("alice@contoso.com");
        DialogFixture settings = openSettings(signedIn);

        settings.comboBox("signInMethod").requireSelection("Microsoft account");
        settings.textBox("clientId").requireText(CLIENT);
        settings.textBox("tenant").requireText("contoso.onmicrosoft.com");
        settings.textBox("username").requireText("alice@contoso.com").requireNotEditable();
        awaitStatus(settings, "Signed in as alice@contoso.com — kept in the test's memory.");

        settings.textBox("tenant").deleteText().enterText("fabrikam.com");
        assertThat(status(settings)).as("a sign-in with another tenant is another sign-in").isEqualTo("Not signed in.");
        settings.button("signOut").requireDisabled();
        settings.textBox("tenant").deleteText().enterText("contoso.onmicrosoft.com");
        assertThat(status(settings)).startsWith("Signed in as alice@contoso.com");

        settings.button("signOut").requireEnabled().click();

        awaitStatus(settings, "Not signed in.");
        assertThat(services.lastSignOutSettings.username()).isEqualTo("alice@contoso.com");
        assertThat(services.signedIn).isEmpty();
        settings.button("signOut").requireDisabled();

        settings.textBox("fromName").deleteText().enterText("Alice");
        settings.button("save").requireEnabled().click();
        awaitText("the result", () -> result(settings), text -> text.startsWith("Saved to "), "says it was saved");
        assertThat(result(settings)).endsWith(
                "Not signed in yet: sign in with Microsoft before codes can be sent.");
        assertThat(services.lastSaved.oauthSettings()).contains(oauth);
        assertThat(services.lastSaved.username()).isEqualTo("alice@contoso.com");
    }

    @Test
    void presetsChooseTheMethodAndGoogleNeedsItsSecret() {
        DialogFixture settings = openSettings(TestAppServices.working());
        settings.comboBox("provider").selectItem("Outlook / Microsoft 365");
        settings.comboBox("signInMethod").requireSelection("Microsoft account");
        assertThat(execute(() -> settings.comboBox("signInMethod").target().getItemCount())).isEqualTo(2);

        settings.comboBox("provider").selectItem("Gmail");
        settings.comboBox("signInMethod").requireSelection("Password / app password").requireEnabled();
        assertThat(showing(settings, "password")).isTrue();
        settings.comboBox("signInMethod").selectItem("Google account");
        assertThat(showing(settings, "clientSecret")).isTrue();
        assertThat(showing(settings, "tenant")).as("Google has no tenant").isFalse();
        settings.button("signIn").requireText("Sign in with Google…");
        settings.textBox("clientId").enterText("123-abc.apps.googleusercontent.com");
        settings.button("signIn").requireDisabled();
        assertThat(execute(() -> settings.label("settingsProblem").target().getText()))
                .contains("Client secret: enter the client secret of your Google “Desktop app” client");
        settings.textBox("clientSecret").enterText("GOCSPX-secret");
        settings.button("signIn").requireEnabled();

        settings.comboBox("provider").selectItem("Yahoo");
        settings.comboBox("signInMethod").requireSelection("Password / app password").requireDisabled();
        assertThat(showing(settings, "clientId")).isFalse();
        assertThat(showing(settings, "password")).isTrue();
    }
}
