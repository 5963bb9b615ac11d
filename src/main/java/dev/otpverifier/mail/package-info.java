/**
 * Sends codes by SMTP with Jakarta Mail (Eclipse Angus Mail): settings, TLS trust, the message,
 * and the translation of failures into words a person can act on.
 *
 * <p>Depends on {@code dev.otpverifier.otp} (it implements {@link dev.otpverifier.otp.CodeSender})
 * and on Jakarta Mail; never on Swing, the configuration file format or the application wiring.
 */
package dev.otpverifier.mail;
