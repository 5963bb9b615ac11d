package dev.otpverifier.ui;

import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.OAuthConfig.Provider;
import dev.otpverifier.otp.DeliveryException;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComboBox;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * Opens the settings dialog in each state of its sign-in part and saves a screenshot of each, for
 * looking at it by eye. Not a test: run it by hand under a display,
 * {@code SettingsPreview OUT_DIR [light|dark]}.
 */
public final class SettingsPreview {

    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";

    private final Path out;
    private final String theme;
    private final Robot robot;

    private SettingsPreview(Path out, String theme) throws java.awt.AWTException {
        this.out = out;
        this.theme = theme;
        this.robot = new Robot();
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "/tmp/ui-shots");
        Files.createDirectories(out);
        new SettingsPreview(out, args.length > 1 ? args[1] : "light").run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (TestAppServices services = TestAppServices.working()) {
            Session session = open(services);
            Window dialog = session.dialog();
            shot("20-settings-password", dialog);
            choose(dialog, "signInMethod", "Microsoft account");
            type(dialog, "from", "");
            shot("21-settings-microsoft-empty", dialog);
            type(dialog, "clientId", CLIENT);
            services.nextSignInWaitsForCancel = true;
            click(dialog, "signIn");
            await(() -> text(dialog, "signInStatus").startsWith("Waiting"));
            Thread.sleep(600);
            shot("22-settings-microsoft-waiting", dialog);
            click(dialog, "signIn");
            await(() -> text(dialog, "signInStatus").startsWith("Not signed in"));
            services.nextSignInWaitsForCancel = false;
            services.nextSignInAccount = "alice@contoso.com";
            click(dialog, "signIn");
            await(() -> text(dialog, "signInStatus").startsWith("Signed in"));
            shot("23-settings-microsoft-signed-in", dialog);
            services.nextSignInFailure = new DeliveryException(DeliveryException.Reason.AUTHENTICATION,
                    "Microsoft refused the sign-in: AADSTS700016: the application with ID "
                            + CLIENT + " was not found in the directory. Check the client ID and the tenant.", null);
            click(dialog, "signIn");
            await(() -> text(dialog, "settingsResult.text").startsWith("Microsoft refused"));
            shot("25-settings-failure", dialog);
            services.nextSignInFailure = null;
            choose(dialog, "provider", "Gmail");
            choose(dialog, "signInMethod", "Google account");
            type(dialog, "clientId", "123456789012-abcdefghijklmnop.apps.googleusercontent.com");
            shot("24-settings-google", dialog);
            session.close();
        }
        OAuthConfig oauth = new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "", "");
        try (TestAppServices services = TestAppServices.sendingWith(config -> config.withOAuth(oauth,
                "alice@contoso.com"))) {
            services.signedIn.add("alice@contoso.com");
            services.signInStoreDescription = "a file only you can read (/home/alice/.local/state/otp-verifier/"
                    + "sign-in.properties), because this computer has no credential store";
            Session session = open(services);
            Window dialog = session.dialog();
            await(() -> text(dialog, "signInStatus").startsWith("Signed in"));
            shot("26-settings-opened-signed-in-file-store", dialog);
            click(dialog, "signOut");
            await(() -> text(dialog, "signInStatus").startsWith("Not signed in"));
            click(dialog, "save");
            await(() -> text(dialog, "settingsResult.text").startsWith("Saved"));
            shot("27-settings-saved-not-signed-in", dialog);
            session.close();
        }
    }

    private record Session(OtpVerifierWindow window, Window dialog) {
        void close() throws Exception {
            onEdt(() -> {
                dialog.dispose();
                window.dispose();
                return null;
            });
        }
    }

    private Session open(TestAppServices services) throws Exception {
        MemoryPreferences preferences = new MemoryPreferences();
        preferences.put(Theme.PREFERENCE, theme);
        OtpVerifierWindow window = onEdt(() -> OtpVerifierWindow.show(services, preferences, () -> { }));
        Thread.sleep(800);
        // Modal: shown from a later event, as the menu would.
        SwingUtilities.invokeLater(() -> new dev.otpverifier.ui.settings.SettingsDialog(window, services).setVisible(true));
        Thread.sleep(1200);
        Window dialog = onEdt(() -> {
            for (Window each : window.getOwnedWindows()) {
                if (each.isShowing() && "settings".equals(each.getName())) {
                    return each;
                }
            }
            throw new AssertionError("no settings dialog");
        });
        return new Session(window, dialog);
    }

    private void shot(String name, Window window) throws Exception {
        robot.waitForIdle();
        Thread.sleep(400);
        Rectangle bounds = onEdt(window::getBounds);
        write(name, robot.createScreenCapture(bounds));
    }

    private void write(String name, java.awt.image.BufferedImage image) throws IOException {
        ImageIO.write(image, "png", out.resolve(name + "-" + theme + ".png").toFile());
    }

    private static void type(Window window, String name, String text) throws Exception {
        onEdt(() -> {
            ((JTextComponent) UiPreview.find(window, name)).setText(text);
            return null;
        });
    }

    private static void choose(Window window, String name, String item) throws Exception {
        onEdt(() -> {
            JComboBox<?> box = (JComboBox<?>) UiPreview.find(window, name);
            for (int i = 0; i < box.getItemCount(); i++) {
                if (box.getItemAt(i).toString().equals(item)) {
                    box.setSelectedIndex(i);
                    return null;
                }
            }
            throw new AssertionError("no " + item + " in " + name);
        });
    }

    private static void click(Window window, String name) throws Exception {
        onEdt(() -> {
            ((AbstractButton) UiPreview.find(window, name)).doClick();
            return null;
        });
    }

    private static String text(Window window, String name) {
        try {
            return onEdt(() -> {
                JTextComponent text = (JTextComponent) UiPreview.find(window, name);
                return text == null ? "" : text.getText();
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not met in 20 s");
    }

    private static <T> T onEdt(Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }
}
