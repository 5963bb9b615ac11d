package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSetupTest {

    @TempDir
    Path dir;

    @Test
    void theLogRotatesDuringASessionAndKeepsThreeOldFiles() throws Exception {
        Path file = dir.resolve(LogSetup.FILE_NAME);
        LogSetup.RotatingFileHandler handler = new LogSetup.RotatingFileHandler(dir, file);
        handler.setFormatter(new LogSetup.LineFormatter());
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        String line = "x".repeat(200);
        try {
            long lines = 5 * LogSetup.ROTATE_AT_BYTES / line.length();
            for (long i = 0; i < lines; i++) {
                logger.log(Level.INFO, line);
            }
        } finally {
            handler.close();
        }

        assertThat(Files.size(file)).isLessThan(LogSetup.ROTATE_AT_BYTES);
        for (int i = 1; i <= 3; i++) {
            assertThat(dir.resolve(LogSetup.FILE_NAME + "." + i)).isRegularFile();
            assertThat(Files.size(dir.resolve(LogSetup.FILE_NAME + "." + i))).isGreaterThanOrEqualTo(
                    LogSetup.ROTATE_AT_BYTES);
        }
        assertThat(dir.resolve(LogSetup.FILE_NAME + ".4")).doesNotExist();
        assertThat(Files.readString(file)).contains(" INFO ").contains(line);
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void fill(LogSetup.RotatingFileHandler handler, long bytes) {
        handler.setFormatter(new LogSetup.LineFormatter());
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        String line = "y".repeat(200);
        try {
            for (long i = 0; i < bytes / line.length(); i++) {
                logger.log(Level.INFO, line);
            }
        } finally {
            handler.close();
        }
    }

    /** Issue 12: even masked, the log tells when which addresses were verified; it is the user's alone. */
    @Test
    void theDirectoryAndEveryLogFileRotatedOrNotAreTheOwnersAlone() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path logs = dir.resolve("state").resolve("otp-verifier");

        fill(LogSetup.open(logs), 3 * LogSetup.ROTATE_AT_BYTES);

        assertThat(mode(logs)).isEqualTo("rwx------");
        assertThat(mode(logs.getParent())).as("a directory made on the way").isEqualTo("rwx------");
        assertThat(mode(logs.resolve(LogSetup.FILE_NAME))).isEqualTo("rw-------");
        for (int i = 1; i <= 2; i++) {
            assertThat(mode(logs.resolve(LogSetup.FILE_NAME + "." + i))).as("rotated file " + i).isEqualTo("rw-------");
        }
    }

    @Test
    void aDirectoryAndFilesAnEarlierVersionLeftOpenAreMadePrivate() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path logs = Files.createDirectory(dir.resolve("logs"));
        Files.setPosixFilePermissions(logs, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path current = Files.writeString(logs.resolve(LogSetup.FILE_NAME), "old line\n");
        Path rotated = Files.writeString(logs.resolve(LogSetup.FILE_NAME + ".3"), "older line\n");
        for (Path file : new Path[] {current, rotated}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }

        LogSetup.open(logs).close();

        assertThat(mode(logs)).isEqualTo("rwx------");
        assertThat(mode(current)).isEqualTo("rw-------");
        assertThat(mode(rotated)).isEqualTo("rw-------");
        assertThat(Files.readString(current)).as("kept, not replaced").isEqualTo("old line\n");
    }
}
