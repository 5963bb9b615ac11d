package dev.otpverifier.otp;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues six-digit codes to email addresses and verifies what people type back.
 *
 * <p>A request checks the address and the limits of {@link OtpPolicy}, generates a code with the
 * injected {@link SecureRandom}, hands it to the {@link CodeSender} and only then stores its HMAC
 * digest: a send that fails leaves no code behind, keeps the previous code as it was, and charges
 * neither the cooldown nor the quota. A verification normalises the input ({@link Codes#normalize}),
 * compares digests in constant time, and uses the code up when it matches.
 *
 * <p>Thread safe: any number of threads may request and verify at once. The sender is called
 * without holding any lock, so a slow mail server delays only its own request; a second request for
 * the same address meanwhile gets {@link RequestResult.Cooldown}.
 *
 * <p>Every event is logged through {@link System.Logger} (name {@code dev.otpverifier.otp}) with the
 * address masked; codes are never logged. Out of scope: persistence (codes live only as long as the
 * process), and delivery itself (see {@link CodeSender}).
 */
public final class OtpService {

    private static final Logger LOG = System.getLogger("dev.otpverifier.otp");

    private final CodeSender sender;
    private final OtpPolicy policy;
    private final Clock clock;
    private final SecureRandom random;
    private final CodeHasher hasher;
    private final InMemoryCodeStore store;

    /**
     * Creates a service with an empty store.
     *
     * @param sender delivers the codes
     * @param policy the limits
     * @param clock the source of the current time; tests pass one they can move
     * @param random the source of codes and of the HMAC key
     */
    public OtpService(CodeSender sender, OtpPolicy policy, Clock clock, SecureRandom random) {
        this(sender, policy, clock, random, new CodeHasher(random), new InMemoryCodeStore(policy));
    }

    private OtpService(CodeSender sender, OtpPolicy policy, Clock clock, SecureRandom random, CodeHasher hasher,
            InMemoryCodeStore store) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.hasher = hasher;
        this.store = store;
    }

    /**
     * A service that sends through {@code newSender} but shares this one's codes, counters, quotas
     * and locks, so that changing the mail settings wipes no lockout and no live code.
     *
     * @param newSender delivers the codes from now on
     * @return the new service; this one stays usable and shares the same state
     */
    public OtpService withSender(CodeSender newSender) {
        return new OtpService(newSender, policy, clock, random, hasher, store);
    }

    /** The limits this service applies. */
    public OtpPolicy policy() {
        return policy;
    }

    /** The clock this service reads, so that callers can show countdowns on the same time line. */
    public Clock clock() {
        return clock;
    }

    /**
     * Sends a new code to an address, if the policy allows.
     *
     * @param address the address as typed; surrounding spaces are ignored, case does not matter for
     *     the limits
     * @return what happened; never {@code null}
     * @throws DeliveryException when the sender failed; nothing was stored or charged
     */
    public RequestResult requestCode(String address) {
        String masked = EmailAddresses.mask(address);
        Optional<String> checked = EmailAddresses.toAscii(address); // checked and converted once
        if (checked.isEmpty()) {
            LOG.log(Level.INFO, "Code request refused: invalid address {0}", masked);
            return new RequestResult.InvalidAddress();
        }
        String ascii = checked.get();
        String key = EmailAddresses.keyOfAscii(ascii);
        Instant now = clock.instant();
        RequestResult refusal = store.reserve(key, now);
        if (refusal != null) {
            LOG.log(Level.INFO, "Code request for {0} refused: {1}", masked, refusal);
            return refusal;
        }
        LOG.log(Level.INFO, "Code requested for {0}", masked);
        String code = Codes.generate(random);
        boolean sent = false;
        try {
            sender.send(ascii, code, policy.codeValidity());
            sent = true;
        } catch (DeliveryException e) {
            LOG.log(Level.WARNING, "Code for {0} could not be sent ({1}): {2}", masked, e.reason(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Code for {0} could not be sent: {1}", masked, e.getClass().getName());
            throw e;
        } finally {
            if (!sent) {
                store.release(key, clock.instant());
            }
        }
        RequestResult.Sent result = store.commit(key, hasher.hash(key, code), now);
        LOG.log(Level.INFO, "Code sent to {0}, valid until {1}", masked, result.expiresAt());
        return result;
    }

    /**
     * Checks an entered code.
     *
     * @param address the address the code was requested for
     * @param entered what the person typed or pasted; spaces and hyphens are ignored and any Unicode
     *     decimal digit counts as its ASCII digit
     * @return what happened; never {@code null}. {@link VerifyResult.Malformed} costs no attempt.
     */
    public VerifyResult verify(String address, String entered) {
        Optional<String> key = EmailAddresses.key(address);
        if (key.isEmpty()) {
            LOG.log(Level.INFO, "Verification for invalid address {0}: no active code", EmailAddresses.mask(address));
            return new VerifyResult.NoActiveCode();
        }
        byte[] digest = Codes.normalize(entered).map(code -> hasher.hash(key.get(), code)).orElse(null);
        VerifyResult result = store.verify(key.get(), digest, clock.instant());
        LOG.log(result instanceof VerifyResult.Verified ? Level.INFO : Level.WARNING,
                "Verification for {0}: {1}", EmailAddresses.mask(address), result);
        return result;
    }

    /**
     * Lets the sender get ready (for SMTP: connect, STARTTLS and log in in the background) because a
     * request is likely soon. Returns at once; harmless to call often.
     */
    public void prepareToSend() {
        sender.prepare();
    }

    /**
     * Optional: sets up the hashing of codes now, so that the first request does not pay for it
     * (about 30 ms in a fresh JVM). For a background thread after start-up; thread-safe.
     */
    public void warmUp() {
        hasher.warmUp();
    }

    /** How many addresses the store tracks now; never more than {@link OtpPolicy#maxEntries()}. */
    public int trackedAddresses() {
        return store.size();
    }

    /** Drops state that no longer affects any decision; also happens by itself once a minute. */
    public void purgeExpired() {
        store.purge(clock.instant());
    }
}
