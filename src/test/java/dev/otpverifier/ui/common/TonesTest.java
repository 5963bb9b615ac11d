package dev.otpverifier.ui.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.formdev.flatlaf.FlatDarkLaf;
import com.formdev.flatlaf.FlatLightLaf;
import java.awt.Color;
import javax.swing.LookAndFeel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.UnsupportedLookAndFeelException;
import org.junit.jupiter.api.Test;

class TonesTest {

    @Test
    void contrastIsTheWcagRatio() {
        assertThat(Tones.contrast(Color.BLACK, Color.WHITE)).isCloseTo(21.0, within(0.01));
        assertThat(Tones.contrast(Color.WHITE, Color.WHITE)).isCloseTo(1.0, within(0.01));
        assertThat(Tones.contrast(new Color(0x767676), Color.WHITE)).isCloseTo(4.54, within(0.01));
    }

    @Test
    void errorTextIsReadableRedInBothThemes() throws Exception {
        SwingUtilities.invokeAndWait(() -> {
            LookAndFeel before = UIManager.getLookAndFeel();
            try {
                for (Runnable theme : new Runnable[] {FlatLightLaf::setup, FlatDarkLaf::setup}) {
                    theme.run();
                    Color panel = UIManager.getColor("Panel.background");
                    Color error = Tones.errorText();
                    assertThat(Tones.contrast(error, panel)).as(UIManager.getLookAndFeel().getName())
                            .isGreaterThanOrEqualTo(Tones.TEXT_CONTRAST);
                    assertThat(error.getRed()).as("red").isGreaterThan(error.getGreen()).isGreaterThan(error.getBlue());
                    // What the text used before: FlatLaf's error border colour, unreadable on the dark panel.
                    Color border = UIManager.getColor("Component.error.focusedBorderColor");
                    if (UIManager.getLookAndFeel() instanceof FlatDarkLaf) {
                        assertThat(Tones.contrast(border, panel)).isLessThan(Tones.TEXT_CONTRAST);
                    }
                }
            } finally {
                try {
                    UIManager.setLookAndFeel(before);
                } catch (UnsupportedLookAndFeelException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }
}
