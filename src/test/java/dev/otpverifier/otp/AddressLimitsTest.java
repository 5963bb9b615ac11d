package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link AddressLimits}: what pruning keeps, which lock a merge keeps, and when nothing is left. */
class AddressLimitsTest {

    private static final Instant T0 = Instant.parse("2025-01-15T09:00:00Z");
    private static final OtpPolicy POLICY = OtpPolicy.defaults(); // quota window 15 min, lock window 1 h

    @Test
    void pruningKeepsTheSendsInsideTheQuotaWindowOnly() {
        AddressLimits limits = AddressLimits.NONE.withSend(T0).withSend(T0.plus(Duration.ofMinutes(10)));

        AddressLimits pruned = limits.pruned(T0.plus(Duration.ofMinutes(20)), POLICY);

        assertThat(pruned.sends()).containsExactly(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void pruningKeepsTheLastSendWhileItsCooldownRunsEvenOutsideTheQuotaWindow() {
        OtpPolicy longCooldown = POLICY.withResendCooldown(Duration.ofHours(1));
        Instant last = T0.plus(Duration.ofMinutes(1));
        AddressLimits limits = AddressLimits.NONE.withSend(T0).withSend(last);

        assertThat(limits.pruned(T0.plus(Duration.ofMinutes(20)), longCooldown).sends())
                .as("both outside the window; the last one's cooldown still runs").containsExactly(last);
        assertThat(limits.pruned(last.plus(Duration.ofHours(1)), longCooldown).sends())
                .as("its cooldown over").isEmpty();
    }

    @Test
    void pruningKeepsTheFailuresInsideTheLockWindowOnly() {
        Instant recent = T0.plus(Duration.ofMinutes(30));
        AddressLimits limits = AddressLimits.NONE.withFailure(T0).withFailure(recent);

        assertThat(limits.pruned(T0.plus(Duration.ofMinutes(70)), POLICY).failures()).containsExactly(recent);
    }

    @Test
    void pruningKeepsAForgivenessOnlyWhileAFailureBeforeItCouldStillCount() {
        AddressLimits limits = AddressLimits.NONE.withFailuresForgivenAt(T0);

        assertThat(limits.pruned(T0.plus(Duration.ofMinutes(59)), POLICY).failuresForgivenAt()).hasValue(T0);
        assertThat(limits.pruned(T0.plus(Duration.ofHours(1)), POLICY).failuresForgivenAt()).isEmpty();
    }

    @Test
    void pruningKeepsALockUntilItEnds() {
        AddressLimits limits = AddressLimits.NONE.withLockedUntil(T0);

        assertThat(limits.pruned(T0.minusNanos(1), POLICY).lockedUntil()).hasValue(T0);
        assertThat(limits.pruned(T0, POLICY).lockedUntil()).isEmpty();
    }

    @Test
    void aMergeKeepsTheLaterLockWhicheverSideHasIt() {
        AddressLimits earlier = AddressLimits.NONE.withLockedUntil(T0);
        AddressLimits later = AddressLimits.NONE.withLockedUntil(T0.plusSeconds(1));

        assertThat(earlier.merge(later).lockedUntil()).hasValue(T0.plusSeconds(1));
        assertThat(later.merge(earlier).lockedUntil()).hasValue(T0.plusSeconds(1));
        assertThat(AddressLimits.NONE.merge(earlier).lockedUntil()).hasValue(T0);
        assertThat(earlier.merge(AddressLimits.NONE).lockedUntil()).hasValue(T0);
    }

    @Test
    void onlyNoneIsEmpty() {
        assertThat(AddressLimits.NONE.isEmpty()).isTrue();
        assertThat(new AddressLimits(List.of(), List.of(), Optional.empty(), Optional.empty()).isEmpty()).isTrue();
        assertThat(AddressLimits.NONE.withSend(T0).isEmpty()).isFalse();
        assertThat(AddressLimits.NONE.withFailure(T0).isEmpty()).isFalse();
        assertThat(AddressLimits.NONE.withFailuresForgivenAt(T0).isEmpty()).isFalse();
        assertThat(AddressLimits.NONE.withLockedUntil(T0).isEmpty()).isFalse();
    }
}
