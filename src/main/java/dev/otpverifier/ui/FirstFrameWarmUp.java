package dev.otpverifier.ui;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.text.html.HTMLEditorKit;

/**
 * Work the first frame needs that touches no component, done on a second thread while the
 * starting thread connects to the display: the event dispatch thread then finds it done.
 *
 * <p>Two things, measured with a profiler as the largest such pieces of the look and feel's set-up:
 * <ul>
 *   <li>Swing's shared HTML style sheet (parsing {@code default.css}). FlatLaf adds a rule to it
 *       while it is set up, so the look and feel waits for this step ({@link #awaitStyleSheet}):
 *       two threads must not create the shared sheet at the same time.</li>
 *   <li>The font system (reading the fontconfig set-up and opening the default font), which FlatLaf
 *       needs to choose its font and every label needs to measure its text.</li>
 * </ul>
 * Without {@link #start} nothing changes: the event dispatch thread does the same work when it
 * first needs it.
 */
public final class FirstFrameWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch STYLE_SHEET_READY = new CountDownLatch(1);
    /** Longer than the style sheet ever takes; a warm-up must never hold the window back for long. */
    private static final long STYLE_SHEET_WAIT_MS = 2_000;

    private FirstFrameWarmUp() {
    }

    /** Starts the warm-up on a daemon thread, once per process; returns at once. */
    public static void start() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        // A class, not a lambda: the first lambda of a process costs the starting thread several milliseconds.
        Thread thread = new Thread(new Task(), "otp-first-frame");
        thread.setDaemon(true);
        thread.start();
    }

    private static final class Task implements Runnable {
        @Override
        public void run() {
            warmUp();
        }
    }

    private static void warmUp() {
        try {
            new HTMLEditorKit().getStyleSheet();
        } catch (RuntimeException e) {
            // The event dispatch thread will meet the same problem and report it where it belongs.
        } finally {
            STYLE_SHEET_READY.countDown();
        }
        try {
            Font font = new Font(Font.DIALOG, Font.PLAIN, 12);
            font.canDisplay('a');
            // Text measuring as a text field does it: bidirectional-text tables and the shaping engine.
            new TextLayout("OTP Verifier", font, new FontRenderContext(null, true, false)).getBounds();
        } catch (RuntimeException e) {
            // As above: only a head start, never a new way to fail.
        }
    }

    /**
     * Waits until the shared style sheet is made, if {@link #start} was called; called on the event
     * dispatch thread before a look and feel is set up. Gives up after two seconds rather than hold
     * the window back.
     */
    static void awaitStyleSheet() {
        if (!STARTED.get()) {
            return;
        }
        try {
            STYLE_SHEET_READY.await(STYLE_SHEET_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
