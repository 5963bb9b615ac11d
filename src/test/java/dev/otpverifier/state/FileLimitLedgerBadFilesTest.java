package dev.otpverifier.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.otpverifier.otp.AddressLimits;
import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files the ledger did not write, or not all of: each is moved aside (kept), named in a warning, and
 * the ledger goes on from empty with a file it can read again.
 */
class FileLimitLedgerBadFilesTest {

    private static final String CAROL = "carol@example.com";
    /** {@link TestClock#START} as it appears in the name of a file moved aside. */
    private static final String STAMP = "20261202T073000Z";

    @TempDir
    Path directory;

    private final TestClock clock = new TestClock();
    private final OtpPolicy policy = OtpPolicy.defaults();
    private final List<String> heard = new CopyOnWriteArrayList<>();

    private Path data() {
        return directory.resolve("limits");
    }

    private Path key() {
        return directory.resolve("limits.key");
    }

    private FileLimitLedger open() {
        return FileLimitLedger.open(directory, policy, clock, heard::add);
    }

    /** Records Carol (two sends, a failure, a lock) and returns the file's text. */
    private String recordCarol() throws IOException {
        FileLimitLedger.open(directory, policy, clock).merge(CAROL, AddressLimits.NONE.withSend(clock.instant())
                .withSend(clock.instant().plusSeconds(40)).withFailure(clock.instant().plusSeconds(50))
                .withLockedUntil(clock.instant().plusSeconds(3600)));
        return Files.readString(data(), StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> corruptions() {
        String longLine = "x".repeat(LimitsFormat.MAX_LINE_LENGTH + 1);
        return Stream.of(
                corruption("empty", text -> ""),
                corruption("cut in the middle", text -> text.substring(0, text.length() / 2)),
                corruption("cut before its end line", text -> text.substring(0, text.indexOf("end "))),
                corruption("cut in its end line", text -> text.substring(0, text.length() - 1)),
                corruption("cut after its header", text -> text.substring(0, text.indexOf('\n') + 1)),
                corruption("a count that is too high", text -> text.replace("end 1\n", "end 2\n")),
                corruption("a count with a leading zero", text -> text.replace("end 1\n", "end 01\n")),
                corruption("text after its end line", text -> text + "end 1\n"),
                corruption("a newer version", text -> text.replace("otp-verifier limits 1", "otp-verifier limits 2")),
                corruption("not a limits file at all", text -> "#!/bin/sh\nrm -rf ~\n"),
                corruption("Windows line ends", text -> text.replace("\n", "\r\n")),
                corruption("the same address twice", text -> {
                    String entry = text.lines().filter(line -> line.startsWith("entry ")).findFirst().orElseThrow();
                    return text.replace(entry + "\n", entry + "\n" + entry + "\n").replace("end 1\n", "end 2\n");
                }),
                corruption("a month 13", text -> text.replaceFirst("2026-12-02T", "2026-13-02T")),
                corruption("an instant with a sign", text -> text.replaceFirst(" sends 2026", " sends +2026")),
                corruption("an instant without its zone", text -> text.replaceFirst("Z,", ",")),
                corruption("sends out of order", text -> text.replace("2026-12-02T07:30:00Z,2026-12-02T07:30:40Z",
                        "2026-12-02T07:30:40Z,2026-12-02T07:30:00Z")),
                corruption("a send twice", text -> text.replace("2026-12-02T07:30:00Z,2026-12-02T07:30:40Z",
                        "2026-12-02T07:30:40Z,2026-12-02T07:30:40Z")),
                corruption("a hash in capitals", text -> text.replaceFirst("entry ([0-9a-f]{64})",
                        "entry " + "ABCDEF0123456789".repeat(4))),
                corruption("a short hash", text -> text.replaceFirst("entry ([0-9a-f]{64})", "entry abc")),
                corruption("a missing field", text -> text.replaceFirst(" locked [^\\n]*\\n", "\n")),
                corruption("two spaces", text -> text.replaceFirst(" sends ", "  sends ")),
                corruption("an empty list item", text -> text.replaceFirst(" sends ", " sends ,")),
                corruption("a key line that is too short", text -> text.replaceFirst("key ([0-9a-f]{16})", "key 00")),
                corruption("a line too long", text -> text.replace("end 1\n", longLine + "\nend 1\n")),
                corruption("a non-ASCII letter", text -> text.replaceFirst("entry", "\u00e9ntry")),
                corruption("a NUL byte", text -> text.replaceFirst("entry", "entry\u0000")));
    }

    private static Arguments corruption(String name, UnaryOperator<String> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "a file with {0}")
    @MethodSource("corruptions")
    void aCorruptFileIsMovedAsideNamedInAWarningAndCountingGoesOn(String name, UnaryOperator<String> change)
            throws IOException {
        byte[] bad = change.apply(recordCarol()).getBytes(StandardCharsets.UTF_8);
        Files.write(data(), bad);

        FileLimitLedger ledger = open();

        Path aside = directory.resolve("limits.corrupt-" + STAMP);
        assertThat(aside).as("kept, not deleted").hasBinaryContent(bad);
        assertThat(ledger.warnings()).singleElement().asString().contains(data().toString()).contains(aside.toString())
                .contains("counting goes on from empty");
        assertThat(heard).isEqualTo(ledger.warnings());
        assertGoesOn(ledger);
    }

    @Test
    void aFileThatIsADirectoryIsMovedAside() throws IOException {
        recordCarol();
        Files.delete(data());
        Files.createDirectory(data());

        FileLimitLedger ledger = open();

        Path aside = directory.resolve("limits.untrusted-" + STAMP);
        assertThat(aside).isDirectory();
        assertThat(ledger.warnings()).singleElement().asString().contains(data().toString())
                .contains("is not a regular file").contains(aside.toString());
        assertGoesOn(ledger);
    }

    @Test
    void aLinkInPlaceOfTheFileIsMovedAsideAndItsTargetLeftAlone(@TempDir Path other) throws IOException {
        String text = recordCarol();
        Path elsewhere = Files.writeString(other.resolve("limits"), text);
        Files.delete(data());
        Files.createSymbolicLink(data(), elsewhere);

        FileLimitLedger ledger = open();

        Path aside = directory.resolve("limits.untrusted-" + STAMP);
        assertThat(Files.isSymbolicLink(aside)).isTrue();
        assertThat(ledger.warnings()).singleElement().asString().contains("is not a regular file");
        assertGoesOn(ledger);
        assertThat(elsewhere).hasContent(text);
    }

    @Test
    void aFileOfAnotherUserIsMovedAside() throws IOException {
        assumeRoot();
        String text = recordCarol();
        Files.setOwner(data(), nobody());

        FileLimitLedger ledger = open();

        Path aside = directory.resolve("limits.untrusted-" + STAMP);
        assertThat(aside).hasContent(text);
        assertThat(ledger.warnings()).singleElement().asString().contains(data().toString())
                .contains("belongs to another user (nobody)").contains("could have been written by someone else")
                .contains(aside.toString());
        assertGoesOn(ledger);
    }

    @ParameterizedTest(name = "permissions {0}")
    @ValueSource(strings = {"rw-rw-rw-", "rw-rw----", "rw-----w-"})
    void aFileThatOthersCanChangeIsMovedAside(String permissions) throws IOException {
        String text = recordCarol();
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString(permissions));

        FileLimitLedger ledger = open();

        Path aside = directory.resolve("limits.untrusted-" + STAMP);
        assertThat(aside).hasContent(text);
        assertThat(ledger.warnings()).singleElement().asString().contains(data().toString())
                .contains("can be changed by other users (its permissions are " + permissions + ")")
                .contains(aside.toString());
        assertGoesOn(ledger);
    }

    @Test
    void aFileOthersCanOnlyReadIsKeptAndWrittenOwnerOnlyAgain() throws IOException {
        recordCarol();
        Files.setPosixFilePermissions(data(), PosixFilePermissions.fromString("rw-r--r--"));

        FileLimitLedger ledger = open();
        ledger.merge(CAROL, AddressLimits.NONE.withFailure(clock.instant().plusSeconds(60)));

        assertThat(ledger.warnings()).isEmpty();
        assertThat(ledger.read(CAROL).sends()).hasSize(2);
        assertThat(permissions(data())).isEqualTo("rw-------");
    }

    static Stream<Arguments> badKeys() {
        return Stream.of(
                Arguments.of("31 bytes", (KeyChange) key -> Files.write(key, new byte[31]), "corrupt",
                        "is 31 bytes long instead of 32"),
                Arguments.of("33 bytes", (KeyChange) key -> Files.write(key, new byte[33]), "corrupt",
                        "is longer than 32 bytes"),
                Arguments.of("empty", (KeyChange) key -> Files.write(key, new byte[0]), "corrupt",
                        "is 0 bytes long instead of 32"),
                Arguments.of("readable by others",
                        (KeyChange) key -> Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--")),
                        "untrusted", "can be read by other users (its permissions are rw-r--r--)"),
                Arguments.of("readable by the group",
                        (KeyChange) key -> Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----")),
                        "untrusted", "can be read by other users (its permissions are rw-r-----)"),
                Arguments.of("writable by others",
                        (KeyChange) key -> Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw--w--w-")),
                        "untrusted", "can be changed by other users (its permissions are rw--w--w-)"),
                Arguments.of("a directory", (KeyChange) key -> {
                    Files.delete(key);
                    Files.createDirectory(key);
                }, "untrusted", "is not a regular file"));
    }

    /** Spoils the key file. */
    @FunctionalInterface
    interface KeyChange {
        void apply(Path key) throws IOException;
    }

    @ParameterizedTest(name = "a key file {0}")
    @MethodSource("badKeys")
    void aBadKeyIsReplacedAndTheFileItsHashesNeedIsMovedAside(String name, KeyChange change, String kind,
            String problem) throws IOException {
        String text = recordCarol();
        byte[] oldKey = Files.readAllBytes(key());
        change.apply(key());

        FileLimitLedger ledger = open();

        assertBadKeyHandled(ledger, text, oldKey, kind, problem);
    }

    @Test
    void aKeyOfAnotherUserIsReplaced() throws IOException {
        assumeRoot();
        String text = recordCarol();
        byte[] oldKey = Files.readAllBytes(key());
        Files.setOwner(key(), nobody());

        FileLimitLedger ledger = open();

        assertBadKeyHandled(ledger, text, oldKey, "untrusted", "belongs to another user (nobody)");
    }

    private void assertBadKeyHandled(FileLimitLedger ledger, String text, byte[] oldKey, String kind, String problem)
            throws IOException {
        Path keyAside = directory.resolve("limits.key." + kind + "-" + STAMP);
        Path dataAside = directory.resolve("limits.orphaned-" + STAMP);
        assertThat(keyAside).exists();
        assertThat(dataAside).as("kept, not deleted").hasContent(text);
        assertThat(ledger.warnings()).singleElement().asString().contains(key().toString()).contains(problem)
                .contains(keyAside.toString()).contains(data().toString()).contains(dataAside.toString())
                .contains("a new key was made");
        assertThat(Files.readAllBytes(key())).hasSize(32).isNotEqualTo(oldKey);
        assertThat(permissions(key())).isEqualTo("rw-------");
        assertGoesOn(ledger);
    }

    @Test
    void aMissingKeyMakesTheFileUselessSoItIsMovedAside() throws IOException {
        String text = recordCarol();
        Files.delete(key());

        FileLimitLedger ledger = open();

        Path aside = directory.resolve("limits.orphaned-" + STAMP);
        assertThat(aside).hasContent(text);
        assertThat(ledger.warnings()).singleElement().asString().contains(key().toString()).contains("is missing")
                .contains(aside.toString());
        assertGoesOn(ledger);
    }

    @Test
    void aFileWrittenWithAnotherKeyIsMovedAside(@TempDir Path other) throws IOException {
        recordCarol();
        FileLimitLedger.open(other, policy, clock).merge(CAROL, AddressLimits.NONE.withSend(clock.instant()));
        Files.copy(other.resolve("limits"), data(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        FileLimitLedger ledger = open();

        Path aside = directory.resolve("limits.orphaned-" + STAMP);
        assertThat(aside).hasSameBinaryContentAs(other.resolve("limits"));
        assertThat(ledger.warnings()).singleElement().asString().contains(data().toString())
                .contains("another key than the one in " + key()).contains(aside.toString());
        assertGoesOn(ledger);
    }

    @Test
    void aSecondFileMovedAsideInTheSameSecondGetsItsOwnName() throws IOException {
        recordCarol();
        Files.writeString(data(), "first");
        open();
        Files.writeString(data(), "second");

        open();

        assertThat(directory.resolve("limits.corrupt-" + STAMP)).hasContent("first");
        assertThat(directory.resolve("limits.corrupt-" + STAMP + "-2")).hasContent("second");
    }

    @Test
    void aFolderOthersCanChangeIsMadeOwnerOnlyWithAWarning() throws IOException {
        recordCarol();
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));

        FileLimitLedger ledger = open();

        assertThat(permissions(directory)).isEqualTo("rwx------");
        assertThat(ledger.warnings()).singleElement().asString().contains(directory.toString())
                .contains("rwxrwxrwx").contains("owner-only now");
        assertThat(ledger.read(CAROL).sends()).hasSize(2);
    }

    @Test
    void aFolderOthersCanOnlyReadIsMadeOwnerOnlyQuietly() throws IOException {
        recordCarol();
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));

