package dev.otpverifier.otp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The counts that protect one address and must outlive the process: when codes were sent, when
 * wrong codes were typed, when those were forgiven, and until when the address is locked.
 *
 * <p>No code and no address is in here: a {@link LimitLedger} keeps these values under a key of its
 * own choosing. Values are merged, never overwritten ({@link #merge}): the union of the instants, the
 * later lock, the later forgiveness. A merge is commutative, associative and idempotent, so two
 * processes that each merge what they saw into one file lose none of each other's counts, in
 * whatever order they write. An instant is an event's identity, so a ledger must keep instants to
 * the nanosecond; two processes that record an event for the same address at the very same
 * nanosecond count it once.
 *
 * <p>Immutable and thread safe.
 *
 * @param sends when codes were sent, oldest first, without duplicates
 * @param failures when wrong codes were typed, oldest first, without duplicates; those at or before
 *     {@code failuresForgivenAt} no longer count
 * @param failuresForgivenAt when a right code forgave the wrong tries before it, if ever
 * @param lockedUntil until when the address is locked, if it ever was
 */
public record AddressLimits(List<Instant> sends, List<Instant> failures, Optional<Instant> failuresForgivenAt,
        Optional<Instant> lockedUntil) {

    /** No counts at all: what an address that was never seen has. */
    public static final AddressLimits NONE = new AddressLimits(List.of(), List.of(), Optional.empty(), Optional.empty());

    /** Sorts, removes duplicates and copies. */
    public AddressLimits {
        sends = sortedCopy(sends, "sends");
        failures = sortedCopy(failures, "failures");
        Objects.requireNonNull(failuresForgivenAt, "failuresForgivenAt");
        Objects.requireNonNull(lockedUntil, "lockedUntil");
        if (failuresForgivenAt.isPresent()) {
            Instant forgiven = failuresForgivenAt.get();
            failures = failures.stream().filter(at -> at.isAfter(forgiven)).toList();
        }
    }

    /** The union of both: every send and failure of either, the later forgiveness, the later lock. */
    public AddressLimits merge(AddressLimits other) {
        List<Instant> allSends = new ArrayList<>(sends);
        allSends.addAll(other.sends);
        List<Instant> allFailures = new ArrayList<>(failures);
        allFailures.addAll(other.failures);
        return new AddressLimits(allSends, allFailures, later(failuresForgivenAt, other.failuresForgivenAt),
                later(lockedUntil, other.lockedUntil));
    }

    /**
     * Drops what can no longer change a decision at {@code now} under {@code policy}: sends outside
     * the quota window (the last one is kept while its cooldown runs), failures outside the lock
     * window, a lock that has ended, and a forgiveness that no remaining failure precedes.
     */
    public AddressLimits pruned(Instant now, OtpPolicy policy) {
        Instant quotaStart = now.minus(policy.codesWindow());
        List<Instant> keptSends = new ArrayList<>();
        for (int i = 0; i < sends.size(); i++) {
            Instant sent = sends.get(i);
            boolean last = i == sends.size() - 1;
            if (sent.isAfter(quotaStart) || (last && now.isBefore(sent.plus(policy.resendCooldown())))) {
                keptSends.add(sent);
            }
        }
        Instant lockStart = now.minus(policy.lockWindow());
        List<Instant> keptFailures = failures.stream().filter(at -> at.isAfter(lockStart)).toList();
        Optional<Instant> keptLock = lockedUntil.filter(now::isBefore);
        // A forgiveness matters only while a failure from before it could still be merged in from elsewhere.
        Optional<Instant> keptForgiveness = failuresForgivenAt.filter(at -> at.isAfter(lockStart));
        return new AddressLimits(keptSends, keptFailures, keptForgiveness, keptLock);
    }

    /** Whether nothing is left that could change a decision; such an entry may be forgotten. */
    public boolean isEmpty() {
        return sends.isEmpty() && failures.isEmpty() && failuresForgivenAt.isEmpty() && lockedUntil.isEmpty();
    }

    /**
     * When this entry stops mattering under {@code policy}, for dropping the least useful entries
     * first when a ledger is full.
     */
    public Instant droppableAt(OtpPolicy policy) {
        Instant at = Instant.MIN;
        if (!sends.isEmpty()) {
            Instant last = sends.get(sends.size() - 1);
            at = latest(at, last.plus(policy.codesWindow()), last.plus(policy.resendCooldown()));
        }
        if (!failures.isEmpty()) {
            at = latest(at, failures.get(failures.size() - 1).plus(policy.lockWindow()));
        }
        if (failuresForgivenAt.isPresent()) {
            at = latest(at, failuresForgivenAt.get().plus(policy.lockWindow()));
        }
        if (lockedUntil.isPresent()) {
            at = latest(at, lockedUntil.get());
        }
        return at;
    }

    /**
     * A copy with one more send. The instants are the events' identities (a merge drops an instant it
     * already has), so a send at an instant that is taken is recorded at the next free nanosecond:
     * two sends at one tick of the clock count twice.
     */
    public AddressLimits withSend(Instant at) {
        return merge(new AddressLimits(List.of(free(sends, at)), List.of(), Optional.empty(), Optional.empty()));
    }

    /** A copy with one more failure, at the next free nanosecond if {@code at} is taken (see {@link #withSend}). */
    public AddressLimits withFailure(Instant at) {
        return merge(new AddressLimits(List.of(), List.of(free(failures, at)), Optional.empty(), Optional.empty()));
    }

    private static Instant free(List<Instant> taken, Instant at) {
        Instant candidate = at;
        while (taken.contains(candidate)) {
            candidate = candidate.plusNanos(1);
        }
        return candidate;
    }

    /** A copy whose failures up to {@code at} are forgiven. */
    public AddressLimits withFailuresForgivenAt(Instant at) {
        return merge(new AddressLimits(List.of(), List.of(), Optional.of(at), Optional.empty()));
    }

    /** A copy locked until {@code until} (or later, if it already was). */
    public AddressLimits withLockedUntil(Instant until) {
        return merge(new AddressLimits(List.of(), List.of(), Optional.empty(), Optional.of(until)));
    }

    private static List<Instant> sortedCopy(List<Instant> instants, String name) {
        Objects.requireNonNull(instants, name);
        TreeSet<Instant> sorted = new TreeSet<>();
        for (Instant instant : instants) {
            sorted.add(Objects.requireNonNull(instant, name + " must not hold null"));
        }
        return List.copyOf(sorted);
    }

    private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isAfter(b.get()) ? a : b;
    }

    private static Instant latest(Instant first, Instant... others) {
        Instant at = first;
        for (Instant other : others) {
            if (other.isAfter(at)) {
                at = other;
            }
        }
        return at;
    }
}
