package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link OtpPolicy}: defaults, validation and the copy methods. */
class OtpPolicyTest {

    @Test
    void defaultsAreTheDocumentedNumbers() {
        assertThat(OtpPolicy.defaults()).isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(30), 5,
                Duration.ofMinutes(15), 20, Duration.ofHours(1), 10_000, false));
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("codeValidity", (Function<OtpPolicy, OtpPolicy>) p -> p.withCodeValidity(Duration.ZERO)),
                Arguments.of("codeValidity", (Function<OtpPolicy, OtpPolicy>) p -> p.withCodeValidity(Duration.ofSeconds(-1))),
                Arguments.of("maxAttemptsPerCode", (Function<OtpPolicy, OtpPolicy>) p -> p.withMaxAttemptsPerCode(0)),
                Arguments.of("maxAttemptsPerCode", (Function<OtpPolicy, OtpPolicy>) p -> p.withMaxAttemptsPerCode(-1)),
                Arguments.of("resendCooldown", (Function<OtpPolicy, OtpPolicy>) p -> p.withResendCooldown(Duration.ofNanos(-1))),
                Arguments.of("maxCodesPerWindow", (Function<OtpPolicy, OtpPolicy>) p -> p.withMaxCodesPerWindow(0)),
                Arguments.of("maxCodesPerWindow", (Function<OtpPolicy, OtpPolicy>) p -> p.withMaxCodesPerWindow(-5)),
                Arguments.of("codesWindow", (Function<OtpPolicy, OtpPolicy>) p -> p.withCodesWindow(Duration.ZERO)),
                Arguments.of("codesWindow", (Function<OtpPolicy, OtpPolicy>) p -> p.withCodesWindow(Duration.ofMinutes(-15))),
                Arguments.of("maxFailuresPerLockWindow", (Function<OtpPolicy, OtpPolicy>) p -> p.withMaxFailuresPerLockWindow(0)),
                Arguments.of("maxFailuresPerLockWindow", (Function<OtpPolicy, OtpPolicy>) p -> p.withMaxFailuresPerLockWindow(-20)),
                Arguments.of("lockWindow", (Function<OtpPolicy, OtpPolicy>) p -> p.withLockWindow(Duration.ZERO)),
                Arguments.of("lockWindow", (Function<OtpPolicy, OtpPolicy>) p -> p.withLockWindow(Duration.ofHours(-1))),
                Arguments.of("maxEntries", (Function<OtpPolicy, OtpPolicy>) p -> p.withMaxEntries(0)),
                Arguments.of("maxEntries", (Function<OtpPolicy, OtpPolicy>) p -> p.withMaxEntries(Integer.MIN_VALUE)));
    }

    @ParameterizedTest(name = "{0} #{index}")
    @MethodSource("badValues")
    void zeroOrNegativeValueIsRejectedNamingTheField(String field, Function<OtpPolicy, OtpPolicy> change) {
        assertThatThrownBy(() -> change.apply(OtpPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(field + " ");
    }

    @Test
    void zeroResendCooldownIsAllowedOnPurpose() {
        // Documented: the cooldown "must not be negative"; zero switches it off (the quota still applies).
        assertThat(OtpPolicy.defaults().withResendCooldown(Duration.ZERO).resendCooldown()).isZero();
    }

    @Test
    void missingDurationIsRejectedNamingTheField() {
        assertThatNullPointerException().isThrownBy(() -> OtpPolicy.defaults().withCodeValidity(null))
                .withMessage("codeValidity");
        assertThatNullPointerException().isThrownBy(() -> OtpPolicy.defaults().withResendCooldown(null))
                .withMessage("resendCooldown");
        assertThatNullPointerException().isThrownBy(() -> OtpPolicy.defaults().withCodesWindow(null))
                .withMessage("codesWindow");
        assertThatNullPointerException().isThrownBy(() -> OtpPolicy.defaults().withLockWindow(null))
                .withMessage("lockWindow");
    }

    @Test
    void eachCopyMethodChangesOnlyItsOwnField() {
        OtpPolicy d = OtpPolicy.defaults();

        assertThat(d.withCodeValidity(Duration.ofMinutes(1)))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(1), 5, Duration.ofSeconds(30), 5, Duration.ofMinutes(15), 20,
                        Duration.ofHours(1), 10_000, false));
        assertThat(d.withMaxAttemptsPerCode(3))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 3, Duration.ofSeconds(30), 5, Duration.ofMinutes(15), 20,
                        Duration.ofHours(1), 10_000, false));
        assertThat(d.withResendCooldown(Duration.ofSeconds(5)))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(5), 5, Duration.ofMinutes(15), 20,
                        Duration.ofHours(1), 10_000, false));
        assertThat(d.withMaxCodesPerWindow(2))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(30), 2, Duration.ofMinutes(15), 20,
                        Duration.ofHours(1), 10_000, false));
        assertThat(d.withCodesWindow(Duration.ofMinutes(3)))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(30), 5, Duration.ofMinutes(3), 20,
                        Duration.ofHours(1), 10_000, false));
        assertThat(d.withMaxFailuresPerLockWindow(7))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(30), 5, Duration.ofMinutes(15), 7,
                        Duration.ofHours(1), 10_000, false));
        assertThat(d.withLockWindow(Duration.ofMinutes(20)))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(30), 5, Duration.ofMinutes(15), 20,
                        Duration.ofMinutes(20), 10_000, false));
        assertThat(d.withMaxEntries(3))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(30), 5, Duration.ofMinutes(15), 20,
                        Duration.ofHours(1), 3, false));
        assertThat(d.withPreviousCodeValid(true))
                .isEqualTo(new OtpPolicy(Duration.ofMinutes(10), 5, Duration.ofSeconds(30), 5, Duration.ofMinutes(15), 20,
                        Duration.ofHours(1), 10_000, true));
    }
}
