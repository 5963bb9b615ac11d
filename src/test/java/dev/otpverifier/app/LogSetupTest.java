package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
