/**
 * The mail settings dialog: every SMTP setting, the provider presets, "Test connection", "Send test
 * email" and "Save". {@link dev.otpverifier.ui.settings.SettingsDialog} is the dialog, with its
 * login rows (user name and password) in {@code LoginFields} and its grid in {@code FormRows};
 * {@code SettingsForm} (the fields' rules and the settings they make) and {@code MailProvider}
 * (the presets) are its Swing-free model, tested without a display.
 *
 * <p>Depends on {@code dev.otpverifier.config} (the settings it edits), {@code dev.otpverifier.otp}
 * (address rules, the delivery failure it reports) and {@code dev.otpverifier.ui.common}. It does
 * not know the main window or the demo inbox: whoever opens the dialog hands it a
 * {@link dev.otpverifier.ui.settings.SettingsServices}, the narrow part of the app it needs (the
 * main window's {@code AppServices} extends it). Event dispatch thread only, except the model
 * classes, which are immutable; checking and saving run in {@link javax.swing.SwingWorker}s.
 */
package dev.otpverifier.ui.settings;
