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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    /** A valid file of one entry, one line per element, each without its {@code \n}. */
    private static final List<String> ONE_ENTRY = List.of("otp-verifier limits 1", "key " + KEY_CHECK,
            "entry " + HASH_A + " sends 2026-12-02T07:30:00Z failures - forgiven - locked -", "end 1");

    private static byte[] lines(String... lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** ONE_ENTRY with its third line replaced. */
    private static byte[] withEntry(String entry) {
        return lines(ONE_ENTRY.get(0), ONE_ENTRY.get(1), entry, ONE_ENTRY.get(3));
    }

    static Stream<Arguments> damagedFiles() {
        String entry = ONE_ENTRY.get(2);
        String otherEntry = entry.replace(HASH_A, HASH_B);
        return Stream.of(
                Arguments.of("a field missing", withEntry(entry.replace(" locked -", "")),
                        "has no valid entry on line 3"),
                Arguments.of("a word misspelt", withEntry(entry.replace("forgiven", "forgotten")),
                        "has no valid entry on line 3"),
                Arguments.of("a short hash", withEntry(entry.replace(HASH_A, "abc")), "has no valid entry on line 3"),
                Arguments.of("no instant", withEntry(entry.replace("2026-12-02T07:30:00Z", "yesterday")),
                        "has no valid entry on line 3"),
                Arguments.of("a bad lock", withEntry(entry.replace("locked -", "locked soon")),
                        "has no valid entry on line 3"),
                Arguments.of("the second entry spoilt",
                        lines(ONE_ENTRY.get(0), ONE_ENTRY.get(1), entry, otherEntry.replace("sends", "sent"), "end 2"),
                        "has no valid entry on line 4"),
                Arguments.of("the same address twice", lines(ONE_ENTRY.get(0), ONE_ENTRY.get(1), entry, entry, "end 2"),
                        "holds the same address twice (line 4)"),
                Arguments.of("a NUL byte", withEntry(entry.replace(" failures", "\u0000failures")),
                        "holds a character that is not printable ASCII on line 3"),
                Arguments.of("a DEL byte", lines(ONE_ENTRY.get(0), "key\u007f" + KEY_CHECK, entry, "end 1"),
                        "holds a character that is not printable ASCII on line 2"),
                Arguments.of("a byte above ASCII", withEntry(entry.replace("entry", "\u00e9ntry")),
                        "holds a character that is not printable ASCII on line 3"),
                Arguments.of("a tilde, which is printable", lines("otp-verifier~limits 1", ONE_ENTRY.get(1), entry,
                        "end 1"), "does not start like a limits file"),
                Arguments.of("the last line cut short",
                        (String.join("\n", ONE_ENTRY.subList(0, 3)) + "\nend").getBytes(StandardCharsets.US_ASCII),
                        "is cut short in line 4"),
                Arguments.of("no end line", lines(ONE_ENTRY.get(0), ONE_ENTRY.get(1), entry),
                        "is cut short after line 3 (it has no end line)"),
                Arguments.of("a line too long", withEntry("x".repeat(LimitsFormat.MAX_LINE_LENGTH + 1)),
                        "has a line longer than " + LimitsFormat.MAX_LINE_LENGTH + " characters (line 3)"),
                Arguments.of("a wrong count", lines(ONE_ENTRY.get(0), ONE_ENTRY.get(1), entry, "end 2"),
                        "ends with a count that does not match its 1 entries"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedFiles")
    void eachDamageIsNamedWithTheLineItIsOn(String name, byte[] file, String reason) {
        assertThat(reason(file)).isEqualTo(reason);
    }

    @Test
    void theWriterHoldsAsManyEntriesAsTheReaderAcceptsAndNoMore() throws Exception {
        SortedMap<String, AddressLimits> entries = new TreeMap<>();
        AddressLimits sent = AddressLimits.NONE.withSend(Instant.parse("2026-12-02T07:30:00Z"));
        for (int i = 0; i < LimitsFormat.MAX_ENTRIES; i++) {
            entries.put(String.format("%064x", i), sent);
        }

        assertThat(read(LimitsFormat.write(KEY_CHECK, entries)).entries()).hasSize(LimitsFormat.MAX_ENTRIES);
        entries.put(String.format("%064x", LimitsFormat.MAX_ENTRIES), sent);
        assertThatThrownBy(() -> LimitsFormat.write(KEY_CHECK, entries)).isInstanceOf(AssertionError.class);
    }
}
