package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.swing.edt.GuiActionRunner.execute;
import static org.assertj.swing.timing.Pause.pause;
import static org.assertj.swing.timing.Timeout.timeout;

import com.formdev.flatlaf.FlatClientProperties;
import com.formdev.flatlaf.FlatLaf;
import dev.otpverifier.config.ConfigException;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.testing.Ports;
import dev.otpverifier.ui.common.AppIcon;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.inbox.InboxWindow;
import java.awt.Component;
import java.awt.KeyboardFocusManager;
import java.awt.Toolkit;
import java.awt.datatransfer.StringSelection;
import java.awt.event.KeyEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.swing.JEditorPane;
import javax.swing.JFrame;
import javax.swing.JTextArea;
import javax.swing.SwingUtilities;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.KeyPressInfo;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.finder.JOptionPaneFinder;
import org.assertj.swing.finder.WindowFinder;
import org.assertj.swing.fixture.DialogFixture;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.fixture.JOptionPaneFixture;
import org.assertj.swing.timing.Condition;
import org.assertj.swing.util.Modifiers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives the real window with AssertJ Swing under a display (Xvfb in CI), sending real mail over
 * STARTTLS with a login to a server on 127.0.0.1. Every Swing call off the event dispatch thread
 * fails the test ({@link FailOnThreadViolationRepaintManager}).
 */
class OtpVerifierWindowIT {

    /** AssertJ Swing takes the old-style modifier masks ({@code InputEvent.ALT_MASK}), not the *_DOWN_MASK ones. */
    private static final int ALT = Modifiers.maskFor(KeyEvent.VK_ALT);
    private static final int CTRL = Modifiers.maskFor(KeyEvent.VK_CONTROL);

    private Robot robot;
    private FrameFixture window;
    private TestAppServices services;
    private MemoryPreferences preferences;

    @BeforeAll
    static void requireDisplayAndCheckThreads() {
        Gui.requireDisplay();
        FailOnThreadViolationRepaintManager.install();
    }

