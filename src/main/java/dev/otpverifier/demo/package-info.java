/**
 * Demo mode: a mail server on 127.0.0.1 that requires STARTTLS and a login, with a certificate made
 * for this run or kept in the cache directory, and the inbox of what it received; and the same
 * server keeping nothing, as the other end of the app's send rehearsal.
 *
 * <p>Lets a person see the whole product before configuring a real mail server, through the very
 * same sender that talks to Gmail. Depends on {@code dev.otpverifier.otp}, subethasmtp and the
 * Jakarta Mail API (to read received messages); never on Swing or on {@code dev.otpverifier.mail}.
 */
package dev.otpverifier.demo;
