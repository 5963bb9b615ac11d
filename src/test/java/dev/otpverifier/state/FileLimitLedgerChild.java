package dev.otpverifier.state;

import dev.otpverifier.otp.AddressLimits;
import dev.otpverifier.otp.OtpPolicy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A second app instance for {@link FileLimitLedgerProcessesIT}: merges one wrong try after another into
 * a ledger and acknowledges each on standard output once {@code merge} has returned.
 *
 * <p>Arguments: directory, address, first event number, number of events. Prints {@code ready}, waits
 * for a line on standard input (so that two children start together), then prints {@code ack <n>}
 * after event {@code n} and {@code done} at the end. Event {@code n} is a failure at
 * {@link #event(int)}; the clock stands at {@link #NOW}, so no event is pruned.
 */
final class FileLimitLedgerChild {

    static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private FileLimitLedgerChild() {
    }

    /** When event {@code n} happened: a microsecond apart, all within the last minute. */
    static Instant event(int n) {
        return NOW.minusSeconds(60).plusNanos(n * 1000L);
    }

    public static void main(String[] arguments) throws IOException {
        Path directory = Path.of(arguments[0]);
        String address = arguments[1];
        int first = Integer.parseInt(arguments[2]);
        int count = Integer.parseInt(arguments[3]);
        FileLimitLedger ledger = FileLimitLedger.open(directory, OtpPolicy.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        System.out.println("ready");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine();
        for (int n = first; n < first + count; n++) {
            AddressLimits recorded = ledger.merge(address, AddressLimits.NONE.withFailure(event(n)));
            if (!ledger.warnings().isEmpty() || !recorded.failures().contains(event(n))) {
                // An event kept only in memory is not acknowledged: the test checks the file.
                System.out.println("warning " + ledger.warnings());
                System.exit(3);
            }
            System.out.println("ack " + n);
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
    }
}
