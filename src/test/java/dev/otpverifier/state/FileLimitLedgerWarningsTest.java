package dev.otpverifier.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.otp.AddressLimits;
import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The warnings a ledger gives while it is open: what a failed write is called, that a file spoilt
 * after the start is found by the next read or merge, and how many warnings it keeps.
 */
class FileLimitLedgerWarningsTest {

    private static final String CAROL = "carol@example.com";
    private static final String DAVE = "dave@example.org";

    @TempDir
    Path directory;

    private final TestClock clock = new TestClock();
    private final OtpPolicy policy = OtpPolicy.defaults();
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private Path data() {
        return directory.resolve("limits");
    }

    private FileLimitLedger open() {
        return FileLimitLedger.open(directory, policy, clock, heard::add);
    }

    /**
     * Each exception the move of a finished file may throw, and the words for it in the warning;
     * {@code %s} stands for the counts file.
     */
    static Stream<Arguments> failedMoves() {
        return Stream.of(
                failure("access denied", file -> new AccessDeniedException(file.toString()), "access denied: %s"),
                failure("no such file", file -> new NoSuchFileException(file.toString()), "not found: %s"),
                failure("already there", file -> new FileAlreadyExistsException(file.toString()), "already exists: %s"),
                failure("a reason given", file -> new FileSystemException(file.toString(), null, "Read-only file system"),
                        "Read-only file system: %s"),
                failure("another file system problem", file -> new FileSystemException(file.toString()),
                        "FileSystemException: %s"),
                failure("the folder itself", file -> new AccessDeniedException(file.getParent().toString()),
                        "access denied"),
                failure("no file named", file -> new FileSystemException(null), "FileSystemException"),
                failure("a plain message", file -> new IOException("No space left on device"),
                        "No space left on device"),
                failure("no message", file -> new IOException(), "IOException"));
    }

    private static Arguments failure(String name, Function<Path, IOException> thrown, String words) {
        return Arguments.of(name, thrown, words);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failedMoves")
    void aFailedWriteIsNamedInWordsWithTheFileItConcerns(String name, Function<Path, IOException> thrown,
            String words) {
        FileLimitLedger ledger = FileLimitLedger.open(directory, policy, clock, heard::add, (source, target) -> {
            throw thrown.apply(target);
        });

        ledger.merge(CAROL, AddressLimits.NONE.withSend(clock.instant()));

        assertThat(ledger.warnings()).singleElement().asString().contains("cannot be saved in " + directory + " ("
                + words.formatted(data()) + "); until they can, they are kept in memory only");
    }

    @Test
    void aFolderThatStopsWorkingIsNoticedByAReadWithOneWarning() throws IOException {
        FileLimitLedger ledger = open();
        ledger.merge(CAROL, AddressLimits.NONE.withSend(clock.instant()));
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(directory, "a file where the folder should be");

        assertThat(ledger.read(CAROL).sends()).as("still known in memory").containsExactly(clock.instant());
        ledger.read(DAVE);

        assertThat(ledger.warnings()).singleElement().asString().contains(directory.toString())
                .contains("kept in memory only");
        assertThat(heard).isEqualTo(ledger.warnings());
    }

    /** Spoils the counts file of a ledger that is open. */
    @FunctionalInterface
    interface Spoil {
        void apply(Path data, Path elsewhere) throws IOException;
    }

    private static Spoil spoil(String how) {
        return switch (how) {
            case "corrupt" -> (data, elsewhere) -> Files.writeString(data, "half a file");
            case "untrusted" -> (data, elsewhere) -> Files.setPosixFilePermissions(data,
                    PosixFilePermissions.fromString("rw-rw-rw-"));
            case "orphaned" -> (data, elsewhere) -> {
                FileLimitLedger.open(elsewhere, OtpPolicy.defaults(), new TestClock())
                        .merge(CAROL, AddressLimits.NONE.withSend(TestClock.START));
                Files.copy(elsewhere.resolve("limits"), data, StandardCopyOption.REPLACE_EXISTING);
            };
            default -> throw new IllegalArgumentException(how);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"corrupt", "untrusted", "orphaned"})
    void aFileSpoiltWhileTheLedgerIsOpenIsMovedAsideByTheNextReadOrMerge(String how, @TempDir Path elsewhere)
            throws IOException {
        FileLimitLedger ledger = open();
        ledger.merge(CAROL, AddressLimits.NONE.withSend(clock.instant()));
        Spoil spoil = spoil(how);

        spoil.apply(data(), elsewhere);
        assertThat(ledger.read(DAVE)).isEqualTo(AddressLimits.NONE);
        assertThat(ledger.warnings()).singleElement().asString().contains("limits." + how + "-");

        ledger.merge(CAROL, AddressLimits.NONE.withSend(clock.instant().plusSeconds(1)));
        spoil.apply(data(), elsewhere);
        AddressLimits merged = ledger.merge(DAVE, AddressLimits.NONE.withSend(clock.instant()));
        assertThat(merged.sends()).containsExactly(clock.instant());
        assertThat(ledger.warnings()).hasSize(2).last().asString().contains("limits." + how + "-");

        assertThat(FileLimitLedger.open(directory, policy, clock).read(DAVE)).isEqualTo(merged);
        assertThat(heard).isEqualTo(ledger.warnings());
    }

    @Test
    void theFirst100WarningsAreKeptAndTheListenerHearsEveryOne() throws IOException {
        FileLimitLedger ledger = open();
        for (int i = 0; i < FileLimitLedger.MAX_KEPT_WARNINGS + 5; i++) {
            Files.writeString(data(), "spoilt " + i);
            clock.advance(Duration.ofSeconds(1)); // each moved aside under a name of its own
            ledger.read(CAROL);
        }

        assertThat(heard).hasSize(FileLimitLedger.MAX_KEPT_WARNINGS + 5);
        assertThat(ledger.warnings()).isEqualTo(heard.subList(0, FileLimitLedger.MAX_KEPT_WARNINGS));
    }
}
