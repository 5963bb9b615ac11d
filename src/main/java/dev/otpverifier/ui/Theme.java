package dev.otpverifier.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.util.prefs.Preferences;

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

    /** Remembers this theme in {@code preferences}. */
    void save(Preferences preferences) {
        preferences.put(PREFERENCE, this == DARK ? "dark" : "light");
    }

    /** Installs this look and feel; call {@link FlatLaf#updateUI()} afterwards for open windows. */
    void install() {
        if (this == DARK) {
            FlatDarkLaf.setup();
        } else {
            FlatLightLaf.setup();
        }
    }

    /** The theme now installed. */
    static Theme current() {
        return FlatLaf.isLafDark() ? DARK : LIGHT;
    }
}
