/**
 * What must outlive a restart but is no configuration: the counts that protect an address
 * ({@link dev.otpverifier.otp.AddressLimits}), kept in an owner-only file by
 * {@link dev.otpverifier.state.FileLimitLedger}.
 *
 * <p>Depends on {@code dev.otpverifier.otp} (for the {@link dev.otpverifier.otp.LimitLedger} it
 * implements) and on the JDK only ({@code java.*}, and {@code javax.crypto} for the keyed hash of an
 * address). Only {@code dev.otpverifier.app} uses it: the core sees a {@code LimitLedger}, never a file.
 */
package dev.otpverifier.state;