    @BeforeEach
    void createRobot() {
        robot = BasicRobot.robotWithNewAwtHierarchy();
        robot.settings().delayBetweenEvents(15);
        preferences = new MemoryPreferences();
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

    private FrameFixture open(TestAppServices appServices) {
        services = appServices;
        OtpVerifierWindow frame = execute(() -> OtpVerifierWindow.show(appServices, preferences, () -> { }));
        window = new FrameFixture(robot, frame);
        robot.waitForIdle();
        return window;
    }

    private String status() {
        return execute(() -> {
            JTextArea text = window.robot().finder().findByName(window.target(), "status.text", JTextArea.class, false);
            return text.isShowing() ? text.getText() : "";
        });
    }

    private void awaitStatus(String expected) {
        awaitText("status", this::status, text -> text.contains(expected), "contains \"" + expected + "\"");
    }

    private void awaitResult(DialogFixture settings, String expectedStart) {
        awaitText("settings result", () -> execute(() -> settings.textBox("settingsResult.text").target().getText()),
                text -> text.startsWith(expectedStart), "starts with \"" + expectedStart + "\"");
    }

    /** Waits until {@code text} passes {@code test}; a timeout shows the last text seen. */
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
        }, timeout(20, TimeUnit.SECONDS));
    }

    private static void awaitThat(String description, Supplier<Boolean> condition) {
        pause(new Condition(description) {
            @Override
            public boolean test() {
                return condition.get();
            }
        }, timeout(20, TimeUnit.SECONDS));
    }

    /** The button is showing and has a mnemonic, an accessible name and an accessible description. */
    private void requireAccessibleButton(String name) {
        javax.swing.JButton button = window.button(name).requireVisible().target();
        assertThat(execute(button::getMnemonic)).as(name + " mnemonic").isNotZero();
        assertThat(execute(() -> button.getAccessibleContext().getAccessibleName())).as(name).isNotBlank();
        assertThat(execute(() -> button.getAccessibleContext().getAccessibleDescription())).as(name).isNotBlank();
    }

    private static String wrong(String code) {
        return String.format(Locale.ROOT, "%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private void sendTo(String address) {
        window.textBox("email").enterText(address);
        window.button("send").requireEnabled().click();
        awaitStatus("Code sent to " + address.charAt(0) + "***@");
    }

    @Test
    void happyPathSendsARealMessageAndVerifiesItsCode() throws Exception {
        open(TestAppServices.working());
        window.requireTitle("OTP Verifier");
        window.textBox("email").requireFocused().requireEmpty();
        window.button("send").requireDisabled();

        window.textBox("email").enterText("alice@example.com");
        window.button("send").requireEnabled().requireText("Send code").click();
        awaitStatus("Code sent to a***@example.com");

        window.textBox("code").requireFocused().requireEditable();
        window.label("expiry").requireText("Expires in 10:00");
        window.button("send").requireText("Resend in 0:30").requireDisabled();
        String code = services.awaitCode(1);
        assertThat(status()).doesNotContain(code);

        window.textBox("code").enterText(code);
        awaitStatus("a***@example.com is verified");
        window.textBox("email").requireNotEditable();
        window.textBox("code").requireNotEditable();
        window.button("send").requireDisabled();
        window.button("verify").requireDisabled();
        window.button("startOver").requireVisible().requireEnabled();
        requireAccessibleButton("startOver");
        assertThat(execute(() -> window.textBox("code").target().getClientProperty(FlatClientProperties.OUTLINE)))
                .isEqualTo(FlatClientProperties.OUTLINE_SUCCESS);

        window.button("startOver").click();
        window.textBox("email").requireEmpty().requireEditable().requireFocused();
        window.textBox("code").requireEmpty().requireDisabled();
    }

    @Test
    void invalidAddressIsOutlinedWhileTypingGoesOn() {
        open(TestAppServices.working());
        window.textBox("email").enterText("alice@exa");
        assertThat(execute(() -> window.textBox("email").target().getClientProperty(FlatClientProperties.OUTLINE)))
                .isEqualTo(FlatClientProperties.OUTLINE_ERROR);
        window.button("send").requireDisabled();
        assertThat(status()).as("typing goes on undisturbed").isEmpty();
        robot.pressAndReleaseKey(KeyEvent.VK_ENTER);
        awaitStatus("That is not an address a code can be sent to");
        window.textBox("email").enterText("mple.com");
        window.textBox("email").requireText("alice@example.com");
        awaitThat("the explanation is gone once the address is one", () -> status().isEmpty());
        assertThat(execute(() -> window.textBox("email").target().getClientProperty(FlatClientProperties.OUTLINE)))
                .isNull();
        window.button("send").requireEnabled();
    }

    @Test
    void wrongCodeSaysHowManyAttemptsAreLeftAndTheRightOneStillWorks() throws Exception {
        open(TestAppServices.working());
        sendTo("alice@example.com");
        String code = services.awaitCode(1);

        window.textBox("code").enterText(wrong(code));
        awaitStatus("Wrong code. 4 attempts left.");
        window.textBox("code").requireEditable().requireFocused();
        window.button("send").requireText("Resend in 0:30");
        // The sixth digit checked it already: Enter, or Verify, must not spend an attempt on it again.
        window.button("verify").requireDisabled();
        robot.pressAndReleaseKey(KeyEvent.VK_ENTER);
        robot.waitForIdle();
        Thread.sleep(300); // a second check, if one were made, would answer within this
        robot.waitForIdle();
        assertThat(status()).contains("Wrong code. 4 attempts left.");

        window.textBox("code").enterText(code);
        awaitStatus("is verified");
    }

    @Test
    void changingTheAddressClearsTheDigitsTypedForTheOldOne() throws Exception {
        open(TestAppServices.working());
        sendTo("alice@example.com");
        String code = services.awaitCode(1);
        window.textBox("code").enterText(code.substring(0, 3));
        window.textBox("email").deleteText().enterText("bob@example.com");
        window.textBox("code").requireEmpty().requireDisabled();
    }

    @Test
    void expiredCodeIsAnnouncedAndANewOneCanBeSent() throws Exception {
        open(TestAppServices.working());
        sendTo("alice@example.com");
        String first = services.awaitCode(1);

        services.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        awaitStatus("This code has expired. Send a new one.");
        window.label("expiry").requireText("Expired");
        window.textBox("code").enterText(first);
        awaitThat("the expired code is refused", () -> execute(() -> window.textBox("code").target().isEditable()));
        assertThat(status()).contains("expired").doesNotContain("verified");

        requireAccessibleButton("resend");
        window.button("resend").requireEnabled().click();
        String second = services.awaitCode(2);
        awaitStatus("Code sent to a***@example.com");
        window.label("expiry").requireText("Expires in 10:00");
        window.textBox("code").requireEmpty().enterText(second);
        awaitStatus("is verified");
    }

    @Test
    void pastedTextWithOneSpacedCodeIsCleanedAndVerifiedAndLettersAreRefused() throws Exception {
        open(TestAppServices.working());
        sendTo("alice@example.com");
        String code = services.awaitCode(1);

        window.textBox("code").enterText("12a");
        window.textBox("code").requireText("12");
        window.textBox("code").deleteText();

        String line = "Your verification code is " + code.substring(0, 3) + " " + code.substring(3) + ".";
        Toolkit.getDefaultToolkit().getSystemClipboard().setContents(new StringSelection(line), null);
        window.textBox("code").focus();
        window.textBox("code").pressAndReleaseKey(KeyPressInfo.keyCode(KeyEvent.VK_V)
                .modifiers(CTRL));
        awaitStatus("is verified");
        window.textBox("code").requireText(code);
    }

    @Test
    void codeOnTheClipboardIsOfferedWhenTheWindowRegainsFocus() throws Exception {
        open(TestAppServices.working());
        sendTo("alice@example.com");
        String code = services.awaitCode(1);
        window.textBox("code").enterText(wrong(code)); // mistyped: the offer matters most now
        awaitStatus("Wrong code");
        Toolkit.getDefaultToolkit().getSystemClipboard().setContents(
                new StringSelection(code + " is your verification code"), null);

        JFrame other = execute(() -> {
            JFrame frame = new JFrame("Mail client");
            frame.setBounds(40, 40, 300, 200);
            frame.setVisible(true);
            return frame;
        });
        FrameFixture otherFixture = new FrameFixture(robot, other);
        otherFixture.focus();
        awaitThat("the other window has the focus", () -> execute(() -> other.isFocused()));
        window.focus();
        awaitThat("the clipboard offer appears", () -> execute(() ->
                window.robot().finder().findByName(window.target(), "clipboardOffer", Component.class, false)
                        .isShowing()));
        window.textBox("code").requireText(wrong(code));
        requireAccessibleButton("fillCode");
        window.button("fillCode").click();
        awaitStatus("is verified");
        window.textBox("code").requireText(code);
        otherFixture.cleanUp();
    }

    @Test
    void keyboardAloneGoesFromAddressToVerifiedAndBack() throws Exception {
        open(TestAppServices.working());
        robot.enterText("alice@example.com");
        robot.pressAndReleaseKey(KeyEvent.VK_TAB);
        window.button("send").requireFocused();
        robot.pressAndReleaseKey(KeyEvent.VK_SPACE);
        awaitStatus("Code sent to a***@example.com");
        window.textBox("code").requireFocused();
        String code = services.awaitCode(1);

        robot.enterText(wrong(code));
        awaitStatus("Wrong code");
        window.textBox("code").requireFocused();
        robot.enterText(code);
        awaitStatus("is verified");
        // The sixth digit verifies; an Enter typed out of habit right after it keeps the result.
        window.textBox("code").requireFocused();
        robot.pressAndReleaseKey(KeyEvent.VK_ENTER);
        robot.waitForIdle();
        assertThat(status()).contains("a***@example.com is verified");
        window.textBox("code").requireText(code);
        assertThat(execute(() -> ((javax.swing.JFrame) window.target()).getRootPane().getDefaultButton())).isNull();

        robot.pressAndReleaseKey(KeyEvent.VK_O, ALT);
        window.textBox("email").requireFocused().requireEmpty();

        robot.enterText("bob@example.com");
        robot.pressAndReleaseKey(KeyEvent.VK_ENTER);
        awaitStatus("Code sent to b***@example.com");
        String second = services.awaitCode(2);
        robot.pressAndReleaseKey(KeyEvent.VK_E, ALT);
        window.textBox("email").requireFocused();
        robot.pressAndReleaseKey(KeyEvent.VK_C, ALT);
        window.textBox("code").requireFocused();
        robot.enterText(second.substring(0, 5));
        window.button("verify").requireDisabled();
        robot.enterText(second.substring(5));
        awaitStatus("b***@example.com is verified");
    }

    @Test
    void everyControlHasAnAccessibleNameAndTheButtonsHaveMnemonics() {
        open(TestAppServices.working());
        for (String name : List.of("email", "send", "code", "verify")) {
            Component component = execute(() -> window.robot().finder().findByName(window.target(), name,
                    Component.class, false));
            assertThat(execute(() -> component.getAccessibleContext().getAccessibleName())).as(name).isNotBlank();
            assertThat(execute(() -> component.getAccessibleContext().getAccessibleDescription())).as(name)
                    .isNotBlank();
        }
        for (String name : List.of("send", "verify")) {
            assertThat(execute(() -> window.button(name).target().getMnemonic())).as(name).isNotZero();
        }
        assertThat(execute(() -> window.label("expiry").target().getAccessibleContext().getAccessibleName()))
                .isNotBlank();
    }

    @Test
    void wrongPasswordShowsTheServersMessageAndTheWindowStaysUsable() throws Exception {
        open(TestAppServices.sendingWith(settings -> new SmtpConfig(settings.host(), settings.port(),
                settings.security(), settings.username(), "not-the-password", false, settings.trustCertificate(),
                settings.timeout(), settings.retryBackoff(), settings.fromAddress(), settings.fromName())));
        window.textBox("email").enterText("alice@example.com");
        window.button("send").click();
        awaitStatus("The code could not be sent.");
        assertThat(status()).contains("refused the user name or password").contains("app password")
                .doesNotContain("not-the-password");

        window.textBox("email").requireText("alice@example.com").requireEditable();
        window.button("send").requireEnabled().requireText("Send code");
        window.textBox("code").requireDisabled();
        window.textBox("email").deleteText().enterText("bob@example.com");
        window.button("send").requireEnabled().click();
        awaitThat("the second failure is shown", () -> status().contains("refused the user name or password")
                && execute(() -> window.button("send").target().isEnabled()));
        assertThat(services.server().acceptedCount()).isZero();
    }

    @Test
    void unreachableServerShowsItsMessage() {
        int closed = Ports.closedPort();
        open(TestAppServices.sendingWith(settings -> new SmtpConfig(settings.host(), closed, settings.security(),
                settings.username(), settings.password(), false, settings.trustCertificate(), settings.timeout(),
                settings.retryBackoff(), settings.fromAddress(), settings.fromName())));
        window.textBox("email").enterText("alice@example.com");
        window.button("send").click();
        awaitStatus("Could not connect to 127.0.0.1 on port " + closed);
        window.button("send").requireEnabled();
    }

    @Test
    void aMaximisedWindowKeepsItsFormReadableAndTheInboxOffIt() throws Exception {
        open(TestAppServices.demo());
        FrameFixture inbox = WindowFinder.findFrame("inbox").withTimeout(5000).using(robot);
        inbox.requireVisible();
        int limit = execute(() -> com.formdev.flatlaf.util.UIScale.scale(ReadableColumn.MAX_WIDTH));
        execute(() -> window.target().setExtendedState(java.awt.Frame.MAXIMIZED_BOTH));
        awaitThat("the window is maximised", () -> execute(() -> window.target().getWidth() > limit + 500));
        awaitThat("the form stays at a readable width", () -> execute(
                () -> window.textBox("email").target().getWidth() < limit));
        // The inbox left over the form below the address (as after a maximise that covers its old
        // place) moves off it when the code arrives.
        execute(() -> {
            java.awt.Component email = window.textBox("email").target();
            java.awt.Point below = SwingUtilities.convertPoint(email, 0, email.getHeight() + 10, window.target());
            inbox.target().setLocation(window.target().getX() + below.x, window.target().getY() + below.y);
        });
        awaitThat("the inbox covers the code field", () -> execute(() -> inbox.target().getBounds().intersects(
                new java.awt.Rectangle(window.textBox("code").target().getLocationOnScreen(),
                        window.textBox("code").target().getSize()))));

        sendTo("alice@example.com");
        awaitThat("the message arrived", () -> execute(() -> ((InboxWindow) inbox.target()).messageCount() == 1));
        for (String name : List.of("code", "verify", "status")) {
            java.awt.Rectangle part = execute(() -> {
                java.awt.Component component = robot.finder().findByName(window.target(), name, false);
                return new java.awt.Rectangle(component.getLocationOnScreen(), component.getSize());
            });
            assertThat(execute(() -> inbox.target().getBounds().intersects(part)))
                    .as("the inbox leaves " + name + " in sight").isFalse();
        }
    }

    @Test
    void demoModeShowsTheBannerAndTheInboxWithoutTakingTheFocus() throws Exception {
        open(TestAppServices.demo());
        window.textBox("banner.text").requireText(
                "Demo mode: codes go to the built-in inbox, not to the real address.");
        requireAccessibleButton("setUpRealEmail");
        requireAccessibleButton("showInbox");
        FrameFixture inbox = WindowFinder.findFrame("inbox").withTimeout(5000).using(robot);
        inbox.requireVisible();
        assertThat(execute(() -> inbox.target().getBounds().intersects(window.target().getBounds())))
                .as("the inbox is beside the main window, not over it").isFalse();
        window.textBox("email").requireFocused();
        assertThat(execute(() -> window.target().getIconImages())).as("the app's icon, not Java's")
                .isEqualTo(AppIcon.images());
        assertThat(execute(() -> inbox.target().getIconImages())).isEqualTo(AppIcon.images());

        sendTo("alice@example.com");
        String code = services.awaitCode(1);
        awaitThat("the inbox lists the message", () -> execute(() -> inbox.list("inboxList").target()
                .getModel().getSize() == 1));
        inbox.label("inboxSubject").requireText(code + " is your verification code");
        int[] listAndRow = execute(() -> {
            javax.swing.JList<?> list = inbox.list("inboxList").target();
            return new int[] {list.getParent().getHeight(), list.getCellBounds(0, 0).height};
        });
        assertThat(listAndRow[0]).as("room for whole messages, not two and a half")
                .isEqualTo(InboxWindow.VISIBLE_MESSAGES * listAndRow[1]);
        String html = execute(() -> {
            JEditorPane pane = inbox.robot().finder().findByName(inbox.target(), "inboxHtml", JEditorPane.class, false);
            return pane.getDocument().getText(0, pane.getDocument().getLength());
        });
        assertThat(html).contains(code);
        assertThat(execute(() -> inbox.robot().finder().findByName(inbox.target(), "inboxText", JTextArea.class, false)
                .getText())).contains(code);
        assertThat(execute(() -> KeyboardFocusManager.getCurrentKeyboardFocusManager().getFocusOwner()))
                .isSameAs(window.textBox("code").target());

        window.textBox("code").enterText(code);
        awaitStatus("is verified");
    }

    @Test
    void setUpRealEmailFromDemoModeSavesAndSendsThroughTheNewServer() throws Exception {
        open(TestAppServices.demo());
        try (DemoMailServer real = DemoMailServer.start(Clock.systemUTC())) {
            WindowFinder.findFrame("inbox").withTimeout(5000).using(robot).requireVisible();
            window.button("setUpRealEmail").click();
            DialogFixture settings = WindowFinder.findDialog("settings").withTimeout(5000).using(robot);
            java.nio.file.Path file = services.settingsFile().orElseThrow();
            settings.label("settingsFile").requireVisible()
                    .requireText("Not saved yet: will be saved to " + file);
            fillSettings(settings, real);
            settings.button("save").requireEnabled().click();
            awaitResult(settings, "Saved to ");
            assertThat(execute(() -> settings.textBox("settingsResult.text").target().getText()))
                    .startsWith("Saved to " + services.savedFile().orElseThrow());
            assertThat(services.savedFile()).contains(file);
            settings.label("settingsFile").requireText("Settings file: " + file);
            settings.button("cancel").requireText("Close").click();
            awaitThat("the banner is gone", () -> !execute(() -> window.robot().finder()
                    .findByName(window.target(), "banner", Component.class, false).isShowing()));
            awaitThat("the demo inbox is closed", () -> execute(() -> java.util.Arrays.stream(java.awt.Frame.getFrames())
                    .noneMatch(frame -> "inbox".equals(frame.getName()) && frame.isShowing())));

            sendTo("carol@example.com");
            assertThat(real.inbox().awaitCount(1, 20, TimeUnit.SECONDS)).isTrue();
            assertThat(real.inbox().messages().get(0).envelopeTo()).isEqualTo("carol@example.com");
            assertThat(services.server().acceptedCount()).isZero();
        }
    }

    @Test
    void aDemoCodeDoesNotVerifyOnceRealEmailIsSetUp() throws Exception {
        open(TestAppServices.demo());
        try (DemoMailServer real = DemoMailServer.start(Clock.systemUTC())) {
            sendTo("carol@example.com");
            String demoCode = services.awaitCode(1);
            awaitStatus("It is in the demo inbox");

            window.button("setUpRealEmail").click();
            DialogFixture settings = WindowFinder.findDialog("settings").withTimeout(5000).using(robot);
            fillSettings(settings, real);
            settings.button("save").requireEnabled().click();
            awaitResult(settings, "Saved to ");
            settings.button("cancel").requireText("Close").click();

            awaitStatus("Mail settings changed: send a new code");
            window.textBox("code").requireDisabled().requireEmpty();
            window.button("send").requireEnabled().click();
            awaitStatus("A code was sent moments ago"); // the switch lifted no limit
            services.clock.advance(Duration.ofSeconds(30));
            window.button("send").click();
            assertThat(real.inbox().awaitCount(1, 20, TimeUnit.SECONDS)).isTrue();
            String realCode = codeOf(real);
            assertThat(realCode).isNotEqualTo(demoCode);
            awaitThat("the code field is ready", () -> execute(() -> window.textBox("code").target().isEnabled()));

            window.textBox("code").enterText(demoCode);
            awaitStatus("That code was sent through the old mail settings, so it no longer works");
            assertThat(status()).doesNotContain("Wrong code").doesNotContain("verified");
            window.textBox("code").deleteText().enterText(TestSupportCodes.otherThan(demoCode, realCode));
            awaitStatus("Wrong code. 4 attempts left."); // the demo code cost nothing
            window.textBox("code").deleteText().enterText(realCode);
            awaitStatus("c***@example.com is verified");
            assertThat(services.server().acceptedCount()).as("only the first code went to the demo inbox")
                    .isEqualTo(1);
        }
    }

    private static String codeOf(DemoMailServer server) {
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d{6}) is your verification code")
                .matcher(server.inbox().messages().get(0).subject());
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** A well-formed code that is none of the given ones. */
    private static final class TestSupportCodes {
        static String otherThan(String... codes) {
            java.util.Set<String> taken = java.util.Set.of(codes);
            for (int i = 0; ; i++) {
                String candidate = String.format(Locale.ROOT, "%06d", i);
                if (!taken.contains(candidate)) {
                    return candidate;
                }
            }
        }
    }

    @Test
    void configurationWarningsAreShownWithoutStoppingTheApp() {
        open(TestAppServices.workingWithWarnings(List.of(
                "Unknown key smtp.hots is ignored. Did you mean smtp.host?")));

        String banner = execute(() -> window.textBox("banner.text").target().getText());
        assertThat(banner).contains("looks like a mistake").contains("Did you mean smtp.host?");
        window.button("openSettings").requireVisible().requireEnabled();
        window.textBox("email").enterText("alice@example.com");
        window.button("send").requireEnabled();
    }

    @Test
    void brokenConfigurationNamesTheKeyAndTheSettingsDialogRepairsIt() throws Exception {
        open(TestAppServices.brokenConfiguration(new ConfigException("/home/alice/config.properties", List.of(
                new ConfigException.Problem("smtp.host", "is required: the host name of your mail server.")))));
        String banner = execute(() -> window.textBox("banner.text").target().getText());
        assertThat(banner).contains("/home/alice/config.properties").contains("smtp.host: is required");
        window.textBox("email").enterText("alice@example.com");
        window.button("send").requireDisabled();

        requireAccessibleButton("openSettings");
        window.button("openSettings").requireEnabled().click();
        DialogFixture settings = WindowFinder.findDialog("settings").withTimeout(5000).using(robot);
        settings.button("save").requireDisabled();
        settings.label("settingsProblem").requireText("From address: enter the sender address, e.g. you@example.com.");
        fillSettings(settings, services.server());

        settings.textBox("port").deleteText().enterText("0");
        settings.label("settingsProblem").requireText(
                "Port: must be a whole number from 1 to 65535 (usually 587 or 465).");
        settings.button("testConnection").requireDisabled();
        settings.textBox("timeout").deleteText().enterText("0");
        assertThat(execute(() -> settings.label("settingsProblem").target().getText())).as("both, one a line")
                .contains("Port: must be a whole number from 1 to 65535 (usually 587 or 465).<br>")
                .contains("Timeout: must be a whole number of seconds from 1 to 600.");
        for (String field : List.of("port", "timeout")) {
            assertThat(execute(() -> settings.textBox(field).target().getClientProperty(FlatClientProperties.OUTLINE)))
                    .as(field + " outlined").isEqualTo(FlatClientProperties.OUTLINE_ERROR);
        }
        settings.textBox("timeout").deleteText().enterText("15");
        settings.textBox("port").deleteText().enterText(Integer.toString(services.server().port()));

        settings.button("testConnection").requireEnabled().click();
        awaitResult(settings, "Connected to 127.0.0.1:" + services.server().port());
        settings.button("sendTest").requireEnabled().click();
        awaitResult(settings, "A test message was sent to sender@example.com");
        assertThat(services.server().inbox().awaitCount(1, 10, TimeUnit.SECONDS)).isTrue();

        settings.button("save").click();
        awaitResult(settings, "Saved to ");
        settings.button("cancel").click();
        awaitThat("the banner is gone", () -> !execute(() -> window.robot().finder()
                .findByName(window.target(), "banner", Component.class, false).isShowing()));
        window.button("send").requireEnabled().click();
        awaitStatus("Code sent to a***@example.com");
        String code = services.awaitCode(2);
        window.textBox("code").enterText(code);
        awaitStatus("is verified");
    }

    @Test
    void settingsReportAWrongPasswordInPlainWords() {
        open(TestAppServices.working());
        window.menuItemWithPath("File", "Settings…").click();
        DialogFixture settings = WindowFinder.findDialog("settings").withTimeout(5000).using(robot);
        settings.comboBox("provider").requireSelection("Custom");
        settings.textBox("host").requireText("127.0.0.1");
        settings.textBox("password").deleteText().enterText("wrong-password");
        settings.checkBox("showPassword").click();
        assertThat(execute(() -> ((javax.swing.JPasswordField) settings.textBox("password").target()).getEchoChar()))
                .isEqualTo((char) 0);
        settings.button("testConnection").click();
        awaitText("settings result", () -> execute(() -> settings.textBox("settingsResult.text").target().getText()),
                text -> text.contains("refused the user name or password"), "names the refused login");
        // The button pressed has the focus again (it lost it while disabled), not Cancel: one more key
        // press must not close the dialog and throw the settings away.
        awaitThat("the focus is back on Test connection", () -> execute(() ->
                settings.button("testConnection").target().isFocusOwner()));
        settings.button("testConnection").click();
        awaitThat("the second test is over", () -> execute(() -> settings.button("testConnection").target().isEnabled()));
        awaitThat("the focus is back on Test connection again", () -> execute(() ->
                settings.button("testConnection").target().isFocusOwner()));
        settings.textBox("port").deleteText().enterText("25");
        awaitThat("the outcome goes once a value it used changes", () -> !execute(() -> settings.robot().finder()
                .findByName(settings.target(), "settingsResult", Component.class, false).isShowing()));
        settings.comboBox("provider").selectItem("Gmail");
        settings.textBox("host").deleteText().enterText("mail.example.org");
        settings.comboBox("provider").requireSelection("Custom");
        settings.label("providerHint").requireText(UiText.plain("hint.custom"));
        settings.comboBox("provider").selectItem("Gmail");
        settings.textBox("host").requireText("smtp.gmail.com");
        settings.textBox("port").requireText("587");
        settings.label("providerHint").requireText(
                "Gmail needs an app password (2-Step Verification on), or sign in with your Google account.");
        settings.comboBox("provider").selectItem("Yahoo");
        settings.textBox("port").requireText("465");
        for (String provider : List.of("Outlook / Microsoft 365", "Yahoo", "iCloud", "Zoho", "Fastmail", "Custom")) {
            settings.comboBox("provider").selectItem(provider);
            // Every hint is shown whole: the label is as wide as its text needs, not cut off with "...".
            javax.swing.JLabel hint = settings.label("providerHint").target();
            assertThat(execute(() -> hint.getWidth() >= hint.getFontMetrics(hint.getFont()).stringWidth(hint.getText())))
                    .as(provider).isTrue();
        }
        // Unsaved changes: Cancel asks first; "Keep editing" keeps the dialog, Escape then asks again.
        settings.button("cancel").click();
        JOptionPaneFixture ask = JOptionPaneFinder.findOptionPane().withTimeout(5000).using(robot);
        ask.requireMessage("The mail settings you changed are not saved. Discard the changes?");
        ask.buttonWithText("Keep editing").click();
        settings.requireVisible();
        settings.textBox("username").focus();
        robot.pressAndReleaseKey(KeyEvent.VK_ESCAPE);
        JOptionPaneFinder.findOptionPane().withTimeout(5000).using(robot).buttonWithText("Discard").click();
        awaitThat("the dialog is closed", () -> !execute(() -> settings.target().isShowing()));
    }

    @Test
    void themeAndPlaceAreRemembered() {
        open(TestAppServices.working());
        window.menuItemWithPath("View", "Dark").click();
        assertThat(execute(FlatLaf::isLafDark)).isTrue();
        assertThat(preferences.get(Theme.PREFERENCE, "")).isEqualTo("dark");
        // Larger than the minimum size, which depends on the theme's fonts: this checks remembering, not clamping.
        execute(() -> {
            java.awt.Dimension minimum = window.target().getMinimumSize();
            window.target().setBounds(60, 70, Math.max(800, minimum.width + 200), Math.max(700, minimum.height + 200));
        });
        robot.waitForIdle();
        java.awt.Point placeBefore = execute(() -> window.target().getLocation());
        java.awt.Dimension contentBefore = execute(() -> ((javax.swing.JFrame) window.target()).getRootPane().getSize());
        window.close();
        robot.waitForIdle();
        window.cleanUp();

        OtpVerifierWindow again = execute(() -> OtpVerifierWindow.show(services, preferences, () -> { }));
        window = new FrameFixture(robot, again);
        robot.waitForIdle();
        // The window manager decorates the window after it is shown; the exact size is set then.
        awaitText("the reopened window", () -> execute(() -> again.getLocation() + " " + again.getRootPane().getSize()),
                seen -> seen.equals(placeBefore + " " + contentBefore),
                "is where it was, with the same content size: " + placeBefore + " " + contentBefore);
        assertThat(execute(FlatLaf::isLafDark)).isTrue();
        window.menuItemWithPath("View", "Light").click();
        assertThat(execute(FlatLaf::isLafDark)).isFalse();
        assertThat(preferences.get(Theme.PREFERENCE, "")).isEqualTo("light");
    }

    private static void fillSettings(DialogFixture settings, DemoMailServer server) {
        settings.comboBox("provider").selectItem("Custom");
        settings.textBox("host").deleteText().enterText(server.host());
        settings.textBox("port").deleteText().enterText(Integer.toString(server.port()));
        settings.comboBox("security").selectItem(0);
        settings.textBox("username").deleteText().enterText(server.username());
        settings.textBox("password").setText(server.password());
        settings.textBox("trust").setText(server.certificateFile().toString());
        settings.textBox("timeout").deleteText().enterText("5");
        settings.textBox("from").deleteText().enterText("sender@example.com");
    }
}
