package dev.otpverifier.auth;

import dev.otpverifier.auth.SignInException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The fallback where no credential store exists: a properties file readable and writable by its
 * owner only (0600 in a 0700 folder on Linux and macOS), written as a temporary file, flushed to
 * disk and moved into place, so that a crash leaves the old file or the new one, never half of one.
 *
 * <p>Thread safe (every method is synchronized). A file that others can read or write, or that is
 * not a regular file, is refused rather than trusted.
 */
public final class FileTokenStore implements RefreshTokenStore {

    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");

    private static final java.util.concurrent.ConcurrentMap<Path, Object> IN_PROCESS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;

    /** A store in {@code file}; the file and its folder are created on the first save. */
    public FileTokenStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /** The file. */
    public Path file() {
        return file;
    }

    @Override
    public synchronized Optional<String> load(String key) {
        return Optional.ofNullable(read().getProperty(key));
    }

    @Override
    public synchronized void save(String key, String token) {
        underLock(() -> {
            Properties tokens = read();
            tokens.setProperty(key, token);
            write(tokens);
        });
    }

    @Override
    public synchronized void delete(String key) {
        underLock(() -> {
            Properties tokens = read();
            if (tokens.remove(key) != null) {
                write(tokens);
            }
        });
    }

    /**
     * Runs a read-modify-write while holding a lock on a file beside the store, so that the window
     * and a terminal run changing sign-ins at the same moment do not lose one of the changes.
     */
    private void underLock(Runnable change) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            if (isPosix()) {
                Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
            } else {
                Files.createDirectories(file.getParent());
            }
            if (isPosix() && !Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createFile(lockFile, PosixFilePermissions.asFileAttribute(OWNER_FILE));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process made it a moment ago
                }
            }
            // A file lock is held per process; stores in one process take turns on a monitor first.
            synchronized (IN_PROCESS.computeIfAbsent(file, path -> new Object())) {
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                        java.nio.channels.FileLock lock = channel.lock()) {
                    change.run();
                }
            }
        } catch (IOException e) {
            throw unavailable("could not be locked for a change", e);
        }
    }

    @Override
    public String description() {
        return "a file only you can read (" + file + "), because this computer has no credential store";
    }

    @Override
    public boolean isSystemStore() {
        return false;
    }

    private Properties read() {
        Properties tokens = new Properties();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return tokens;
        }
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw unavailable("is not a regular file", null);
            }
            if (isPosix()) {
                java.nio.file.attribute.UserPrincipal me = file.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(System.getProperty("user.name"));
                if (!Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).equals(me)) {
                    throw unavailable("belongs to another user; it was not read", null);
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
                if (!OWNER_FILE.containsAll(permissions)) {
                    throw unavailable("can be read or changed by other users (fix: chmod 600 " + file + ")", null);
                }
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                tokens.load(in);
            }
            return tokens;
        } catch (IOException | IllegalArgumentException e) {
            throw unavailable("could not be read", e);
        }
    }

    private void write(Properties tokens) {
        Path folder = file.getParent();
        Path temporary = null;
        try {
            if (isPosix()) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(OWNER_FOLDER));
                temporary = Files.createTempFile(folder, ".sign-in", ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_FILE));
            } else {
                Files.createDirectories(folder);
                temporary = Files.createTempFile(folder, ".sign-in", ".tmp", new FileAttribute<?>[0]);
            }
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE)) {
                tokens.store(out, "OTP Verifier sign-ins: refresh tokens. Keep private; delete to sign out everywhere.");
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
        } catch (IOException e) {
            throw unavailable("could not be written", e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The temporary file holds the same tokens with the same owner-only permissions.
                }
            }
        }
    }

    private boolean isPosix() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private SignInException unavailable(String what, Throwable cause) {
        return new SignInException(Problem.STORE_UNAVAILABLE, "The sign-in file " + file + " " + what + ".", cause);
    }
}
