/**
 * The one-time-code core: code generation, the store, the policy, the outcomes, and the two
 * interfaces through which the rest of the app plugs in: {@link dev.otpverifier.otp.CodeSender}
 * (how a code travels) and {@link dev.otpverifier.otp.LimitLedger} (where the counts that protect an
 * address outlive the process).
 *
 * <p>This package depends on {@code java.*} only. It never sees how a code travels (SMTP, a test
 * fake, the demo inbox) or where the counts are kept (the app's owner-only file, or memory), and it
 * holds no user-facing text: outcomes are values that the user interfaces turn into words. Time and
 * randomness are injected ({@link java.time.Clock}, {@link java.security.SecureRandom}).
 *
 * <p>Standards followed (SECURITY.md quotes them and maps the numbers between versions): OWASP ASVS
 * 5.0.0 6.5.1 (single use), 6.5.3 and 6.5.4 (a CSPRNG, six digits), 6.5.5 (ten minutes), 6.6.2 (a
 * code is bound to its request: its address, its sender, and by default only the newest) and 6.6.3
 * (rate limiting); NIST SP 800-63B-4 3.1.3.2 (out-of-band secrets) and 3.2.2 (rate limiting, and
 * forgiving failures after a success), revision 3's 5.1.3.2 and 5.2.2.
 */
package dev.otpverifier.otp;
