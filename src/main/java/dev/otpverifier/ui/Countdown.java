package dev.otpverifier.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Formats time left as a clock face: {@code 9:59}, {@code 0:05}, {@code 1:00:00}.
 *
 * <p>Seconds are rounded up, so a countdown shows {@code 0:01} until the deadline has really
 * passed and reaches {@code 0:00} exactly when it has. Stateless and thread safe; no Swing.
 */
final class Countdown {

    private Countdown() {
    }

    /** The time from {@code now} until {@code deadline}; {@code 0:00} once it has passed. */
    static String until(Instant now, Instant deadline) {
        return format(Duration.between(now, deadline));
    }

    /** {@code remaining} as {@code m:ss}, or {@code h:mm:ss} from one hour; negative counts as zero. */
    static String format(Duration remaining) {
        if (remaining.isNegative() || remaining.isZero()) {
            return "0:00";
        }
        long seconds = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long secs = seconds % 60;
        if (hours > 0) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs);
        }
        return String.format(Locale.ROOT, "%d:%02d", minutes, secs);
    }
}
