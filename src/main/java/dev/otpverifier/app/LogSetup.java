package dev.otpverifier.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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
 */
final class LogSetup {

    static final String FILE_NAME = "otp-verifier.log";
    static final long ROTATE_AT_BYTES = 1L << 20;
    private static final int KEEP = 3;
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
            Files.createDirectories(directory);
            rotate(directory, file);
            RotatingFileHandler handler = new RotatingFileHandler(directory, file);
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
            setOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
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
