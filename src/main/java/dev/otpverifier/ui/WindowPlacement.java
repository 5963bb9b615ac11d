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

    /** Saves the bounds of {@code window}. */
    static void save(Window window, Preferences preferences) {
        Rectangle bounds = window.getBounds();
        preferences.putInt(X, bounds.x);
        preferences.putInt(Y, bounds.y);
        preferences.putInt(WIDTH, bounds.width);
        preferences.putInt(HEIGHT, bounds.height);
    }

    /**
     * Places {@code window}: where it was last time when that is on a screen, else centred.
     * Call after {@code pack()}; never makes the window smaller than its minimum size.
     */
    static void restore(Window window, Preferences preferences) {
        Optional<Rectangle> saved = saved(preferences).filter(WindowPlacement::visibleOnSomeScreen);
        if (saved.isPresent()) {
            Rectangle bounds = saved.get();
            bounds.width = Math.max(bounds.width, window.getMinimumSize().width);
            bounds.height = Math.max(bounds.height, window.getMinimumSize().height);
            window.setBounds(bounds);
        } else {
            window.setLocationRelativeTo(null);
        }
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
