/**
 * The mail settings dialog: every SMTP setting, the provider presets, how to log in (a password, or
 * signing in with Microsoft or Google), "Test connection", "Send test email" and "Save".
 * {@link dev.otpverifier.ui.settings.SettingsDialog} is the dialog, with its login rows (sign-in
 * method, user name and password) in {@code LoginFields}, its sign-in rows (client ID, tenant or
 * secret, issuer, Sign in, Sign out, the status line) and their workers in {@code SignInFields}, and
 * its grid in {@code FormRows}; {@code SettingsForm} (the fields' rules and the settings they make),
 * {@code SignInForm} and {@code SignInMethod} (the sign-in's rows, rules and status) and
 * {@code MailProvider} (the presets) are its Swing-free model, tested without a display.
 *
 * <p>Depends on {@code dev.otpverifier.config} (the settings it edits), {@code dev.otpverifier.otp}
 * (address rules, the delivery failure it reports) and {@code dev.otpverifier.ui.common}. It does
 * not know the main window, the demo inbox or the sign-in protocol: whoever opens the dialog hands
 * it a {@link dev.otpverifier.ui.settings.SettingsServices}, the narrow part of the app it needs (the
 * main window's {@code AppServices} extends it), whose sign-ins it sees only as
 * {@link dev.otpverifier.ui.settings.SignInAttempt}s. Event dispatch thread only, except the model
 * classes, which are immutable; checking, signing in and saving run in
 * {@link javax.swing.SwingWorker}s.
 */
package dev.otpverifier.ui.settings;
