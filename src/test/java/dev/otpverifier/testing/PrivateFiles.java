package dev.otpverifier.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Configuration files as a careful user keeps them: readable and writable by the owner only, in
 * directories only the owner can change. The app refuses a configuration file that others could
 * write, so tests that go through the file search write theirs this way, whatever the umask of the
 * machine that runs them (with {@code umask 002} a plain write would be group-writable).
 */
public final class PrivateFiles {

    private PrivateFiles() {
    }

    /** Writes {@code text} to {@code file} and makes it {@code rw-------}. */
    public static Path write(Path file, String text) throws IOException {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file} and makes it {@code rw-------}. */
    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Creates {@code directory} and the missing ones above it, each {@code rwx------}. */
    public static Path directories(Path directory) throws IOException {
        return Files.createDirectories(directory,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
