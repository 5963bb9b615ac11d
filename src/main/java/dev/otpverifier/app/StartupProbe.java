package dev.otpverifier.app;

import java.awt.AWTEvent;
import java.awt.Toolkit;
import java.awt.event.AWTEventListener;
import java.awt.event.FocusEvent;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.text.JTextComponent;

/**
 * With {@code -Dotp.startup.probe=true}, prints {@code READY} on standard output the first time a
 * text field has keyboard focus: the moment a person can start typing. The start-up benchmark reads
 * it; without the property nothing is installed.
 */
final class StartupProbe {

    static final String PROPERTY = "otp.startup.probe";
    static final String TRACE_PROPERTY = "otp.startup.trace";
    private static final boolean TRACING = Boolean.getBoolean(TRACE_PROPERTY);
    /** Read only when tracing: the management classes cost start-up time of their own. */
    private static final long STARTED = TRACING
            ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() : 0;

    /**
     * With {@code -Dotp.startup.trace=true}, prints how long after the JVM started a step of the
     * start-up was reached (kept apart from the probe, whose measurement it would slow down).
     */
    static void mark(String step) {
        if (TRACING) {
            System.out.println("TRACE " + (System.currentTimeMillis() - STARTED) + " ms " + step);
        }
    }

    private StartupProbe() {
    }

    static void installIfRequested(PrintStream out) {
        if (!Boolean.getBoolean(PROPERTY)) {
            return;
        }
        AtomicBoolean reported = new AtomicBoolean();
        Toolkit toolkit = Toolkit.getDefaultToolkit();
        AWTEventListener listener = new AWTEventListener() {
            @Override
            public void eventDispatched(AWTEvent event) {
                if (event.getID() == FocusEvent.FOCUS_GAINED && event.getSource() instanceof JTextComponent
                        && reported.compareAndSet(false, true)) {
                    mark("first text field has focus");
                    out.println("READY");
                    out.flush();
                    toolkit.removeAWTEventListener(this);
                }
            }
        };
        toolkit.addAWTEventListener(listener, AWTEvent.FOCUS_EVENT_MASK);
    }
}
