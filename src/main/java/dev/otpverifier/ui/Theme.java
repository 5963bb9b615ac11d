package dev.otpverifier.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.util.prefs.Preferences;
import javax.swing.UIManager;

/**
 * The light and dark looks, and the one remembered in {@link Preferences} between runs.
 * Event dispatch thread only (it switches the look and feel).
 */
enum Theme {
    /** FlatLaf Light, the default. */
    LIGHT,
    /** FlatLaf Dark. */
    DARK;

    /** The preference key of the chosen theme. */
    static final String PREFERENCE = "theme";

    /** The theme saved in {@code preferences}, or {@link #LIGHT}. */
    static Theme saved(Preferences preferences) {
        return "dark".equals(preferences.get(PREFERENCE, "light")) ? DARK : LIGHT;
    }

    /** Remembers this theme in {@code preferences} and writes it out. */
    void save(Preferences preferences) {
        preferences.put(PREFERENCE, this == DARK ? "dark" : "light");
        Remembered.flush(preferences);
    }

    /** The theme this class installed last, or null: asked first, so that nothing initializes Swing's default look. */
    private static Theme installed;

    /** Installs this look and feel; call {@link FlatLaf#updateUI()} afterwards for open windows. */
    void install() {
        FirstFrameWarmUp.awaitStyleSheet(); // FlatLaf changes the shared HTML style sheet the warm-up makes
        if (this == DARK) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
        installed = this;
    }

    /**
     * Installs this look and feel unless it is the one in use; returns whether it did. Before the
     * first look and feel is installed, asking Swing which one is in use would first set up its
     * default (Metal, about 70 ms of start-up for nothing), so this asks its own record first.
     */
    boolean installIfNeeded() {
        if (installed == this && UIManager.getLookAndFeel() instanceof FlatLaf && current() == this) {
            return false;
        }
        install();
        return true;
    }

    /** The theme now installed. */
    static Theme current() {
        return FlatLaf.isLafDark() ? DARK : LIGHT;
    }
}
