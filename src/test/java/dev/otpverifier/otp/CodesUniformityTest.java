package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chi-square tests that {@link Codes#generate} spreads its digits evenly.
 *
 * <p>The random is seeded, so the result is the same on every run: a failure is a real change in
 * how codes are drawn (a modulo bias, a lost leading digit), not bad luck. Critical values are for
 * p = 0.001.
 */
class CodesUniformityTest {

    private static final int SAMPLES = 200_000;
    /** Chi-square critical value for 9 degrees of freedom at p = 0.001. */
    private static final double CRITICAL_9 = 27.877;
    /** Chi-square critical value for 99 degrees of freedom at p = 0.001. */
    private static final double CRITICAL_99 = 148.230;

    private static String[] codes;

    @BeforeAll
    static void generate() {
        SecureRandom random = TestSupport.seededRandom(20_250_115L);
        codes = new String[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            codes[i] = Codes.generate(random);
        }
    }

    private static double chiSquare(long[] observed) {
        long total = 0;
        for (long count : observed) {
            total += count;
        }
        double expected = (double) total / observed.length;
        double sum = 0;
        for (long count : observed) {
            double difference = count - expected;
            sum += difference * difference / expected;
        }
        return sum;
    }

    @ParameterizedTest(name = "digit {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void eachDigitPositionIsUniform(int position) {
        long[] counts = new long[10];
        for (String code : codes) {
            counts[code.charAt(position) - '0']++;
        }

        assertThat(chiSquare(counts)).as("chi-square of digit %d, counts %s", position, java.util.Arrays.toString(counts))
                .isLessThanOrEqualTo(CRITICAL_9);
    }

    @Test
    void firstTwoDigitsAreUniform() {
        long[] counts = new long[100];
        for (String code : codes) {
            counts[(code.charAt(0) - '0') * 10 + (code.charAt(1) - '0')]++;
        }

        assertThat(chiSquare(counts)).as("chi-square of the first two digits").isLessThanOrEqualTo(CRITICAL_99);
    }

    @Test
    void chiSquareCatchesAModuloBias() {
        // The test must be able to fail: "nextInt() % 1_000_000" style bias, exaggerated so it is
        // visible in 200,000 draws, is far above the critical value.
        long[] counts = new long[10];
        SecureRandom random = TestSupport.seededRandom(7);
        for (int i = 0; i < SAMPLES; i++) {
            int drawn = random.nextInt(1_500_000) % 1_000_000; // 0..499,999 twice as likely
            counts[drawn / 100_000]++;
        }

        assertThat(chiSquare(counts)).isGreaterThan(CRITICAL_9);
    }
}
