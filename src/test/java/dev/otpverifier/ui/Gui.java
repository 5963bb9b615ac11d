package dev.otpverifier.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.GraphicsEnvironment;
import org.junit.jupiter.api.Assumptions;

/**
 * The rule for GUI tests: without a display they are skipped, unless the build demands them
 * ({@code -Dotp.gui.required=true}, which the POM sets when {@code CI=true}); then they fail, so a
 * CI run can never pass by skipping them.
 */
public final class Gui {

    /** The system property that turns a missing display from a skip into a failure. */
    static final String REQUIRED_PROPERTY = "otp.gui.required";

    private Gui() {
    }

    /** Skips or fails the calling test when there is no display; returns when there is one. */
    public static void requireDisplay() {
        if (!GraphicsEnvironment.isHeadless()) {
            return;
        }
        String why = "no display (GraphicsEnvironment.isHeadless(); DISPLAY=" + System.getenv("DISPLAY") + ")";
        if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
            fail("GUI tests are required (-D" + REQUIRED_PROPERTY + "=true) but there is " + why
                    + ". Start Xvfb and set DISPLAY, e.g. Xvfb :99 & export DISPLAY=:99.");
        }
        Assumptions.abort("GUI test skipped: " + why + ". Set -D" + REQUIRED_PROPERTY
                + "=true to make this a failure.");
    }
}
