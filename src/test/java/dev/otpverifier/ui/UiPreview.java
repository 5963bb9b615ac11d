package dev.otpverifier.ui;

import dev.otpverifier.config.ConfigException;
import dev.otpverifier.otp.OtpPolicy;
import dev.otpverifier.testing.SilentServer;
import java.awt.AWTException;
import java.awt.Component;
import java.awt.Container;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Window;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import javax.swing.AbstractButton;
import javax.swing.JComponent;
import javax.swing.SwingUtilities;
import javax.swing.text.JTextComponent;

/**
 * Opens the window in each of its states and saves a screenshot of each, for looking at it by eye.
 * Not a test: run it by hand under a display, {@code UiPreview OUT_DIR [light|dark]}.
 */
public final class UiPreview {

    private final Path out;
    private final String theme;
    private final Robot robot;

    private UiPreview(Path out, String theme) throws AWTException {
        this.out = out;
        this.theme = theme;
        this.robot = new Robot();
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "/tmp/ui-shots");
        Files.createDirectories(out);
        String theme = args.length > 1 ? args[1] : "light";
        new UiPreview(out, theme).run();
        System.exit(0);
    }

    private void run() throws Exception {
        try (TestAppServices services = TestAppServices.working(OtpPolicy.defaults().withMaxFailuresPerLockWindow(3))) {
            OtpVerifierWindow window = open(services);
            shot("01-empty", window);
            type(window, "email", "alice@exa mple");
            shot("02-invalid-email", window);
            type(window, "email", "alice@example.com");
            click(window, "send");
            String code = services.awaitCode(1);
            await(() -> text(window, "status.text").startsWith("Code sent"));
            services.clock.advance(Duration.ofSeconds(4));
            Thread.sleep(1200);
            shot("04-sent", window);
            type(window, "code", wrong(code));
            await(() -> text(window, "status.text").startsWith("Wrong code"));
            shot("05-wrong-code", window);
            type(window, "code", code);
            await(() -> text(window, "status.text").contains("verified"));
            shot("06-verified", window);
            click(window, "startOver");
            type(window, "email", "bob@example.com");
            click(window, "send");
            String second = services.awaitCode(2);
            await(() -> text(window, "status.text").startsWith("Code sent"));
            services.clock.advance(Duration.ofMinutes(11));
            await(() -> text(window, "status.text").contains("expired"));
            shot("07-expired", window);
            click(window, "resend");
            String third = services.awaitCode(3);
            await(() -> text(window, "status.text").startsWith("Code sent"));
            for (int i = 0; i < 3; i++) {
                type(window, "code", wrong(third));
                Thread.sleep(400);
            }
            await(() -> text(window, "status.text").contains("locked"));
            shot("08-locked", window);
            onEdt(() -> {
                window.dispose();
                return null;
            });
            if (second.isEmpty()) {
                throw new AssertionError();
            }
        }
        try (SilentServer silent = new SilentServer();
                TestAppServices services = TestAppServices.sendingWith(config -> new dev.otpverifier.config.SmtpConfig(
                        config.host(), silent.port(), config.security(), config.username(), config.password(), false,
                        config.trustCertificate(), Duration.ofSeconds(3), List.of(), config.fromAddress(),
                        config.fromName()))) {
            OtpVerifierWindow window = open(services);
            type(window, "email", "alice@example.com");
            click(window, "send");
            Thread.sleep(700);
            shot("03-sending", window);
            await(() -> text(window, "status.text").contains("could not be sent"));
            shot("03b-send-failed", window);
            onEdt(() -> {
                window.dispose();
                return null;
            });
        }
        try (TestAppServices services = TestAppServices.brokenConfiguration(new ConfigException(
                "/home/alice/.config/otp-verifier/config.properties", List.of(
                        new ConfigException.Problem("smtp.host", "is required: the host name of your mail server, "
                                + "e.g. smtp.gmail.com."),
                        new ConfigException.Problem("smtp.port", "must be a whole number from 1 to 65535; was \"58x\"."))))) {
            OtpVerifierWindow window = open(services);
            shot("09-config-problem", window);
            SwingUtilities.invokeLater(() -> ((AbstractButton) find(window, "openSettings")).doClick());
            Thread.sleep(800);
            Window dialog = onEdt(() -> {
                for (Window each : window.getOwnedWindows()) {
                    if (each.isShowing()) {
                        return each;
                    }
                }
                throw new AssertionError("no dialog");
            });
            shot("11-settings", dialog);
            onEdt(() -> {
                dialog.dispose();
                window.dispose();
                return null;
            });
        }
        try (TestAppServices services = TestAppServices.working()) {
            OtpVerifierWindow window = open(services);
            type(window, "email", "carol@example.com");
            click(window, "send");
            String older = services.awaitCode(1);
            await(() -> text(window, "status.text").startsWith("Code sent"));
            services.clock.advance(Duration.ofSeconds(31));
            Thread.sleep(1200);
            click(window, "send");
            services.awaitCode(2);
            await(() -> text(window, "status.text").startsWith("Code sent"));
            Thread.sleep(800); // the window clears the code field once the send is done
            type(window, "code", older);
            await(() -> text(window, "status.text").startsWith("A newer code"));
            shot("12-superseded", window);
            services.saveAndApply(services.correctSettings()); // as the settings dialog's Save does
            await(() -> text(window, "status.text").startsWith("Mail settings changed"));
            shot("13-settings-changed", window);
            onEdt(() -> {
                window.dispose();
                return null;
            });
        }
        try (TestAppServices services = TestAppServices.demo()) {
            OtpVerifierWindow window = open(services);
            type(window, "email", "alice@example.com");
            click(window, "send");
            services.awaitCode(1);
            await(() -> text(window, "status.text").startsWith("Code sent"));
            Thread.sleep(1000);
            Window inbox = onEdt(() -> {
                for (Window each : Window.getWindows()) {
                    if (each.isShowing() && "inbox".equals(each.getName())) {
                        return each;
                    }
                }
                throw new AssertionError("no inbox");
            });
            shot("10-demo-main", window);
            shotBoth("10-demo-inbox", window, inbox);
            onEdt(() -> {
                inbox.dispose();
                window.dispose();
                return null;
            });
        }
    }

    private OtpVerifierWindow open(TestAppServices services) throws Exception {
        MemoryPreferences preferences = new MemoryPreferences();
        preferences.put(Theme.PREFERENCE, theme);
        OtpVerifierWindow window = onEdt(() -> OtpVerifierWindow.show(services, preferences, () -> { }));
        Thread.sleep(800);
        return window;
    }

    private static String wrong(String code) {
        return String.format(java.util.Locale.ROOT, "%06d", (Integer.parseInt(code) + 1) % 1_000_000);
    }

    private void shot(String name, Window window) throws Exception {
        robot.waitForIdle();
        Thread.sleep(300);
        Rectangle bounds = onEdt(window::getBounds);
        write(name, robot.createScreenCapture(bounds));
    }

    private void shotBoth(String name, Window first, Window second) throws Exception {
        robot.waitForIdle();
        Thread.sleep(300);
        Rectangle bounds = onEdt(() -> first.getBounds().union(second.getBounds()));
        bounds.grow(16, 16);
        write(name, robot.createScreenCapture(bounds));
    }

    private void write(String name, BufferedImage image) throws IOException {
        ImageIO.write(image, "png", out.resolve(name + "-" + theme + ".png").toFile());
    }

    private static void type(Window window, String name, String text) throws Exception {
        onEdt(() -> {
            ((JTextComponent) find(window, name)).setText(text);
            return null;
        });
    }

    private static void click(Window window, String name) throws Exception {
        onEdt(() -> {
            ((AbstractButton) find(window, name)).doClick();
            return null;
        });
    }

    private static String text(Window window, String name) {
        try {
            return onEdt(() -> ((JTextComponent) find(window, name)).getText());
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

    static Component find(Container root, String name) {
        if (name.equals(root.getName())) {
            return root;
        }
        for (Component child : root.getComponents()) {
            if (name.equals(child.getName())) {
                return child;
            }
            if (child instanceof Container container) {
                Component found = find(container, name);
                if (found != null) {
                    return found;
                }
            }
        }
        if (root instanceof JComponent) {
            return null;
        }
        return null;
    }

    private static <T> T onEdt(Callable<T> task) throws InvocationTargetException, InterruptedException {
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
            throw new InvocationTargetException(failure.get());
        }
        return result.get();
    }
}
