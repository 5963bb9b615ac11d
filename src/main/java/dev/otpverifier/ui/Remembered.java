package dev.otpverifier.ui;

import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** Writes out what the window remembers; a failure is logged, never shown: the window works without it. */
final class Remembered {

    private static final System.Logger LOG = System.getLogger(Remembered.class.getName());

    private Remembered() {
    }

    /** Flushes {@code preferences} to their store (a small local file: quick enough for the event dispatch thread). */
    static void flush(Preferences preferences) {
        try {
            preferences.flush();
        } catch (BackingStoreException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not save the window's theme and place: " + e.getMessage());
        }
    }
}
