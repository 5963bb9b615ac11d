package dev.otpverifier.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Refuses a configuration file that someone other than the user (or root) could have written, the
 * way OpenSSH refuses such a {@code ~/.ssh/config} and {@code sshd} such an
 * {@code authorized_keys} file.
 *
 * <p>The configuration decides which server receives the password from {@code OTP_SMTP_PASSWORD}
 * and the codes, so whoever can change the file can have both sent to a server of their own (a
 * public certificate makes TLS no obstacle). On a POSIX file system the file is trusted only when:
 * <ul>
 *   <li>it is owned by the user running the app or by root (root can change anything anyway; a
 *       file installed by the administrator is fine, as OpenSSH allows);</li>
 *   <li>it is not writable by its group or by others (mode {@code 022} clear). Group write counts
 *       even when the group is the user's own private group: like upstream OpenSSH, and unlike
 *       Debian's patch for it, the check does not read the group database;</li>
 *   <li>every directory above it, up to {@code /}, is owned by the user or root and is either not
 *       writable by group or others or has the sticky bit (whoever can write a directory can rename
 *       the file or the directory below it away and put their own in its place; in a sticky
 *       directory such as {@code /tmp} only an entry's owner can do that). This is {@code sshd}'s
 *       {@code safe_path} check, except that it does not stop at the home directory: a
 *       {@code --config} file can be anywhere, and the directories above a home are normally
 *       root's own and pass anyway. Sticky directories are allowed where {@code safe_path} is
 *       stricter, so that a file under {@code /tmp/}<em>own directory</em> can be used.</li>
 * </ul>
 * The checks run on the real path (links resolved), which is also the path returned for reading,
 * so that a link cannot be switched between the check and the read.
 *
 * <p>On a file system without POSIX owners and modes (Windows) nothing is checked: the files there
 * are protected by access control lists, and {@link ConfigWriter} gives a saved file an owner-only
 * one. Access control lists on a POSIX system are not read: on Linux an entry that lets another
 * user write shows in the group bits of the mode and is refused with them; macOS keeps its lists
 * apart from the mode, and an entry there goes unnoticed (out of scope, as for OpenSSH). A file
 * system mounted so that every file looks writable by everyone (a FAT memory stick with
 * {@code umask=000}) is refused, rightly: other users can write it, and the file must be copied
 * elsewhere.
 *
 * <p>Immutable and thread safe.
 */
final class ConfigFileTrust {

    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;
    private static final long ROOT = 0;

    private final LongSupplier currentUser;
    private final Path ownDirectory;

    /**
     * Creates a check.
     *
     * @param currentUser the numeric user id of the user running the app; asked for only on a POSIX
     *     file system
     * @param ownDirectory the user's configuration directory, suggested when a file is in a
     *     directory that is not theirs
     */
    ConfigFileTrust(LongSupplier currentUser, Path ownDirectory) {
        this.currentUser = currentUser;
        this.ownDirectory = ownDirectory;
    }

    /** A check for the user running this process, suggesting {@code ownDirectory} as a safe place. */
    static ConfigFileTrust forCurrentUser(Path ownDirectory) {
        // Only reached on a file system with POSIX owners, where this class exists: it is not on Windows.
        return new ConfigFileTrust(() -> new com.sun.security.auth.module.UnixSystem().getUid(), ownDirectory);
    }

    /**
     * Checks {@code file} and the directories above it.
     *
     * @param file an existing regular file
     * @param origin where the file was named ({@code --config}, the variable) or found, for the message
     * @return the file's real path, to be read and saved instead of {@code file}
     * @throws ConfigException naming the file, each problem and its fix, when the file cannot be trusted
     */
    Path requireTrusted(Path file, String origin) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw new ConfigException(shown(file), List.of(new ConfigException.Problem(origin,
                    "the file " + shown(file) + " cannot be read (" + e.getClass().getSimpleName()
                            + "). Check the path and its permissions.")));
        }
        if (!real.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return real;
        }
        long user = currentUser.getAsLong();
        List<ConfigException.Problem> problems = new ArrayList<>();
        try {
            Map<String, Object> attributes = Files.readAttributes(real, "unix:uid,mode");
            int uid = (Integer) attributes.get("uid");
            int mode = (Integer) attributes.get("mode");
            if (!trustedOwner(uid, user)) {
                problems.add(new ConfigException.Problem(origin, "the file belongs to the user " + owner(real)
                        + ", not to you, so that user could change which server gets your password. Check that "
                        + "the settings in it are yours, then take it over: sudo chown \"$USER\" " + quoted(real)));
            }
            if ((mode & GROUP_OR_OTHERS_WRITE) != 0) {
                problems.add(new ConfigException.Problem(origin, "other users can change the file (it is writable "
                        + "by " + writers(mode) + "), so they could send your password to a server of theirs. "
                        + "Make it writable by you alone: chmod go-w " + quoted(real)));
            }
            for (Path directory = real.getParent(); directory != null; directory = directory.getParent()) {
                checkDirectory(directory, user, origin, problems);
            }
        } catch (IOException e) {
            problems.add(new ConfigException.Problem(origin, "the owner and permissions of " + shown(real)
                    + " cannot be read (" + e.getClass().getSimpleName() + "), so it cannot be trusted. "
                    + "Check the permissions of the file and the folders above it."));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(shown(real), problems);
        }
        return real;
    }

    private void checkDirectory(Path directory, long user, String origin, List<ConfigException.Problem> problems)
            throws IOException {
        Map<String, Object> attributes = Files.readAttributes(directory, "unix:uid,mode");
        int uid = (Integer) attributes.get("uid");
        int mode = (Integer) attributes.get("mode");
        if (!trustedOwner(uid, user)) {
            problems.add(new ConfigException.Problem(origin, "the folder " + shown(directory)
                    + " belongs to the user " + owner(directory) + ", who could replace the file with one of "
                    + "their own. Keep the configuration in a folder of your own, such as " + shown(ownDirectory)
                    + "."));
        } else if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
            problems.add(new ConfigException.Problem(origin, "other users can change the folder " + shown(directory)
                    + " (it is writable by " + writers(mode) + "), so they could replace the file with one of "
                    + "their own. Make the folder writable by you alone: chmod go-w " + quoted(directory)
                    + " (or keep the configuration in a folder of your own, such as " + shown(ownDirectory) + ")."));
        }
    }

    private static boolean trustedOwner(long uid, long user) {
        return uid == user || uid == ROOT;
    }

    private static String writers(int mode) {
        boolean group = (mode & 0020) != 0;
        boolean others = (mode & 0002) != 0;
        return group && others ? "its group and by everyone" : group ? "its group" : "everyone";
    }

    private static String owner(Path path) {
        try {
            return ConfigLocator.printable(Files.getOwner(path).getName());
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    /** A path for a shell command: in single quotes, so that spaces and {@code $} stay as they are. */
    private static String quoted(Path path) {
        return "'" + shown(path).replace("'", "'\\''") + "'";
    }

    private static String shown(Path path) {
        return ConfigLocator.printable(path);
    }
}
