package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import javax.swing.LookAndFeel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.StyleSheet;
import org.junit.jupiter.api.Test;

class FirstFrameWarmUpTest {

    @Test
    void theLookAndFeelWritesItsLinkColourIntoTheStyleSheetTheWarmUpMade() throws Exception {
        FirstFrameWarmUp.start();
        FirstFrameWarmUp.start(); // once per process: a second call starts nothing
        SwingUtilities.invokeAndWait(() -> {
            LookAndFeel before = UIManager.getLookAndFeel();
            try {
                Theme.DARK.install();
                StyleSheet shared = new HTMLEditorKit().getStyleSheet();
                Color link = shared.getForeground(shared.getRule("a"));
                assertThat(link.getRGB() & 0xffffff)
                        .isEqualTo(UIManager.getColor("Component.linkColor").getRGB() & 0xffffff);
            } finally {
                try {
                    UIManager.setLookAndFeel(before);
                } catch (javax.swing.UnsupportedLookAndFeelException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }
}
