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
 * <p>Three things, found with a profiler among the largest pieces of the look and feel's set-up
 * and of the first layout:
 * <ul>
 *   <li>Swing's shared HTML style sheet (parsing {@code default.css}). FlatLaf adds a rule to it
 *       while it is set up, so the look and feel waits for this step ({@link #awaitStyleSheet}):
 *       Swing publishes the shared sheet before it has filled it, and neither creating nor filling
 *       it may overlap with FlatLaf's change.</li>
 *   <li>The font system (reading the fontconfig set-up and opening the default font), which FlatLaf
 *       needs to choose its font.</li>
 *   <li>Measuring text as a text field does ({@link TextLayout}: the bidirectional-text tables and
 *       the shaping engine), which every field's preferred size needs.</li>
 * </ul>
 * Without {@link #start} nothing changes: the event dispatch thread does the same work when it
 * first needs it.
 */
public final class FirstFrameWarmUp {

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final CountDownLatch STYLE_SHEET_READY = new CountDownLatch(1);
    /**
     * How long the look and feel waits for the style sheet. Parsing it takes about 10 ms; only a
     * warm-up thread starved of a processor for seconds reaches this, and then a window late by ten
     * seconds would be worse than the race (at worst a lost link colour in the demo inbox).
     */
    private static final long STYLE_SHEET_WAIT_MS = 10_000;

    private FirstFrameWarmUp() {
    }

    /** Asked for only on failure: the first logger of a process costs the starting thread about 30 ms. */
    private static System.Logger log() {
        return System.getLogger(FirstFrameWarmUp.class.getName());
    }

    /** Starts the warm-up on a daemon thread, once per process; returns at once. */
    public static void start() {
        startWith(null);
    }

    /**
     * {@link #start}, with {@code styleSheetStep} run in place of making the shared style sheet
     * when it is not null; for tests.
     */
    static void startWith(Runnable styleSheetStep) {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        // A class, not a lambda: the first lambda of a process costs the starting thread several milliseconds.
        Thread thread = new Thread(new Task(styleSheetStep), "otp-first-frame");
        thread.setDaemon(true);
        try {
            thread.start();
        } catch (OutOfMemoryError e) {
            // No thread to be had: the event dispatch thread does the work itself, without waiting.
            STYLE_SHEET_READY.countDown();
            log().log(System.Logger.Level.DEBUG, "No first-frame warm-up: " + e.getMessage());
        }
    }

    private static final class Task implements Runnable {
        private final Runnable styleSheetStep;

        Task(Runnable styleSheetStep) {
            this.styleSheetStep = styleSheetStep;
        }

        @Override
        public void run() {
            warmUp(styleSheetStep);
        }
    }

    private static void warmUp(Runnable styleSheetStep) {
        try {
            if (styleSheetStep != null) {
                styleSheetStep.run();
            } else {
                new HTMLEditorKit().getStyleSheet();
            }
        } catch (RuntimeException e) {
            // Only a head start: the event dispatch thread meets the same problem and reports it.
            log().log(System.Logger.Level.DEBUG, "First-frame warm-up: the style sheet failed", e);
        } finally {
            STYLE_SHEET_READY.countDown();
        }
        try {
            Font font = new Font(Font.DIALOG, Font.PLAIN, 12);
            font.canDisplay('a');
            new TextLayout("OTP Verifier", font, new FontRenderContext(null, true, false)).getBounds();
        } catch (RuntimeException | InternalError | LinkageError e) {
            // A broken font set-up fails this way (say, "Could not initialize class ...FontManager");
            // as above, the event dispatch thread meets it again where it can be shown.
            log().log(System.Logger.Level.DEBUG, "First-frame warm-up: fonts failed", e);
        }
    }

    /**
     * Waits until the shared style sheet is made, if {@link #start} was called; called on the event
     * dispatch thread before a look and feel is set up. Gives up after ten seconds rather than hold
     * the window back.
     *
     * @return whether the style sheet is made (or no warm-up was started)
     */
    static boolean awaitStyleSheet() {
        if (!STARTED.get()) {
            return true;
        }
        try {
            return STYLE_SHEET_READY.await(STYLE_SHEET_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
