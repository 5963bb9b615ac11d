package dev.otpverifier.state;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Creates owner-only files and directories and says, in words, why an existing one cannot be trusted.
 *
 * <p>On POSIX file systems a file is created {@code rw-------} and a directory {@code rwx------} in
 * the same system call that creates it, so there is no moment in which another user could open it.
 * Elsewhere (Windows) files get the per-user permissions of the folder they are made in, and nothing
 * is checked: owner-only ACLs are out of scope here.
 *
 * <p>Immutable and thread safe.
 */
final class OwnerOnly {

    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> OTHERS_WRITE = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OTHERS_ANY = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final boolean posix;
    /** Who this process runs as; empty when it cannot be found out, and then ownership is not checked. */
    private final Optional<UserPrincipal> me;

    OwnerOnly(FileSystem fileSystem) {
        this.posix = fileSystem.supportedFileAttributeViews().contains("posix");
        this.me = posix ? currentUser(fileSystem) : Optional.empty();
    }

    boolean posix() {
        return posix;
    }

    /** Creates the directory and any missing parents, owner-only. */
    void createDirectories(Path directory) throws IOException {
        if (posix) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Creates a new, empty, owner-only file; fails if anything is already there. */
    void createFile(Path file) throws IOException {
        if (posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } else {
            Files.createFile(file);
        }
    }

    /** Opens a file for writing, creating it owner-only if it is missing; never follows a link. */
    FileChannel openOrCreate(Path file) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
        return FileChannel.open(file, options, attributes);
    }

    /** The file's own attributes (a link is not followed), or empty when nothing is there. */
    Optional<BasicFileAttributes> attributes(Path file) throws IOException {
        try {
            Class<? extends BasicFileAttributes> type = posix ? PosixFileAttributes.class : BasicFileAttributes.class;
            return Optional.of(Files.readAttributes(file, type, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
    }

    /**
     * Why a file cannot be trusted, completing the sentence "The file ...", or empty when it can.
     *
     * @param secret whether others must not even read it (a key), not only not change it
     */
    Optional<String> distrust(BasicFileAttributes attributes, boolean secret) {
        if (!attributes.isRegularFile()) {
            return Optional.of("is not a regular file");
        }
        if (!(attributes instanceof PosixFileAttributes posixAttributes)) {
            return Optional.empty();
        }
        Optional<String> foreign = foreignOwner(posixAttributes);
        if (foreign.isPresent()) {
            return foreign;
        }
        Set<PosixFilePermission> permissions = posixAttributes.permissions();
        if (permissions.stream().anyMatch(OTHERS_WRITE::contains)) {
            return Optional.of("can be changed by other users (its permissions are "
                    + PosixFilePermissions.toString(permissions) + ")");
        }
        if (secret && permissions.stream().anyMatch(OTHERS_ANY::contains)) {
            return Optional.of("can be read by other users (its permissions are "
                    + PosixFilePermissions.toString(permissions) + ")");
        }
        return Optional.empty();
    }

    /** "belongs to another user (name)" when the owner is not this process's user. */
    Optional<String> foreignOwner(PosixFileAttributes attributes) {
        if (me.isEmpty() || attributes.owner().equals(me.get())) {
            return Optional.empty();
        }
        return Optional.of("belongs to another user (" + attributes.owner().getName() + ")");
    }

    /**
     * Makes an existing directory of this user owner-only.
     *
     * @return whether others could write to it before (then files in it may have been planted)
     */
    boolean tighten(Path directory, PosixFileAttributes attributes) throws IOException {
        Set<PosixFilePermission> permissions = attributes.permissions();
        if (permissions.stream().noneMatch(OTHERS_ANY::contains)) {
            return false;
        }
        // The directory exists already, often made by the log set-up with the default umask; only
        // now can it be made owner-only.
        Files.setPosixFilePermissions(directory, DIRECTORY);
        return permissions.stream().anyMatch(OTHERS_WRITE::contains);
    }

    private static Optional<UserPrincipal> currentUser(FileSystem fileSystem) {
        try {
            return Optional.of(fileSystem.getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name")));
        } catch (IOException | UnsupportedOperationException byName) {
            // A container user without a name in /etc/passwd: a file this process makes is owned by it.
            try {
                Path probe = Files.createTempFile("otp-verifier-owner", ".tmp");
                try {
                    return Optional.of(Files.getOwner(probe));
                } finally {
                    Files.delete(probe);
                }
            } catch (IOException | UnsupportedOperationException probe) {
                return Optional.empty();
            }
        }
    }
}
