package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CountdownTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
        "600000, 10:00",
        "599001, 10:00",
        "599000, 9:59",
        "65000, 1:05",
        "59999, 1:00",
        "5000, 0:05",
        "1, 0:01",
        "0, 0:00",
        "-3000, 0:00",
        "3600000, 1:00:00",
        "3725000, 1:02:05",
    })
    void formatsAsClockFaceRoundingUp(long millis, String expected) {
        assertThat(Countdown.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0:30", "29, 0:01", "30, 0:00", "31, 0:00"})
    void countsDownToADeadline(long secondsLater, String expected) {
        Instant start = Instant.parse("2030-01-01T10:00:00Z");
        assertThat(Countdown.until(start.plusSeconds(secondsLater), start.plusSeconds(30))).isEqualTo(expected);
    }
}
