package dev.otpverifier.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.otpverifier.otp.AddressLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The text of the limits file: what the writer writes the reader reads, and nothing else gets through. */
class LimitsFormatTest {

    private static final String KEY_CHECK = "0123456789abcdef";
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    @Test
    void whatIsWrittenIsReadBackExactlyEvenAtTheEdgesOfTheYearsItHolds() throws Exception {
        SortedMap<String, AddressLimits> entries = new TreeMap<>();
        entries.put(HASH_A, new AddressLimits(List.of(LimitsFormat.EARLIEST, Instant.parse("2026-12-02T07:30:00.1Z")),
                List.of(Instant.parse("2026-12-02T07:30:00.000001Z"), LimitsFormat.LATEST), Optional.empty(),
                Optional.of(LimitsFormat.LATEST)));
        entries.put(HASH_B, AddressLimits.NONE.withFailuresForgivenAt(Instant.parse("2026-12-02T07:30:00Z"))
                .withSend(Instant.parse("2026-12-02T07:30:00.123456789Z")));

        LimitsFormat.Contents contents = read(LimitsFormat.write(KEY_CHECK, entries));

        assertThat(contents.keyCheck()).isEqualTo(KEY_CHECK);
        assertThat(contents.entries()).isEqualTo(entries);
    }

    @Test
    void anEmptyLedgerIsAFileToo() throws Exception {
        byte[] bytes = LimitsFormat.write(KEY_CHECK, new TreeMap<>());

        assertThat(new String(bytes, StandardCharsets.US_ASCII))
                .isEqualTo("otp-verifier limits 1\nkey 0123456789abcdef\nend 0\n");
        assertThat(read(bytes).entries()).isEmpty();
    }

    @Test
    void aStrayFileIsNamedForWhatItIsAndAHeaderWithoutItsEndIsCutShort() {
        assertThat(reason("junk".getBytes(StandardCharsets.US_ASCII))).isEqualTo("does not start like a limits file");
        assertThat(reason(LimitsFormat.HEADER.getBytes(StandardCharsets.US_ASCII))).isEqualTo("is cut short in line 1");
        assertThat(reason(new byte[0])).isEqualTo("is empty");
    }

    @Test
    void moreEntriesThanTheFormatAllowsAreRefusedWithoutReadingOn() {
        String entryTail = " sends 2026-12-02T07:30:00Z failures - forgiven - locked -\n";
        InputStream lines = new SequenceInputStream(Collections.enumeration(List.of(
                new ByteArrayInputStream(("otp-verifier limits 1\nkey " + KEY_CHECK + "\n").getBytes(StandardCharsets.US_ASCII)),
                new InputStream() {
                    private int entry;
                    private byte[] line = new byte[0];
                    private int position;

                    @Override
                    public int read() {
                        if (position == line.length) {
                            line = ("entry " + String.format("%064x", entry++) + entryTail).getBytes(StandardCharsets.US_ASCII);
                            position = 0;
                        }
                        return line[position++];
                    }
                })));

        assertThatThrownBy(() -> LimitsFormat.read(lines)).isInstanceOf(LimitsFormat.Malformed.class)
                .hasMessage("holds more than " + LimitsFormat.MAX_ENTRIES + " entries");
    }

    @Test
    void randomDamageToAFileIsAlwaysMalformedOrHarmlessNeverAnotherException() {
        SortedMap<String, AddressLimits> entries = new TreeMap<>();
        entries.put(HASH_A, AddressLimits.NONE.withSend(Instant.parse("2026-12-02T07:30:00Z"))
                .withFailure(Instant.parse("2026-12-02T07:30:05.5Z")).withLockedUntil(Instant.parse("2026-12-02T08:30:00Z")));
        entries.put(HASH_B, AddressLimits.NONE.withFailuresForgivenAt(Instant.parse("2026-12-02T07:31:00Z")));
        byte[] valid = LimitsFormat.write(KEY_CHECK, entries);
        byte[] alphabet = "0123456789abcdefT:-.,Z \n+e".getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(12);
        for (int round = 0; round < 5000; round++) {
            byte[] damaged = valid.clone();
            int changes = 1 + random.nextInt(3);
            for (int i = 0; i < changes; i++) {
                damaged[random.nextInt(damaged.length)] = random.nextBoolean()
                        ? alphabet[random.nextInt(alphabet.length)]
                        : (byte) random.nextInt(256);
            }
            int length = random.nextInt(10) == 0 ? random.nextInt(damaged.length) : damaged.length;
            byte[] input = java.util.Arrays.copyOf(damaged, length);

            Throwable thrown = catchThrowable(() -> read(input));

            assertThat(thrown).as("round %d", round).satisfiesAnyOf(
                    t -> assertThat(t).isNull(),
                    t -> assertThat(t).isInstanceOf(LimitsFormat.Malformed.class));
        }
    }

    private static LimitsFormat.Contents read(byte[] bytes) throws IOException, LimitsFormat.Malformed {
        return LimitsFormat.read(new ByteArrayInputStream(bytes));
    }

    private static String reason(byte[] bytes) {
        return ((LimitsFormat.Malformed) catchThrowable(() -> read(bytes))).reason();
    }
}
