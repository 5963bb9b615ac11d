/**
 * The terminal flow: ask for an address, send a code, ask for it until it is verified or cannot be.
 *
 * <p>Depends on {@code dev.otpverifier.otp} only; reads and writes plain streams, so it is fully
 * scriptable and testable without a terminal.
 */
package dev.otpverifier.console;
