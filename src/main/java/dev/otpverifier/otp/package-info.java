/**
 * The one-time-code core: code generation, the in-memory store, the policy and the outcomes.
 *
 * <p>This package depends on {@code java.*} only. It owns the {@link dev.otpverifier.otp.CodeSender}
 * interface, so it never sees how a code travels (SMTP, a test fake, the demo inbox), and it holds no
 * user-facing text: outcomes are values that the user interfaces turn into words. Time and
 * randomness are injected ({@link java.time.Clock}, {@link java.security.SecureRandom}).
 *
 * <p>Standards followed: NIST SP 800-63B section 5.1.3 (out-of-band authenticators: the secret is
 * random, short-lived and single use) and section 5.2.2 (rate limiting of failed attempts); OWASP ASVS
 * 4.0.3 sections 2.7.2 (expiry), 2.7.3 (single use) and 2.7.6 (at least 20 bits of entropy from a
 * CSPRNG).
 */
package dev.otpverifier.otp;
