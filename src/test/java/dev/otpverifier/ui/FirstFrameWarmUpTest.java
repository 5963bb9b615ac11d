package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.swing.LookAndFeel;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import javax.swing.UnsupportedLookAndFeelException;
import javax.swing.text.html.HTMLEditorKit;
import javax.swing.text.html.StyleSheet;
import org.junit.jupiter.api.Test;

/**
 * The warm-up can start once per process, so this class has one test that covers the whole
 * sequence; no other unit test starts it.
 */
class FirstFrameWarmUpTest {

    @Test
    void theLookAndFeelWaitsForTheStyleSheetAndThenWritesItsLinkColourIntoIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<StyleSheet> made = new CompletableFuture<>();
        FirstFrameWarmUp.startWith(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            made.complete(new HTMLEditorKit().getStyleSheet());
        });
        FirstFrameWarmUp.start(); // once per process: this starts nothing

        LookAndFeel[] before = new LookAndFeel[1];
        CompletableFuture<Void> installed = new CompletableFuture<>();
        SwingUtilities.invokeLater(() -> {
            before[0] = UIManager.getLookAndFeel();
            Theme.DARK.install();
            installed.complete(null);
        });
        Thread.sleep(300);
        assertThat(installed).as("the look and feel is set up only once the style sheet is made").isNotDone();

        release.countDown();
        installed.get(10, TimeUnit.SECONDS);
        assertThat(FirstFrameWarmUp.awaitStyleSheet()).isTrue();
        SwingUtilities.invokeAndWait(() -> {
            try {
                StyleSheet shared = new HTMLEditorKit().getStyleSheet();
                assertThat(shared).isSameAs(made.getNow(null));
                Color link = shared.getForeground(shared.getRule("a"));
                assertThat(link.getRGB() & 0xffffff)
                        .isEqualTo(UIManager.getColor("Component.linkColor").getRGB() & 0xffffff);
            } finally {
                try {
                    UIManager.setLookAndFeel(before[0]);
                } catch (UnsupportedLookAndFeelException e) {
                    throw new IllegalStateException(e);
                }
            }
        });
    }
}
