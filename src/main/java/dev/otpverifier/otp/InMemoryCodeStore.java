package dev.otpverifier.otp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-address state behind {@link OtpService}: code digests, attempt counters, quotas and locks.
 *
 * <p>Keeps no plaintext code. All state sits behind one lock: every operation is a few map look-ups
 * and at most two digest comparisons, so the lock is held for microseconds, and one lock makes the
 * promises (single use, attempt limits, cap) easy to see and hard to break. Expired entries are
 * purged at most once a minute and whenever the store is full; it never tracks more than
 * {@link OtpPolicy#maxEntries()} addresses.
 */
final class InMemoryCodeStore {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final OtpPolicy policy;
    private final Object lock = new Object();
    private final Map<String, Entry> entries = new HashMap<>();
    private Instant nextPurge = Instant.MIN;

    InMemoryCodeStore(OtpPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
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
            if (entry.isLocked(now)) {
                return new RequestResult.Locked(entry.lockedUntil);
            }
            if (entry.sending) {
                return new RequestResult.Cooldown(now.plus(policy.resendCooldown()));
            }
            if (entry.lastSentAt != null) {
                Instant resendAllowedAt = entry.lastSentAt.plus(policy.resendCooldown());
                if (now.isBefore(resendAllowedAt)) {
                    return new RequestResult.Cooldown(resendAllowedAt);
                }
            }
            entry.pruneSends(now.minus(policy.codesWindow()));
            if (entry.sends.size() >= policy.maxCodesPerWindow()) {
                return new RequestResult.RateLimited(entry.sends.peekFirst().plus(policy.codesWindow()));
            }
            entry.sending = true;
            return null;
        }
    }

    /** Records a code that was sent, replacing the current one, which stays acceptable until it expires. */
    RequestResult.Sent commit(String key, byte[] digest, Instant issuedAt) {
        synchronized (lock) {
            Entry entry = entries.get(key);
            if (entry == null || !entry.sending) {
                throw new AssertionError("commit without a reservation");
            }
            entry.sending = false;
            entry.dropExpiredCodes(issuedAt);
            if (entry.dead || entry.codes.isEmpty()) {
                entry.codes.clear();
            } else {
                IssuedCode current = entry.codes.get(entry.codes.size() - 1);
                entry.codes.clear();
                entry.codes.add(current);
            }
            Instant expiresAt = issuedAt.plus(policy.codeValidity());
            entry.codes.add(new IssuedCode(digest, expiresAt));
            entry.dead = false;
            entry.expired = false;
            entry.sends.addLast(issuedAt);
            entry.lastSentAt = issuedAt;
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

    /** Checks a digest against the live codes of an address and updates the counters. */
    VerifyResult verify(String key, byte[] digest, Instant now) {
        synchronized (lock) {
            purgeIfDue(now);
            Entry entry = entries.get(key);
            if (entry == null) {
                return new VerifyResult.NoActiveCode();
            }
            if (entry.isLocked(now)) {
                return new VerifyResult.Locked(entry.lockedUntil);
            }
            if (digest == null) {
                return new VerifyResult.Malformed();
            }
            entry.dropExpiredCodes(now);
            if (entry.codes.isEmpty()) {
                return entry.expired ? new VerifyResult.Expired() : new VerifyResult.NoActiveCode();
            }
            if (entry.dead) {
                return new VerifyResult.TooManyAttempts();
            }
            boolean match = false;
            for (IssuedCode code : entry.codes) {
                match |= CodeHasher.matches(code.digest(), digest); // no early exit: same work either way
            }
            if (match) {
                entry.codes.clear();
                entry.expired = false;
                return new VerifyResult.Verified();
            }
            // The wrong try was checked against every live code, so it counts against each of them:
            // no code ever takes more than maxAttemptsPerCode wrong tries, however often it is resent.
            int fewestWrongTries = Integer.MAX_VALUE;
            for (IssuedCode code : entry.codes) {
                code.wrongTries++;
                fewestWrongTries = Math.min(fewestWrongTries, code.wrongTries);
            }
            entry.failures.addLast(now);
            entry.pruneFailures(now.minus(policy.lockWindow()));
            if (entry.failures.size() >= policy.maxFailuresPerLockWindow()) {
                entry.lockedUntil = entry.failures.peekFirst().plus(policy.lockWindow());
                entry.codes.clear();
                entry.expired = false;
                return new VerifyResult.Locked(entry.lockedUntil);
            }
            if (fewestWrongTries >= policy.maxAttemptsPerCode()) {
                entry.dead = true; // kept until they expire, so that late tries hear "too many attempts"
                return new VerifyResult.TooManyAttempts();
            }
            entry.codes.removeIf(code -> code.wrongTries >= policy.maxAttemptsPerCode());
            return new VerifyResult.WrongCode(policy.maxAttemptsPerCode() - fewestWrongTries);
        }
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

    /** One code's digest, expiry and wrong tries so far; only touched while holding the store's lock. */
    private static final class IssuedCode {
        private final byte[] digest;
        private final Instant expiresAt;
        int wrongTries;

        IssuedCode(byte[] digest, Instant expiresAt) {
            this.digest = digest;
            this.expiresAt = expiresAt;
        }

        byte[] digest() {
            return digest;
        }

        Instant expiresAt() {
            return expiresAt;
        }
    }

    /** Mutable state of one address; only touched while holding the store's lock. */
    private static final class Entry {
        final List<IssuedCode> codes = new ArrayList<>(2);
        final ArrayDeque<Instant> sends = new ArrayDeque<>();
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        boolean dead;
        boolean expired;
        boolean sending;
        Instant lastSentAt;
        Instant lockedUntil;

        boolean isLocked(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }

        void dropExpiredCodes(Instant now) {
            if (codes.removeIf(code -> !now.isBefore(code.expiresAt()))) {
                if (codes.isEmpty()) {
                    expired = true;
                }
            }
        }

        void pruneSends(Instant windowStart) {
            while (!sends.isEmpty() && !sends.peekFirst().isAfter(windowStart)) {
                sends.removeFirst();
            }
        }

        void pruneFailures(Instant windowStart) {
            while (!failures.isEmpty() && !failures.peekFirst().isAfter(windowStart)) {
                failures.removeFirst();
            }
        }

        /** When this entry stops mattering: no live code, no quota, no lock, no failure in the window. */
        Instant droppableAt(OtpPolicy policy) {
            if (sending) {
                return Instant.MAX;
            }
            Instant at = Instant.MIN;
            for (IssuedCode code : codes) {
                // Kept for one more validity period after expiry, so that a late attempt is told
                // "expired" rather than "no code was requested".
                at = later(at, code.expiresAt().plus(policy.codeValidity()));
            }
            if (!sends.isEmpty()) {
                at = later(at, sends.peekLast().plus(policy.codesWindow()));
            }
            if (lastSentAt != null) {
                at = later(at, lastSentAt.plus(policy.resendCooldown()));
            }
            if (!failures.isEmpty()) {
                at = later(at, failures.peekLast().plus(policy.lockWindow()));
            }
            if (lockedUntil != null) {
                at = later(at, lockedUntil);
            }
            return at;
        }

        private static Instant later(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }
    }
}
