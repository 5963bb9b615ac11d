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
 * <p>A code proves the address only through the sender that delivered it: {@link #withSender} starts
 * a new sender generation, and every code issued before stops verifying (typing one is answered
 * {@link VerifyResult.SenderChanged}, at no cost), while the counts that protect the address stay.
 *
 * <p>The counts that protect an address (sends, wrong tries, locks) go through a {@link LimitLedger},
 * which the app backs with an owner-only file so that a restart resets nothing. Codes live only as
 * long as the process.
 *
 * <p>Every event is logged through {@link System.Logger} (name {@code dev.otpverifier.otp}) with the
 * address masked; codes are never logged, and neither is a delivery failure's text, which may hold
 * the address or a server reply that repeats it. Out of scope: delivery itself (see {@link CodeSender}).
 */
public final class OtpService {

    private static final Logger LOG = System.getLogger("dev.otpverifier.otp");

    private final CodeSender sender;
    private final OtpPolicy policy;
    private final Clock clock;
    private final SecureRandom random;
    private final CodeHasher hasher;
    private final InMemoryCodeStore store;
    private final long senderGeneration;

    /**
     * Creates a service with an empty store whose counts end with the process.
     *
     * @param sender delivers the codes
     * @param policy the limits
     * @param clock the source of the current time; tests pass one they can move
     * @param random the source of codes and of the HMAC key
     */
    public OtpService(CodeSender sender, OtpPolicy policy, Clock clock, SecureRandom random) {
        this(sender, policy, clock, random, LimitLedger.none());
    }

    /**
     * Creates a service with an empty store whose counts are kept in {@code ledger}.
     *
     * @param sender delivers the codes
     * @param policy the limits
     * @param clock the source of the current time; tests pass one they can move
     * @param random the source of codes and of the HMAC key
     * @param ledger where the counts that protect each address are kept (and read back after a restart)
     */
    public OtpService(CodeSender sender, OtpPolicy policy, Clock clock, SecureRandom random, LimitLedger ledger) {
        this(sender, policy, clock, random, new CodeHasher(random), new InMemoryCodeStore(policy, ledger), 0);
    }

    private OtpService(CodeSender sender, OtpPolicy policy, Clock clock, SecureRandom random, CodeHasher hasher,
            InMemoryCodeStore store, long senderGeneration) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.hasher = hasher;
        this.store = store;
        this.senderGeneration = senderGeneration;
    }

    /**
     * A service that sends through {@code newSender} and shares this one's counters, quotas and locks,
     * so that changing the mail settings lifts no lockout and resets no count. Every code sent so far,
     * through this service or any other of the same store, stops verifying: the old sender may have
     * delivered it somewhere else (the demo inbox, another server), so it proves nothing about the
     * address now.
     *
     * @param newSender delivers the codes from now on
     * @return the new service; this one stays usable, but codes it sends from now on never verify
     */
    public OtpService withSender(CodeSender newSender) {
        Objects.requireNonNull(newSender, "newSender");
        return new OtpService(newSender, policy, clock, random, hasher, store, store.nextGeneration());
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
            // The reason only: the message may name the address, and a server's reply often repeats it.
            LOG.log(Level.WARNING, "Code for {0} could not be sent: {1}", masked, e.reason());
            throw e;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Code for {0} could not be sent: {1}", masked, e.getClass().getName());
            throw e;
        } finally {
            if (!sent) {
                store.release(key, clock.instant());
            }
        }
        RequestResult.Sent result = store.commit(key, hasher.hash(key, code), now, senderGeneration,
                sender.reachesTheMailbox());
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
