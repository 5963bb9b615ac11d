package dev.otpverifier.otp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-address state behind {@link OtpService}: code digests, attempt counters, quotas and locks.
 *
 * <p>Keeps no plaintext code. The counts that protect an address (sends, wrong tries, forgiveness,
 * lock: {@link AddressLimits}) are read from the {@link LimitLedger} before each decision and merged
 * into it after each event, so that they outlive the process and are shared with other processes;
 * the codes themselves stay here, in memory only.
 *
 * <p>Every code remembers the sender generation it was issued under. When the service's sender is
 * replaced ({@link #nextGeneration()}), codes of older generations stop verifying; like a code that a
 * newer one replaced, they are kept as <em>retired</em> until they would have expired, only so that
 * typing one can be answered in words instead of as a wrong code.
 *
 * <p>All state sits behind one lock: every operation is a few map look-ups, a few digest comparisons
 * and the ledger's read and merge (a small file, for the app), and one lock makes the promises (single
 * use, attempt limits, cap) easy to see and hard to break. Expired entries are purged at most once a
 * minute and whenever the store is full; it never tracks more than {@link OtpPolicy#maxEntries()}
 * addresses.
 */
final class InMemoryCodeStore {

    private static final System.Logger LOG = System.getLogger("dev.otpverifier.otp");
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Retired codes kept per address: enough for every code of a full quota window. */
    private static final int MAX_RETIRED = 8;

    private final OtpPolicy policy;
    private final LimitLedger ledger;
    private final Object lock = new Object();
    private final Map<String, Entry> entries = new HashMap<>();
    private Instant nextPurge = Instant.MIN;
    private long generation;

    InMemoryCodeStore(OtpPolicy policy, LimitLedger ledger) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** The generation of the sender in use now. */
    long currentGeneration() {
        synchronized (lock) {
            return generation;
        }
    }

    /** Starts a new sender generation: every code issued before stops verifying. */
    long nextGeneration() {
        synchronized (lock) {
            return ++generation;
        }
    }

    /**
     * Reserves the right to send a code to an address, or says why not.
     *
     * @return {@code null} when reserved (the caller must then {@link #commit} or {@link #release}),
     *     otherwise the refusal
     */
    RequestResult reserve(String key, Instant now) {
        synchronized (lock) {
            purgeIfDue(now);
            Entry entry = entries.get(key);
            if (entry == null) {
                if (entries.size() >= policy.maxEntries()) {
                    purge(now);
                }
                if (entries.size() >= policy.maxEntries()) {
                    return new RequestResult.Busy(earliestDrop());
                }
                entry = new Entry();
                entries.put(key, entry);
            }
            entry.absorb(recorded(key), now, policy);
            AddressLimits limits = entry.limits;
            if (entry.isLocked(now)) {
                return new RequestResult.Locked(limits.lockedUntil().orElseThrow());
            }
            if (entry.sending) {
                return new RequestResult.Cooldown(now.plus(policy.resendCooldown()));
            }
            // A zero cooldown is off. (Only then can two sends share a tick of the clock, and the second
            // be recorded a nanosecond later, see AddressLimits.withSend, which must not read as a cooldown.)
            if (!limits.sends().isEmpty() && !policy.resendCooldown().isZero()) {
                Instant resendAllowedAt = last(limits.sends()).plus(policy.resendCooldown());
                if (now.isBefore(resendAllowedAt)) {
                    return new RequestResult.Cooldown(resendAllowedAt);
                }
            }
            List<Instant> inWindow = after(limits.sends(), now.minus(policy.codesWindow()));
            if (inWindow.size() >= policy.maxCodesPerWindow()) {
                return new RequestResult.RateLimited(inWindow.get(0).plus(policy.codesWindow()));
            }
            entry.sending = true;
            return null;
        }
    }

    /**
     * Records a code that was sent. Without {@link OtpPolicy#previousCodeValid()} it replaces every
     * live code of the address; with it, the newest earlier code of the same sender generation stays
     * acceptable until it expires.
     */
    RequestResult.Sent commit(String key, byte[] digest, Instant issuedAt, long senderGeneration,
            boolean reachesTheMailbox) {
        synchronized (lock) {
            Entry entry = entries.get(key);
            if (entry == null || !entry.sending) {
                throw new AssertionError("commit without a reservation");
            }
            entry.sending = false;
            entry.dropExpired(issuedAt);
            entry.retireOtherGenerations(generation);
            IssuedCode kept = null;
            if (policy.previousCodeValid() && !entry.dead && !entry.codes.isEmpty()) {
                kept = entry.codes.remove(entry.codes.size() - 1);
            }
            for (IssuedCode replaced : entry.codes) {
                entry.retire(replaced, Retirement.SUPERSEDED);
            }
            entry.codes.clear();
            if (kept != null) {
                entry.codes.add(kept);
            }
            Instant expiresAt = issuedAt.plus(policy.codeValidity());
            entry.codes.add(new IssuedCode(digest, expiresAt, senderGeneration, reachesTheMailbox));
            entry.retireOtherGenerations(generation); // a send through a replaced sender proves nothing now
            entry.dead = false;
            entry.expired = false;
            entry.limits = record(key, entry.limits.withSend(issuedAt));
            return new RequestResult.Sent(expiresAt, issuedAt.plus(policy.resendCooldown()));
        }
    }

    /** Gives back a reservation after a failed send: nothing is charged, the previous code is untouched. */
    void release(String key, Instant now) {
        synchronized (lock) {
            Entry entry = entries.get(key);
            if (entry == null || !entry.sending) {
                throw new AssertionError("release without a reservation");
            }
            entry.sending = false;
            if (entry.droppableAt(policy).compareTo(now) <= 0) {
                entries.remove(key);
            }
        }
    }

    /** Checks a digest against the codes of an address and updates the counters. */
    VerifyResult verify(String key, byte[] digest, Instant now) {
        synchronized (lock) {
            purgeIfDue(now);
            Entry entry = entries.get(key);
            if (entry == null) {
                // No code in this process, but another process (or an earlier run) may have locked it.
                AddressLimits recorded = lockedByFailures(recorded(key).pruned(now, policy), now, policy);
                if (recorded.lockedUntil().filter(now::isBefore).isPresent()) {
                    return new VerifyResult.Locked(recorded.lockedUntil().get());
                }
                return new VerifyResult.NoActiveCode();
            }
            entry.absorb(recorded(key), now, policy);
            if (entry.isLocked(now)) {
                entry.codes.clear();
                return new VerifyResult.Locked(entry.limits.lockedUntil().orElseThrow());
            }
            if (digest == null) {
                return new VerifyResult.Malformed();
            }
            entry.retireOtherGenerations(generation);
            entry.dropExpired(now);
            // Every digest is compared, with no early exit: the same work whichever code (if any) matches.
            boolean live = false;
            boolean proves = false;
            for (IssuedCode code : entry.codes) {
                boolean match = CodeHasher.matches(code.digest, digest);
                live |= match;
                proves |= match && code.reachesTheMailbox;
            }
            Retirement retired = null;
            for (RetiredCode code : entry.retired) {
                if (CodeHasher.matches(code.digest, digest)) {
                    retired = code.why;
                }
            }
            if (retired != null && !live) {
                // An older message was read: that is no guess, so it costs no attempt; it proves nothing either.
                return retired == Retirement.SUPERSEDED ? new VerifyResult.Superseded()
                        : new VerifyResult.SenderChanged();
            }
            if (entry.codes.isEmpty()) {
                return entry.expired ? new VerifyResult.Expired() : new VerifyResult.NoActiveCode();
            }
            if (entry.dead) {
                return new VerifyResult.TooManyAttempts();
            }
            if (live) {
                entry.codes.clear();
                entry.retired.clear();
                entry.expired = false;
                if (proves && !entry.limits.failures().isEmpty()) {
                    // NIST SP 800-63B-4 3.2.2: after a success the verifier SHOULD disregard the failed
                    // attempts before it; see SECURITY.md. Every failure recorded so far, also one that
                    // shared this tick of the clock and was recorded a nanosecond later.
                    // Not beyond a second ahead, though: a clock set back must not forgive the failures to come.
                    Instant lastFailure = last(entry.limits.failures());
                    Instant forgiven = lastFailure.isAfter(now) && !lastFailure.isAfter(now.plusSeconds(1))
                            ? lastFailure : now;
                    entry.limits = record(key, entry.limits.withFailuresForgivenAt(forgiven));
                }
                return new VerifyResult.Verified();
            }
            return wrongTry(key, entry, now);
        }
    }

    private VerifyResult wrongTry(String key, Entry entry, Instant now) {
        // The wrong try was checked against every live code, so it counts against each of them:
        // no code ever takes more than maxAttemptsPerCode wrong tries, however often it is resent.
        int fewestWrongTries = Integer.MAX_VALUE;
        for (IssuedCode code : entry.codes) {
            code.wrongTries++;
            fewestWrongTries = Math.min(fewestWrongTries, code.wrongTries);
        }
        // Locked by this failure, or by this one with those another process recorded meanwhile.
        AddressLimits limits = lockedByFailures(entry.limits.withFailure(now), now, policy);
        entry.limits = lockedByFailures(record(key, limits), now, policy);
        if (entry.isLocked(now)) {
            entry.codes.clear();
            entry.expired = false;
            return new VerifyResult.Locked(entry.limits.lockedUntil().orElseThrow());
        }
        if (fewestWrongTries >= policy.maxAttemptsPerCode()) {
            entry.dead = true; // kept until they expire, so that late tries hear "too many attempts"
            return new VerifyResult.TooManyAttempts();
        }
        entry.codes.removeIf(code -> code.wrongTries >= policy.maxAttemptsPerCode());
        return new VerifyResult.WrongCode(policy.maxAttemptsPerCode() - fewestWrongTries);
    }

    /** How many addresses are tracked now. */
    int size() {
        synchronized (lock) {
            return entries.size();
        }
    }

    /** Drops every entry that no longer affects any decision. */
    void purge(Instant now) {
        synchronized (lock) {
            Iterator<Entry> iterator = entries.values().iterator();
            while (iterator.hasNext()) {
                if (iterator.next().droppableAt(policy).compareTo(now) <= 0) {
                    iterator.remove();
                }
            }
            nextPurge = now.plus(PURGE_INTERVAL);
        }
    }

    private void purgeIfDue(Instant now) {
        if (!now.isBefore(nextPurge)) {
            purge(now);
        }
    }

    private Instant earliestDrop() {
        Instant earliest = Instant.MAX;
        for (Entry entry : entries.values()) {
            Instant at = entry.droppableAt(policy);
            if (at.isBefore(earliest)) {
                earliest = at;
            }
        }
        return earliest;
    }

    /**
     * What the ledger recorded; a ledger that fails unexpectedly (it should report its own problems
     * and never throw) is logged and treated as empty, so that the store's state stays consistent.
     */
    private AddressLimits recorded(String key) {
        try {
            return ledger.read(key);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The limits ledger failed to read: {0}", e.getClass().getName());
            return AddressLimits.NONE;
        }
    }

    /** Merges into the ledger; a ledger that fails unexpectedly is logged, and the counts stay in memory. */
    private AddressLimits record(String key, AddressLimits limits) {
        try {
            return ledger.merge(key, limits);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The limits ledger failed to write: {0}", e.getClass().getName());
            return limits;
        }
    }

    /** The limits, locked if the failures in the lock window reach the limit, whoever recorded them. */
    private static AddressLimits lockedByFailures(AddressLimits limits, Instant now, OtpPolicy policy) {
        List<Instant> inWindow = after(limits.failures(), now.minus(policy.lockWindow()));
        if (inWindow.size() >= policy.maxFailuresPerLockWindow()) {
            return limits.withLockedUntil(inWindow.get(0).plus(policy.lockWindow()));
        }
        return limits;
    }

    private static Instant last(List<Instant> instants) {
        return instants.get(instants.size() - 1);
    }

    /** The instants strictly after {@code start}, oldest first. */
    private static List<Instant> after(List<Instant> instants, Instant start) {
        return instants.stream().filter(at -> at.isAfter(start)).toList();
    }

    /** Why a code stopped verifying before it expired. */
    private enum Retirement {
        /** A newer code was sent to the address. */
        SUPERSEDED,
        /** The sender that delivered it was replaced. */
        SENDER_CHANGED
    }

    /** One live code's digest, expiry, sender and wrong tries so far; only touched while holding the store's lock. */
    private static final class IssuedCode {
        final byte[] digest;
        final Instant expiresAt;
        final long generation;
        /** Whether its sender delivers to the real mailbox (not the demo inbox): only then does it forgive. */
        final boolean reachesTheMailbox;
        int wrongTries;

        IssuedCode(byte[] digest, Instant expiresAt, long generation, boolean reachesTheMailbox) {
            this.digest = digest;
            this.expiresAt = expiresAt;
            this.generation = generation;
            this.reachesTheMailbox = reachesTheMailbox;
        }
    }

    /** A code that no longer verifies, kept until it would have expired to explain a late try. */
    private record RetiredCode(byte[] digest, Instant expiresAt, Retirement why) {
    }

    /** Mutable state of one address; only touched while holding the store's lock. */
    private static final class Entry {
        final List<IssuedCode> codes = new ArrayList<>(2);
        final List<RetiredCode> retired = new ArrayList<>(2);
        AddressLimits limits = AddressLimits.NONE;
        boolean dead;
        boolean expired;
        boolean sending;

        boolean isLocked(Instant now) {
            return limits.lockedUntil().filter(now::isBefore).isPresent();
        }

        /**
         * Takes in what the ledger recorded (this process's earlier events and other processes'). Two
         * processes may each have added failures without either reaching the limit on its own; the
         * lock follows from the failures in the window, whoever recorded them.
         */
        void absorb(AddressLimits recorded, Instant now, OtpPolicy policy) {
            limits = lockedByFailures(limits.merge(recorded).pruned(now, policy), now, policy);
        }

        void retire(IssuedCode code, Retirement why) {
            retired.add(new RetiredCode(code.digest, code.expiresAt, why));
            while (retired.size() > MAX_RETIRED) {
                retired.remove(0);
            }
        }

        void retireOtherGenerations(long current) {
            Iterator<IssuedCode> iterator = codes.iterator();
            while (iterator.hasNext()) {
                IssuedCode code = iterator.next();
                if (code.generation != current) {
                    iterator.remove();
                    retire(code, Retirement.SENDER_CHANGED);
                }
            }
        }

        void dropExpired(Instant now) {
            retired.removeIf(code -> !now.isBefore(code.expiresAt()));
            if (codes.removeIf(code -> !now.isBefore(code.expiresAt))) {
                if (codes.isEmpty()) {
                    expired = true;
                }
            }
        }

        /** When this entry stops mattering: no live or retired code, no quota, no lock, no failure in the window. */
        Instant droppableAt(OtpPolicy policy) {
            if (sending) {
                return Instant.MAX;
            }
            Instant at = limits.droppableAt(policy);
            for (IssuedCode code : codes) {
                // Kept for one more validity period after expiry, so that a late attempt is told
                // "expired" rather than "no code was requested".
                at = later(at, code.expiresAt.plus(policy.codeValidity()));
            }
            for (RetiredCode code : retired) {
                at = later(at, code.expiresAt());
            }
            return at;
        }

        private static Instant later(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }
    }
}
