package dev.otpverifier.ui;

import java.awt.GraphicsConfiguration;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Window;
import java.util.Optional;
import java.util.prefs.Preferences;

/**
 * Remembers where a window was, and puts it back there if that place is still on a screen (a
 * monitor may have been unplugged since). Event dispatch thread only.
 *
 * <p>It keeps the frame's position and the size of its content (the root pane), not the frame's
 * outer size: the window manager's decorations are only estimated until the window is shown, so an
 * outer size would drift by their thickness on every run.
 */
final class WindowPlacement {

    private static final String X = "window.x";
    private static final String Y = "window.y";
    private static final String WIDTH = "window.width";
    private static final String HEIGHT = "window.height";

    private WindowPlacement() {
    }

    /** The saved bounds, if any were saved. */
    static Optional<Rectangle> saved(Preferences preferences) {
        int width = preferences.getInt(WIDTH, -1);
        int height = preferences.getInt(HEIGHT, -1);
        if (width <= 0 || height <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Rectangle(preferences.getInt(X, 0), preferences.getInt(Y, 0), width, height));
    }

    /** Saves the bounds of {@code window} and writes them out. */
    static void save(javax.swing.JFrame window, Preferences preferences) {
        preferences.putInt(X, window.getX());
        preferences.putInt(Y, window.getY());
        preferences.putInt(WIDTH, window.getRootPane().getWidth());
        preferences.putInt(HEIGHT, window.getRootPane().getHeight());
        Remembered.flush(preferences);
    }

    /**
     * Places {@code window}: where it was last time when that is on a screen, else centred.
     * Call after {@code pack()}; never makes the window smaller than its minimum size.
     */
    static void restore(Window window, Preferences preferences) {
        Optional<Rectangle> saved = saved(preferences).filter(WindowPlacement::visibleOnSomeScreen);
        if (saved.isPresent()) {
            Rectangle bounds = saved.get();
            java.awt.Insets insets = window.getInsets();
            bounds.width = Math.max(bounds.width + insets.left + insets.right, window.getMinimumSize().width);
            bounds.height = Math.max(bounds.height + insets.top + insets.bottom, window.getMinimumSize().height);
            window.setBounds(bounds);
        } else {
            window.setLocationRelativeTo(null);
        }
    }

    /**
     * Once the window is shown, sets the saved content size exactly: corrects the window size by the
     * difference between the saved and the actual content size, whatever the decorations turned out
     * to be ({@link #restore} could only estimate them, and window managers add them late).
     */
    static void restoreContentSize(javax.swing.JFrame window, Preferences preferences) {
        saved(preferences).filter(WindowPlacement::visibleOnSomeScreen).ifPresent(bounds -> {
            javax.swing.JRootPane root = window.getRootPane();
            int widthDifference = bounds.width - root.getWidth();
            int heightDifference = bounds.height - root.getHeight();
            if (widthDifference != 0 || heightDifference != 0) {
                window.setSize(Math.max(window.getWidth() + widthDifference, window.getMinimumSize().width),
                        Math.max(window.getHeight() + heightDifference, window.getMinimumSize().height));
            }
        });
    }

    /** Whether enough of {@code bounds} (its title bar, at least) is on some screen to grab it. */
    private static boolean visibleOnSomeScreen(Rectangle bounds) {
        Rectangle titleBar = new Rectangle(bounds.x, bounds.y, bounds.width, 32);
        for (GraphicsDevice device : GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices()) {
            GraphicsConfiguration configuration = device.getDefaultConfiguration();
            Rectangle visible = configuration.getBounds().intersection(titleBar);
            if (!visible.isEmpty() && visible.width >= 64) {
                return true;
            }
        }
        return false;
    }
}
