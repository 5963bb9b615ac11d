/**
 * The main window (FlatLaf) and what only it uses; the other windows are in subpackages.
 *
 * <p>Here: {@link dev.otpverifier.ui.OtpVerifierWindow} with its form,
 * {@link dev.otpverifier.ui.VerifierPanel}, and the form's Swing-free model,
 * {@link dev.otpverifier.ui.VerificationModel}, with the code field's rules ({@code CodeInput},
 * {@code Countdown}, tested without a display); the window's theme, its remembered place and its
 * first-frame warm-up; and {@link dev.otpverifier.ui.AppServices}, what the window needs from the
 * rest of the app. Beside it: {@code ui.settings} (the mail settings dialog), {@code ui.inbox} (the
 * demo inbox window) and {@code ui.common} (the words, the control factories, the icon and the
 * notices that all of them share).
 *
 * <p>Depends on {@code dev.otpverifier.otp}, {@code dev.otpverifier.config} (a configuration
 * problem to show) and the three ui subpackages, which do not depend on it. Everything else it
 * needs (sending a test message, saving, the demo inbox) comes through {@code AppServices}, which
 * the {@code app} package implements: the window never sees Jakarta Mail or the demo server.
 * Components are touched on the event dispatch thread only; network work runs in
 * {@link javax.swing.SwingWorker}s.
 */
package dev.otpverifier.ui;
