/**
 * The Swing window (FlatLaf), the settings dialog and the demo inbox window.
 *
 * <p>Depends on {@code dev.otpverifier.otp} and {@code dev.otpverifier.config} (the settings it
 * edits). Everything else it needs (sending a test message, saving, the demo inbox) comes through
 * {@link dev.otpverifier.ui.AppServices}, which the {@code app} package implements: the window never
 * sees Jakarta Mail or the demo server. Components are touched on the event dispatch thread only;
 * network work runs in {@link javax.swing.SwingWorker}s.
 */
package dev.otpverifier.ui;
