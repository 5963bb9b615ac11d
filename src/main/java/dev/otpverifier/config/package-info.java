/**
 * Reads {@code config.properties} and the environment into validated settings, finds the file in
 * the documented places, and writes it back for the settings dialog.
 *
 * <p>Depends on {@code dev.otpverifier.otp} (for {@link dev.otpverifier.otp.OtpPolicy}) and on
 * {@code java.*}; knows nothing of Swing or Jakarta Mail. Every problem names its key.
 */
package dev.otpverifier.config;
