package dev.otpverifier.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.otp.OtpPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on one ledger directory, as when the window and a terminal run at once: neither loses the
 * other's counts, and a writer killed at any moment leaves a file that holds every event it
 * acknowledged.
 */
class FileLimitLedgerProcessesIT {

    private static final String ADDRESS = "carol@example.com";

    @TempDir
    Path directory;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoProcessesMergingAtOnceLoseNoneOfEachOthersEvents() throws Exception {
        int events = 200;
        Child first = Child.start(directory, ADDRESS, 0, events);
        Child second = Child.start(directory, ADDRESS, 10_000, events);
        first.go();
        second.go();

        List<String> firstLines = first.readToEnd();
        List<String> secondLines = second.readToEnd();

        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("first child: %s", first.errors()).isZero();
        assertThat(second.process.exitValue()).as("second child: %s", second.errors()).isZero();
        assertThat(firstLines).hasSize(events + 1).last().isEqualTo("done");
        assertThat(secondLines).hasSize(events + 1).last().isEqualTo("done");
        TreeSet<Instant> expected = new TreeSet<>();
        for (int n = 0; n < events; n++) {
            expected.add(FileLimitLedgerChild.event(n));
            expected.add(FileLimitLedgerChild.event(10_000 + n));
        }
        FileLimitLedger ledger = openHere();
        assertThat(ledger.warnings()).isEmpty();
        assertThat(ledger.read(ADDRESS).failures()).hasSize(2 * events).containsExactlyElementsOf(expected);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aWriterKilledAtAnyMomentLeavesAFileWithEveryEventItAcknowledged() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        TreeSet<Instant> acknowledged = new TreeSet<>();
        // An event in flight when its round's writer was killed may or may not have reached the file;
        // if it did, later rounds find it there too.
        TreeSet<Instant> inFlightSoFar = new TreeSet<>();
        // Five rounds of at most 200 events stay within the 1,024 instants a list keeps.
        for (int round = 0; round < 5; round++) {
            int first = round * 1000;
            Child child = Child.start(directory, ADDRESS, first, 200);
            child.go();
            int killAfter = 20 + random.nextInt(60);
            List<Integer> acks = new ArrayList<>();
            while (acks.size() < killAfter) {
                String line = child.readLine();
                assertThat(line).as("child ended early: %s", child.errors()).isNotNull().startsWith("ack ");
                acks.add(Integer.parseInt(line.substring(4)));
            }
            // SIGKILL through the handle: Process.destroyForcibly() would also close the pipe that still
            // holds the last acknowledgements.
            assertThat(child.process.toHandle().destroyForcibly()).isTrue();
            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            // What the child printed before it died is still in the pipe; a line without its end is no ack.
            for (String line : child.readToEnd()) {
                if (!line.equals("done")) {
                    assertThat(line).startsWith("ack ");
                    acks.add(Integer.parseInt(line.substring(4)));
                }
            }
            for (int ack : acks) {
                acknowledged.add(FileLimitLedgerChild.event(ack));
            }
            inFlightSoFar.add(FileLimitLedgerChild.event(first + acks.size()));

            FileLimitLedger ledger = openHere();

            assertThat(ledger.warnings()).as("the file parses after the kill (seed %d, round %d)", seed, round).isEmpty();
            List<Instant> recorded = ledger.read(ADDRESS).failures();
            assertThat(recorded).as("every acknowledged event (seed %d, round %d)", seed, round)
                    .containsAll(acknowledged);
            TreeSet<Instant> atMost = new TreeSet<>(acknowledged);
            atMost.addAll(inFlightSoFar);
            assertThat(atMost).as("nothing but the events in flight at each kill besides (seed %d, round %d)", seed,
                    round).containsAll(recorded);
        }
        assertThat(Files.readString(directory.resolve("limits"), StandardCharsets.US_ASCII)).endsWith("end 1\n");
    }

    private FileLimitLedger openHere() {
        return FileLimitLedger.open(directory, OtpPolicy.defaults(), Clock.fixed(FileLimitLedgerChild.NOW, ZoneOffset.UTC));
    }

    /** A running {@link FileLimitLedgerChild} and its output, read a whole line at a time. */
    private static final class Child {
        private final Process process;
        private final Path errors;
        private final InputStream out;

        private Child(Process process, Path errors) {
            this.process = process;
            this.errors = errors;
            this.out = process.getInputStream();
        }

        static Child start(Path directory, String address, int first, int count) throws IOException {
            Path errors = Files.createTempFile("ledger-child", ".err");
            errors.toFile().deleteOnExit();
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), FileLimitLedgerChild.class.getName(),
                    directory.toString(), address, Integer.toString(first), Integer.toString(count))
                    .redirectError(errors.toFile()).start();
            Child child = new Child(process, errors);
            assertThat(child.readLine()).as("child start: %s", child.errors()).isEqualTo("ready");
            return child;
        }

        void go() throws IOException {
            OutputStream in = process.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
        }

        /** The next whole line, or null at the end (a last line without its end is dropped). */
        String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = out.read(); b >= 0; b = out.read()) {
                if (b == '\n') {
                    return line.toString(StandardCharsets.US_ASCII);
                }
                line.write(b);
            }
            return null;
        }

        List<String> readToEnd() throws IOException {
            List<String> lines = new ArrayList<>();
            for (String line = readLine(); line != null; line = readLine()) {
                lines.add(line);
            }
            return lines;
        }

        String errors() {
            try {
                return Files.readString(errors);
            } catch (IOException e) {
                return "(could not read the child's errors: " + e + ")";
            }
        }
    }
}
