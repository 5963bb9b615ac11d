package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePreferencesTest {

    @TempDir
    Path dir;

    @Test
    void whatIsFlushedIsThereAtTheNextStart() throws BackingStoreException {
        Path file = dir.resolve("config/otp-verifier/window.properties");
        Preferences first = FilePreferences.open(file);
        first.put("theme", "dark");
        first.putInt("window.width", 612);
        first.flush();

        Preferences second = FilePreferences.open(file);

        assertThat(second.get("theme", "light")).isEqualTo("dark");
        assertThat(second.getInt("window.width", -1)).isEqualTo(612);
        assertThat(second.keys()).containsExactly("theme", "window.width");
    }

    @Test
    void nothingIsWrittenUntilFlushAndNothingWhenNothingChanged() throws BackingStoreException, IOException {
        Path file = dir.resolve("window.properties");
        Preferences preferences = FilePreferences.open(file);
        preferences.put("theme", "dark");
        assertThat(file).doesNotExist();

        preferences.flush();
        Files.writeString(file, "theme=light\n");
        preferences.put("theme", "dark"); // the same value as before: not a change
        preferences.flush();

        assertThat(Files.readString(file)).isEqualTo("theme=light\n");
    }

    @Test
    void twoWindowsOpenAtOnceKeepEachOthersChoices() throws BackingStoreException {
        Path file = dir.resolve("window.properties");
        Preferences first = FilePreferences.open(file);
        Preferences second = FilePreferences.open(file);

        first.put("theme", "dark");
        first.flush();
        second.putInt("window.x", 40); // the other window closes later and saves only its place
        second.flush();

        Preferences next = FilePreferences.open(file);
        assertThat(next.get("theme", "light")).as("the first window's theme survives").isEqualTo("dark");
        assertThat(next.getInt("window.x", -1)).isEqualTo(40);
        assertThat(second.get("theme", "light")).as("the second picked it up when it flushed").isEqualTo("dark");
    }

    @Test
    void syncReadsWhatOthersSaved() throws BackingStoreException {
        Path file = dir.resolve("window.properties");
        Preferences mine = FilePreferences.open(file);
        Preferences other = FilePreferences.open(file);
        other.put("theme", "dark");
        other.flush();

        mine.sync();

        assertThat(mine.get("theme", "light")).isEqualTo("dark");
    }

    @Test
    void aRemovedKeyIsRemovedFromTheFile() throws BackingStoreException {
        Path file = dir.resolve("window.properties");
        Preferences preferences = FilePreferences.open(file);
        preferences.put("theme", "dark");
        preferences.flush();

        preferences.remove("theme");
        preferences.flush();

        assertThat(FilePreferences.open(file).get("theme", "none")).isEqualTo("none");
    }

    @Test
    void aMissingFileIsAFirstRun() {
        FilePreferences preferences = FilePreferences.open(dir.resolve("nowhere/window.properties"));

        assertThat(preferences.readProblem()).as("a first run is not a problem").isEmpty();
        assertThat(preferences.get("theme", "light")).isEqualTo("light");
        assertThat(preferences.getInt("window.x", -1)).isEqualTo(-1);
    }

    @Test
    void garbageReadsAsNothingRememberedAndIsReplacedOnTheNextSave() throws IOException, BackingStoreException {
        Path file = dir.resolve("window.properties");
        Files.write(file, new byte[] {'w', 'i', 'n', 'd', 'o', 'w', '.', 'x', '=', '\\', 'u', '1', 'Z', '\n', (byte) 0xff});

        FilePreferences preferences = FilePreferences.open(file);
        assertThat(preferences.getInt("window.x", -1)).isEqualTo(-1);
        assertThat(preferences.readProblem()).hasValueSatisfying(problem -> assertThat(problem)
                .contains("unreadable").contains(file.toString()));

        preferences.put("theme", "dark");
        preferences.flush();
        assertThat(FilePreferences.open(file).get("theme", "")).isEqualTo("dark");
    }

    @Test
    void aNumberThatIsNotANumberFallsBackToTheDefault() throws IOException {
        Path file = dir.resolve("window.properties");
        Files.writeString(file, "window.x=99999999999999999999\nwindow.y=-40\n", StandardCharsets.UTF_8);

        Preferences preferences = FilePreferences.open(file);

        assertThat(preferences.getInt("window.x", 7)).isEqualTo(7);
        assertThat(preferences.getInt("window.y", 7)).isEqualTo(-40);
    }

    @Test
    void anOversizedFileIsNotRead() throws IOException {
        Path file = dir.resolve("window.properties");
        Files.writeString(file, "theme=dark\n" + "#".repeat((int) FilePreferences.MAX_BYTES));

        FilePreferences preferences = FilePreferences.open(file);

        assertThat(preferences.get("theme", "light")).isEqualTo("light");
        assertThat(preferences.readProblem()).hasValueSatisfying(problem -> assertThat(problem).contains("larger than"));
    }

    @Test
    void keepsASingleNode() {
        Preferences preferences = FilePreferences.open(dir.resolve("window.properties"));

        assertThat(preferences.node("")).isSameAs(preferences);
        assertThatThrownBy(() -> preferences.node("child")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aFileOfExactly64KibIsRead() throws IOException {
        Path file = dir.resolve("window.properties");
        String first = "theme=dark\n";
        Files.writeString(file, first + "#".repeat((int) FilePreferences.MAX_BYTES - first.length()));
        assertThat(Files.size(file)).isEqualTo(FilePreferences.MAX_BYTES);

        FilePreferences preferences = FilePreferences.open(file);

        assertThat(preferences.get("theme", "light")).isEqualTo("dark");
        assertThat(preferences.readProblem()).isEmpty();
    }

    @Test
    void anOversizedFileIsReplacedOnTheNextSave() throws IOException, BackingStoreException {
        Path file = dir.resolve("window.properties");
        Files.writeString(file, "theme=dark\n" + "#".repeat((int) FilePreferences.MAX_BYTES));
        Preferences preferences = FilePreferences.open(file);

        preferences.putInt("window.x", 40);
        preferences.flush();

        assertThat(Files.size(file)).isLessThan(200);
        Preferences next = FilePreferences.open(file);
        assertThat(next.keys()).containsExactly("window.x");
        assertThat(next.getInt("window.x", -1)).isEqualTo(40);
    }

    @Test
    void syncAlsoSavesWhatChangedHere() throws BackingStoreException {
        Path file = dir.resolve("window.properties");
        Preferences preferences = FilePreferences.open(file);
        preferences.put("theme", "dark");

        preferences.sync();

        assertThat(preferences.get("theme", "light")).isEqualTo("dark");
        assertThat(FilePreferences.open(file).get("theme", "light")).isEqualTo("dark");
    }

    @Test
    void aKeyAnotherWindowRemovedIsGoneHereAfterSyncOrFlush() throws BackingStoreException {
        Path file = dir.resolve("window.properties");
        Preferences setUp = FilePreferences.open(file);
        setUp.put("theme", "dark");
        setUp.put("window.x", "40");
        setUp.flush();
        Preferences syncing = FilePreferences.open(file);
        Preferences flushing = FilePreferences.open(file);
        Preferences other = FilePreferences.open(file);

        other.remove("theme");
        other.flush();
        syncing.sync();
        flushing.putInt("window.y", 30);
        flushing.flush();

        assertThat(syncing.get("theme", "none")).as("after sync").isEqualTo("none");
        assertThat(flushing.get("theme", "none")).as("after flush").isEqualTo("none");
        assertThat(flushing.keys()).containsExactly("window.x", "window.y");
    }

    @Test
    void theNodeNamesItsFileAndHasNoChildren() throws BackingStoreException {
        Path file = dir.resolve("window.properties");
        FilePreferences preferences = FilePreferences.open(file);

        assertThat(preferences.file()).isEqualTo(file);
        assertThat(preferences.childrenNames()).isEmpty();
    }
}
