package dev.otpverifier.app;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sends the JDK's logging to {@code otp-verifier.log} in the user's log directory.
 *
 * <p>The file is rotated whenever it passes 1 MiB, at start-up or during a session: it becomes
 * {@code otp-verifier.log.1}, the older ones move up, and at most {@value #KEEP} old files are kept.
 * Nothing is logged to the terminal, where it would mix with the prompts. Addresses are masked by
 * the code that logs them; codes and passwords are never given to a logger.
 *
 * <p>On a POSIX file system the directory is {@code rwx------} and every log file, the rotated ones
 * too, {@code rw-------}: even masked, the log says when which addresses were verified. Files and a
 * directory left more open by an earlier version are made private when the log is opened; where
 * that is not allowed (a directory of another user), the app runs without a log rather than write
 * one that others can read.
 */
final class LogSetup {

    static final String FILE_NAME = "otp-verifier.log";
    static final long ROTATE_AT_BYTES = 1L << 20;
    private static final int KEEP = 3;
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** Held here: java.util.logging keeps loggers weakly, and a collected logger forgets its level. */
    private static final Logger ANGUS = Logger.getLogger("org.eclipse.angus.mail");
    private static final Logger SUBETHA = Logger.getLogger("org.subethamail");

    private LogSetup() {
    }

    /**
     * Installs the file handler.
     *
     * @param directory the log directory; created when missing
     * @return the log file, or {@code null} when it could not be opened (the app runs on without a log)
     */
    static Path install(Path directory) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
            handler.close(); // releases the file and its lock when the app is started again in one JVM
        }
        root.setLevel(Level.INFO);
        Path file = directory.resolve(FILE_NAME);
        try {
            RotatingFileHandler handler = open(directory);
            handler.setFormatter(new LineFormatter());
            handler.setLevel(Level.INFO);
            root.addHandler(handler);
            // Angus Mail's protocol trace, when switched on, goes to its own stream, never to this file.
            ANGUS.setLevel(Level.WARNING);
            SUBETHA.setLevel(Level.WARNING);
            return file;
        } catch (IOException | RuntimeException e) {
            System.err.println("Note: the log file " + file + " could not be opened (" + e.getClass().getSimpleName()
                    + "); continuing without a log.");
            return null;
        }
    }

    /**
     * Makes the directory and the log files that are already there private, rotates a full log,
     * and opens the handler.
     */
    static RotatingFileHandler open(Path directory) throws IOException {
        boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            Files.createDirectories(directory);
        } else if (Files.isDirectory(directory)) {
            makePrivate(directory, OWNER_ONLY_DIRECTORY);
        } else {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        }
        Path file = directory.resolve(FILE_NAME);
        if (posix) {
            for (int i = 0; i <= KEEP; i++) {
                Path existing = i == 0 ? file : directory.resolve(FILE_NAME + "." + i);
                if (Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
                    makePrivate(existing, OWNER_ONLY_FILE);
                }
            }
        }
        rotate(directory, file);
        return new RotatingFileHandler(directory, file);
    }

    private static void makePrivate(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static void rotate(Path directory, Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < ROTATE_AT_BYTES) {
            return;
        }
        Files.deleteIfExists(directory.resolve(FILE_NAME + "." + KEEP));
        for (int i = KEEP - 1; i >= 1; i--) {
            Path older = directory.resolve(FILE_NAME + "." + i);
            if (Files.exists(older)) {
                Files.move(older, directory.resolve(FILE_NAME + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, directory.resolve(FILE_NAME + ".1"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Appends to the log file and, when it passes {@value #ROTATE_AT_BYTES} bytes, moves it to
     * {@code otp-verifier.log.1} and starts a new one, also in the middle of a long session.
     */
    static final class RotatingFileHandler extends StreamHandler {
        private final Path directory;
        private final Path file;

        RotatingFileHandler(Path directory, Path file) throws IOException {
            this.directory = directory;
            this.file = file;
            open();
        }

        private void open() throws IOException {
            Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            // rw------- from the moment it exists; a rotated file keeps it when it is moved.
            FileAttribute<?>[] attributes = file.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)}
                    : new FileAttribute<?>[0];
            setOutputStream(Channels.newOutputStream(Files.newByteChannel(file, options, attributes)));
            try {
                setEncoding("UTF-8");
            } catch (java.io.UnsupportedEncodingException impossible) {
                throw new AssertionError("UTF-8 is always supported", impossible);
            }
        }

        @Override
        public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush();
            try {
                if (Files.size(file) >= ROTATE_AT_BYTES) {
                    super.close();
                    rotate(directory, file);
                    open();
                }
            } catch (IOException e) {
                reportError("Could not rotate the log file", e, java.util.logging.ErrorManager.WRITE_FAILURE);
            }
        }
    }

    /** One line per event: time, level, logger, message. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder(128)
                    .append(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(record.getMillis())))
                    .append(' ').append(record.getLevel().getName())
                    .append(' ').append(record.getLoggerName())
                    .append(' ').append(formatMessage(record).replace('\n', ' ').replace('\r', ' '))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                line.append("    caused by ").append(record.getThrown().getClass().getName())
                        .append(System.lineSeparator());
            }
            return line.toString();
        }
    }
}
