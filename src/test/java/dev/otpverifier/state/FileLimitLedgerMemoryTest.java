package dev.otpverifier.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.otp.AddressLimits;
import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a ledger keeps in memory beside the file: no more than the file would keep, only what it has
 * not saved yet is written again, and its lock is free again after every call.
 */
class FileLimitLedgerMemoryTest {

    private static final String A = "a@example.com";
    private static final String B = "b@example.com";
    private static final String C = "c@example.com";
    private static final String D = "d@example.com";

    @TempDir
    Path temp;

    private final TestClock clock = new TestClock();
    private final OtpPolicy policy = OtpPolicy.defaults();
    /** A cap of three addresses, exactly (the public factories never cap below the default 10,000). */
    private final OtpPolicy smallCap = policy.withMaxEntries(3);

    private Path directory() {
        return temp.resolve("state").resolve("otp-verifier");
    }

    private FileLimitLedger open(OtpPolicy retention) {
        return FileLimitLedger.open(directory(), retention, clock, warning -> { }, FileLimitLedger.ATOMIC_REPLACE);
    }

    private AddressLimits lockedFor(int minutes) {
        return AddressLimits.NONE.withLockedUntil(clock.instant().plus(Duration.ofMinutes(minutes)));
    }

    @Test
    void aLedgerThatCannotWriteKeepsInMemoryWhatTheFileWouldKeep() throws IOException {
        Files.writeString(temp.resolve("state"), "a file where the folder should be");
        FileLimitLedger ledger = open(smallCap);
        ledger.merge(A, AddressLimits.NONE.withFailure(clock.instant()));
        clock.advance(Duration.ofHours(2)); // past the lock window of an hour: that failure no longer counts
        Instant now = clock.instant();

        ledger.merge(A, AddressLimits.NONE.withSend(now)); // restricts A for the quota window, 15 minutes
        ledger.merge(B, lockedFor(10));
        ledger.merge(C, lockedFor(20));
        ledger.merge(D, lockedFor(30));

        assertThat(ledger.read(B)).as("the fourth address, restricted the shortest, is forgotten")
                .isEqualTo(AddressLimits.NONE);
        assertThat(ledger.read(A)).as("without the failure that no longer counts")
                .isEqualTo(AddressLimits.NONE.withSend(now));
        assertThat(ledger.read(C)).isEqualTo(lockedFor(20));
        assertThat(ledger.read(D)).isEqualTo(lockedFor(30));
    }

    @Test
    void whatALedgerReadIsRememberedWithinItsCapToo() throws IOException {
        FileLimitLedger writer = open(policy);
        writer.merge(A, lockedFor(10));
        writer.merge(B, lockedFor(20));
        writer.merge(C, lockedFor(30));
        writer.merge(D, lockedFor(40));
        FileLimitLedger reader = open(smallCap);
        for (String address : new String[] {A, B, C, D}) {
            assertThat(reader.read(address).lockedUntil()).isPresent();
        }

        Files.delete(directory().resolve("limits"));

        assertThat(reader.read(A)).as("the least restrictive was forgotten").isEqualTo(AddressLimits.NONE);
        assertThat(reader.read(D)).as("the others are still in memory").isEqualTo(lockedFor(40));
    }

    @Test
    void aMergeWritesWhatItWasGivenAndWhatWasNotSavedYetNotAllItRemembers() throws IOException {
        FileLimitLedger ledger = open(policy);
        ledger.merge(A, AddressLimits.NONE.withSend(clock.instant()));
        Files.delete(directory().resolve("limits")); // the user clears the counts by hand

        ledger.merge(B, AddressLimits.NONE.withSend(clock.instant()));

        FileLimitLedger restarted = open(policy);
        assertThat(restarted.read(A)).isEqualTo(AddressLimits.NONE);
        assertThat(restarted.read(B).sends()).containsExactly(clock.instant());
    }

    @Test
    void aClockBeforeTheYear0StillGivesAFileTheNextRunCanRead() {
        TestClock broken = new TestClock(LimitsFormat.EARLIEST.minus(Duration.ofDays(200)));
        FileLimitLedger.open(directory(), policy, broken).merge(A, AddressLimits.NONE.withSend(broken.instant()));

        FileLimitLedger restarted = FileLimitLedger.open(directory(), policy, broken);

        assertThat(restarted.warnings()).isEmpty();
        assertThat(restarted.read(A).sends()).as("as early as the file can say").containsExactly(LimitsFormat.EARLIEST);
    }

    @Test
    void afterAReadAnotherThreadCanUseTheDirectory() throws Exception {
        FileLimitLedger ledger = open(policy);
        ledger.read(A);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<AddressLimits> merged = other.submit(() -> ledger.merge(A, AddressLimits.NONE.withSend(clock.instant())));

            assertThat(merged.get(30, TimeUnit.SECONDS).sends()).containsExactly(clock.instant());
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void theFoldersMadeOnAFirstRunAreOwnerOnlyUpFromTheMissingOne() throws IOException {
        FileLimitLedger ledger = open(policy);

        assertThat(permissions(temp.resolve("state"))).isEqualTo("rwx------");
        assertThat(permissions(directory())).isEqualTo("rwx------");
        assertThat(ledger).as("printed with the folder it keeps its files in")
                .hasToString("FileLimitLedger[" + directory() + "]");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