        FileLimitLedger ledger = open();

        assertThat(permissions(directory)).isEqualTo("rwx------");
        assertThat(ledger.warnings()).isEmpty();
    }

    @Test
    void aFolderOfAnotherUserIsNotUsedAndCountsStayInMemory() throws IOException {
        assumeRoot();
        Files.setOwner(directory, nobody());

        FileLimitLedger ledger = open();
        AddressLimits merged = ledger.merge(CAROL, AddressLimits.NONE.withSend(clock.instant()));

        assertThat(merged.sends()).containsExactly(clock.instant());
        assertThat(ledger.read(CAROL)).isEqualTo(merged);
        assertThat(ledger.warnings()).singleElement().asString().contains(directory.toString())
                .contains("belongs to another user (nobody)").contains("kept in memory");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).as("nothing written into another user's folder").isEmpty();
        }
    }

    /** The ledger starts from empty, records again, and a new ledger reads that without a warning. */
    private void assertGoesOn(FileLimitLedger ledger) throws IOException {
        assertThat(ledger.read(CAROL)).isEqualTo(AddressLimits.NONE);
        Instant later = clock.instant().plusSeconds(90);
        ledger.merge(CAROL, AddressLimits.NONE.withFailure(later));
        assertThat(Files.isRegularFile(data(), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(permissions(data())).isEqualTo("rw-------");
        FileLimitLedger restarted = FileLimitLedger.open(directory, policy, clock);
        assertThat(restarted.warnings()).isEmpty();
        assertThat(restarted.read(CAROL)).isEqualTo(AddressLimits.NONE.withFailure(later));
    }

    private static void assumeRoot() {
        // Only root can give a file to another user; CI and this machine run the tests as root.
        assumeTrue("root".equals(System.getProperty("user.name")), "giving a file to another user needs root");
    }

    private UserPrincipal nobody() throws IOException {
        return directory.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
