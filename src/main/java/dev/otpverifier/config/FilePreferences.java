package dev.otpverifier.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.prefs.AbstractPreferences;
import java.util.prefs.BackingStoreException;

/**
 * A flat {@link java.util.prefs.Preferences} node kept in a small properties file, for what the
 * window remembers between runs (its theme and its place on the screen).
 *
 * <p>Why not the JDK's own user preferences: on Linux they are XML files whose parser costs the
 * event dispatch thread about 80 ms before the first frame, and they live in {@code ~/.java}
 * instead of the directories {@link UserDirectories} names. The file is read when the node is made
 * and on {@link #sync()}; {@link #flush()} merges the keys changed here into the file as it is then
 * and replaces it atomically, so two windows open at once do not undo each other. A missing,
 * unreadable, oversized or garbled file counts as empty: nothing remembered is worth refusing to
 * start for.
 *
 * <p>Only the one node: {@link #node(String)} with a non-empty path is not supported. Thread-safe
 * as {@link AbstractPreferences} is (one lock per node).
 */
public final class FilePreferences extends AbstractPreferences {

    /** Larger files are not read: the real one is a few hundred bytes. */
    static final long MAX_BYTES = 64 * 1024;


    private final Path file;
    private final Map<String, String> values = new TreeMap<>();
    /** Keys put or removed here since the last flush. */
    private final java.util.Set<String> changed = new java.util.TreeSet<>();
    private String readProblem;

    private FilePreferences(Path file) {
        super(null, "");
        this.file = file;
    }

    /**
     * The preferences in {@code file}, read now; the file and its directory are made on the first
     * {@link #flush()} that has something to write.
     *
     * @param file the properties file, e.g. {@code window.properties} in the configuration directory
     * @return the node
     */
    public static FilePreferences open(Path file) {
        FilePreferences preferences = new FilePreferences(Objects.requireNonNull(file, "file"));
        preferences.read();
        return preferences;
    }

    /** The file this node is kept in. */
    public Path file() {
        return file;
    }

    /**
     * Why the file could not be read, if it could not (it then counts as empty). Kept for the caller
     * to log, because the node is read before logging is set up (it holds the theme that the first
     * frame needs).
     */
    public Optional<String> readProblem() {
        return Optional.ofNullable(readProblem);
    }

    private void read() {
        values.clear();
        values.putAll(load(file, problem -> readProblem = problem));
    }

    /** The file's entries; a problem is reported to {@code problems} and counts as an empty file. */
    private static Map<String, String> load(Path file, java.util.function.Consumer<String> problems) {
        Map<String, String> loaded = new TreeMap<>();
        try {
            if (Files.size(file) > MAX_BYTES) {
                problems.accept("Ignoring " + file + ": larger than " + MAX_BYTES + " bytes");
                return loaded;
            }
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file);
                    Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.forEach((key, value) -> loaded.put((String) key, (String) value));
        } catch (NoSuchFileException e) {
            // first run: nothing remembered yet
        } catch (IOException | IllegalArgumentException e) {
            problems.accept("Ignoring unreadable " + file + ": " + e.getClass().getSimpleName());
        }
        return loaded;
    }

    @Override
    protected void putSpi(String key, String value) {
        if (!value.equals(values.put(key, value))) {
            changed.add(key);
        }
    }

    @Override
    protected String getSpi(String key) {
        return values.get(key);
    }

    @Override
    protected void removeSpi(String key) {
        if (values.remove(key) != null) {
            changed.add(key);
        }
    }

    @Override
    protected void removeNodeSpi() throws BackingStoreException {
        throw new BackingStoreException("The root node of " + file + " cannot be removed");
    }

    @Override
    protected String[] keysSpi() {
        return values.keySet().toArray(new String[0]);
    }

    @Override
    protected String[] childrenNamesSpi() {
        return new String[0];
    }

    @Override
    protected AbstractPreferences childSpi(String name) {
        throw new UnsupportedOperationException("FilePreferences keeps a single node; \"" + name
                + "\" would be a child node");
    }

    /** Writes what changed here, then reads what other windows saved meanwhile. */
    @Override
    protected void syncSpi() throws BackingStoreException {
        flushSpi();
        read();
    }

    /**
     * Writes the keys changed here since the last flush into the file as it is now, so that two
     * windows open at once keep each other's choices (the theme one picked, the place of the other).
     */
    @Override
    protected void flushSpi() throws BackingStoreException {
        if (changed.isEmpty()) {
            return;
        }
        Map<String, String> merged = load(file, problem -> { });
        for (String key : changed) {
            String value = values.get(key);
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        }
        try {
            write(merged);
        } catch (IOException | UncheckedIOException e) {
            throw new BackingStoreException(e);
        }
        changed.clear();
        values.clear();
        values.putAll(merged);
    }

    private void write(Map<String, String> entries) throws IOException {
        Properties properties = new Properties();
        properties.putAll(entries);
        StringWriter text = new StringWriter();
        properties.store(text, "OTP Verifier: what the window remembers (theme, place). Safe to delete.");
        ConfigWriter.replacePrivately(file, text.toString(), ".window-");
    }
}
