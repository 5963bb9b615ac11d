package dev.otpverifier.app;

import dev.otpverifier.config.UserDirectories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Opens the window in a second Java process started with options that a double-clicked jar cannot
 * carry, because they cut the time to a usable window by about a third on a small machine.
 *
 * <p>The options ({@link #WINDOW_OPTIONS}): the client compiler only, on one thread
 * ({@code -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1}; compiler threads otherwise compete with
 * the first frame for the processors, and an app that sends a few mails never needs the optimising
 * compiler), no performance-counter file ({@code -XX:-UsePerfData}), and an application class-data sharing archive of the classes the app loads
 * ({@code -XX:SharedArchiveFile}), kept in the user's cache directory.
 * The first start makes the archive ({@code -XX:ArchiveClassesAtExit}, written when the window
 * process ends); every later start maps it instead of loading and checking those classes again.
 * The archive is named after the jar (path, size, time), the Java runtime and the options, so an
 * upgrade makes a new one; archives no start has used for 30 days are deleted. Figures are in
 * {@code BENCHMARKS.md}.
 *
 * <p>This first process only waits: it passes on the exit status, and stops the window process
 * when it is itself stopped. It does this only when it is sure the second process gets exactly
 * what it got: started as {@code java [options] -jar otp-verifier.jar} without arguments, on a
 * HotSpot runtime on Linux, with a display, with no options beyond system properties, memory sizes
 * and assertions, and with no {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} or
 * {@code _JAVA_OPTIONS}. Otherwise, or with {@code OTP_VERIFIER_FAST_START=off}, or when the second
 * process cannot start or crashes at once, the app runs in this process as before.
 */
final class FastStart {

    /** What {@link #start} returns when no window process was started: run the app in this process. */
    static final int NOT_STARTED = -1;
    /** The system property that tells the window process it is one (so that it does not start another). */
    static final String CHILD_PROPERTY = "otp.fastStart.child";
    /** The environment variable that turns this off: {@code off}, {@code false}, {@code no} or {@code 0}. */
    static final String SWITCH = "OTP_VERIFIER_FAST_START";
    /** The options the window process gets besides the archive and those passed on. */
    static final List<String> WINDOW_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            // No shared-memory file of counters for jstat and jps: making it costs a start 15 to 25 ms
            // (BENCHMARKS.md); jcmd and jstack still reach the process by its number.
            "-XX:-UsePerfData", "-Xshare:auto",
            // The archive's own notes (classes it cannot hold, and so on) are not for the person's terminal.
            "-Xlog:cds*=off");
    /** Options of this process that the window process may get too; with any other, nothing is relaunched. */
    private static final List<String> PASSED_ON_PREFIXES = List.of("-D", "-Xmx", "-Xms", "-Xss", "-ea", "-da",
            "-esa", "-dsa", "-enableassertions", "-disableassertions", "-enablesystemassertions",
            "-disablesystemassertions");
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
    private static final String ARCHIVE_PREFIX = "otp-verifier-";
    private static final String ARCHIVE_SUFFIX = ".jsa";
    private static final String DRAFT_SUFFIX = ".tmp";
    /** A window process that ends with status 1 this soon could not start at all (say, an unknown option). */
    static final Duration FAILED_START = Duration.ofSeconds(3);
    /** How long a stopped first process waits for the window process to end (and write its archive). */
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    /** An archive no start has used for this long belongs to a jar or runtime that is gone. */
    static final Duration UNUSED_FOR = Duration.ofDays(30);
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private FastStart() {
    }

    /**
     * What this process knows about itself, gathered by {@link #current} and given to {@link #plan},
     * so that every rule can be tested without starting processes.
     *
     * @param osName {@code os.name}
     * @param vmName {@code java.vm.name}
     * @param child whether this process is already the window process
     * @param headless whether there is no display
     * @param command the {@code java} executable of this runtime, if there is one
     * @param arguments this process's command line after the executable, if the system tells
     * @param jar the jar this class was loaded from, if it was loaded from a jar
     * @param jarIdentity what changes when the jar is replaced (size and modification time)
     * @param runtimeIdentity what changes when the Java runtime is replaced (home and version)
     * @param cacheDirectory where the archive is kept
     * @param env the environment
     */
    record Facts(String osName, String vmName, boolean child, boolean headless, Optional<String> command,
            Optional<List<String>> arguments, Optional<Path> jar, String jarIdentity, String runtimeIdentity,
            Path cacheDirectory, Map<String, String> env) {
    }

    /**
     * The window process to start.
     *
     * @param command its command line
     * @param archive the archive it maps, or the one it makes, if any
     * @param draft where it writes the archive it makes (moved to {@code archive} once complete)
     */
    record Plan(List<String> command, Optional<Path> archive, Optional<Path> draft) {
    }

    /**
     * Starts the window process and waits for it, when that is safe; see the class description.
     *
     * @return its exit status, or {@link #NOT_STARTED}
     */
    static int start() {
        if (Boolean.getBoolean(CHILD_PROPERTY)) {
            return NOT_STARTED; // the window process itself: nothing to look up
        }
        Optional<Plan> plan = plan(current());
        if (plan.isEmpty()) {
            return NOT_STARTED;
        }
        try {
            return run(plan.get());
        } catch (IOException | RuntimeException e) {
            // The window process could not be started: the app runs here, as it would without this.
            return NOT_STARTED;
        }
    }

    /** The facts of this process. No lambdas or streams here: each would cost the first process start-up time. */
    static Facts current() {
        Map<String, String> env = System.getenv();
        Optional<Path> jar = ownJar();
        String jarIdentity = "";
        if (jar.isPresent()) {
            try {
                jarIdentity = Files.size(jar.get()) + "/" + Files.getLastModifiedTime(jar.get()).toMillis();
            } catch (IOException e) {
                jar = Optional.empty();
            }
        }
        Path launcher = Path.of(System.getProperty("java.home", ""), "bin", "java");
        Optional<String> command = Files.isExecutable(launcher) ? Optional.of(launcher.toString()) : Optional.empty();
        String runtime = System.getProperty("java.home", "") + "/" + System.getProperty("java.vm.version", "");
        String osName = System.getProperty("os.name", "");
        Path cache = UserDirectories.of(osName, Path.of(System.getProperty("user.home", ".")), env).cache();
        return new Facts(osName, System.getProperty("java.vm.name", ""), Boolean.getBoolean(CHILD_PROPERTY),
                headless(System.getProperty("java.awt.headless"), env), command, ownArguments(), jar, jarIdentity,
                runtime, cache, env);
    }

    /**
     * Whether AWT will find no display, decided as AWT decides it on Linux, without loading AWT
     * (which costs this process about 10 ms): {@code java.awt.headless} if set, else no {@code DISPLAY}.
     */
    static boolean headless(String property, Map<String, String> env) {
        return property != null ? Boolean.parseBoolean(property) : env.get("DISPLAY") == null;
    }

    /**
     * This process's command line after the executable, from {@code /proc/self/cmdline} (Linux;
     * cheaper at start-up than {@link ProcessHandle.Info}).
     */
    private static Optional<List<String>> ownArguments() {
        try {
            // How the JVM itself decoded its arguments (not file.encoding, which a -D option may change).
            java.nio.charset.Charset charset = java.nio.charset.Charset.forName(
                    System.getProperty("sun.jnu.encoding", java.nio.charset.Charset.defaultCharset().name()));
            byte[] bytes = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> arguments = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    arguments.add(new String(bytes, start, i - start, charset));
                    start = i + 1;
                }
            }
            return arguments.isEmpty() ? Optional.empty() : Optional.of(arguments.subList(1, arguments.size()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> ownJar() {
        try {
            java.security.CodeSource source = FastStart.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            Path path = Path.of(source.getLocation().toURI()).toRealPath();
            return path.getFileName().toString().endsWith(".jar") && Files.isRegularFile(path)
                    ? Optional.of(path) : Optional.empty();
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The window process for these facts, or nothing when the app should run in this process.
     * Looks at the cache directory (and makes it) but starts nothing.
     */
    static Optional<Plan> plan(Facts facts) {
        if (facts.child() || facts.headless() || !facts.osName().startsWith("Linux")
                || !(facts.vmName().contains("HotSpot") || facts.vmName().contains("Server VM"))
                || switchedOff(facts.env()) || facts.jar().isEmpty() || facts.command().isEmpty()
                || facts.arguments().isEmpty()) {
            return Optional.empty();
        }
        for (String variable : OPTION_VARIABLES) {
            String value = facts.env().get(variable);
            if (value != null && !value.isBlank()) {
                return Optional.empty();
            }
        }
        List<String> arguments = facts.arguments().get();
        int jarFlag = arguments.indexOf("-jar");
        if (jarFlag < 0 || jarFlag != arguments.size() - 2 || !sameFile(arguments.get(jarFlag + 1), facts.jar().get())) {
            return Optional.empty(); // not "java [options] -jar this.jar" with nothing after it
        }
        List<String> passedOn = arguments.subList(0, jarFlag);
        for (String option : passedOn) {
            if (!passedOn(option)) {
                return Optional.empty();
            }
        }
        List<String> command = new ArrayList<>();
        command.add(facts.command().get());
        command.addAll(passedOn);
        command.addAll(WINDOW_OPTIONS);
        Optional<Path> directory = archiveDirectory(facts.cacheDirectory());
        Optional<Path> archive = directory.isPresent()
                ? Optional.of(directory.get().resolve(ARCHIVE_PREFIX + key(facts, passedOn) + ARCHIVE_SUFFIX))
                : Optional.empty();
        Optional<Path> draft = Optional.empty();
        if (archive.isPresent() && usable(archive.get())) {
            command.add("-XX:SharedArchiveFile=" + archive.get());
            markUsed(archive.get());
        } else if (archive.isPresent() && absentOrDeleted(archive.get())) {
            draft = Optional.of(archive.get().resolveSibling(archive.get().getFileName() + "."
                    + ProcessHandle.current().pid() + DRAFT_SUFFIX));
            command.add("-XX:ArchiveClassesAtExit=" + draft.get());
        } else {
            archive = Optional.empty(); // something is in its place that cannot go: start without one
        }
        command.add("-D" + CHILD_PROPERTY + "=true");
        command.add("-jar");
        command.add(facts.jar().get().toString());
        return Optional.of(new Plan(List.copyOf(command), archive, draft));
    }

    private static boolean passedOn(String option) {
        for (String prefix : PASSED_ON_PREFIXES) {
            if (option.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean switchedOff(Map<String, String> env) {
        String value = env.getOrDefault(SWITCH, "").strip().toLowerCase(Locale.ROOT);
        return value.equals("off") || value.equals("false") || value.equals("no") || value.equals("0");
    }

    private static boolean sameFile(String argument, Path jar) {
        try {
            return Path.of(argument).toRealPath().equals(jar);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A short name for everything the archive depends on. */
    private static String key(Facts facts, List<String> passedOn) {
        CRC32 crc = new CRC32();
        String identity = String.join("\n", facts.jar().get().toString(), facts.jarIdentity(), facts.runtimeIdentity(),
                String.join(" ", WINDOW_OPTIONS), String.join(" ", passedOn));
        crc.update(identity.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }

    /**
     * The cache directory, made readable and writable by this user only, if it is safe to keep an
     * archive there: the JVM runs what an archive holds. Not only the directory but every directory
     * above it must belong to this user or to root and be closed to others (or sticky, like
     * {@code /tmp}): whoever may rename an entry on the way could swap the archive between this
     * check and the JVM opening it. A path with the path separator is not used either: the JVM would
     * read it as two archives.
     */
    private static Optional<Path> archiveDirectory(Path directory) {
        try {
            if (directory.toString().contains(java.io.File.pathSeparator)) {
                return Optional.empty();
            }
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            }
            PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isDirectory() || !ownedByUs(directory)
                    || !attributes.permissions().equals(OWNER_ONLY_DIRECTORY)) {
                return Optional.empty();
            }
            Object us = ourUid();
            for (Path above = directory.toRealPath().getParent(); above != null; above = above.getParent()) {
                Object owner = Files.getAttribute(above, "unix:uid", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) Files.getAttribute(above, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                boolean trustedOwner = owner.equals(us) || owner.equals(0);
                boolean othersMayRename = (mode & 0022) != 0 && (mode & 01000) == 0; // writable, not sticky
                if (!trustedOwner || othersMayRename) {
                    return Optional.empty();
                }
            }
            return Optional.of(directory);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the archive's place is free, deleting what is there (say, an archive that a newer JDK
     * wrote group-writable): the directory is this user's alone, so whatever is in it is too.
     */
    private static boolean absentOrDeleted(Path archive) {
        try {
            Files.deleteIfExists(archive);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code archive} is a regular file of this user's that nobody else can write. */
    private static boolean usable(Path archive) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(archive, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> permissions = attributes.permissions();
            return attributes.isRegularFile() && attributes.size() > 0 && ownedByUs(archive)
                    && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                    && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether this process's user owns {@code file}, by number: {@code /proc/self} belongs to the
     * process's user (a name lookup would cost the first process several milliseconds).
     */
    private static boolean ownedByUs(Path file) throws IOException {
        return Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS).equals(ourUid());
    }

    /** This process's user id: {@code /proc/self} belongs to it. */
    private static Object ourUid() throws IOException {
        return Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /**
     * Starts the window process with inherited input and output, waits for it, keeps the archive it
     * made, and returns its exit status. If this process is stopped meanwhile, the window process is
     * stopped too (and waited for, up to 15 s).
     *
     * @return the window process's exit status, or {@link #NOT_STARTED} if it could not start at all
     * @throws IOException if it could not be started
     */
    static int run(Plan plan) throws IOException {
        Instant started = Instant.now();
        Process window = new ProcessBuilder(plan.command()).inheritIO().start();
        Thread stopWindow = new Thread("otp-stop-window-process") {
            @Override
            public void run() {
                window.destroy();
                try {
                    if (!window.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        window.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    window.destroyForcibly();
                }
                keepArchive(plan, window.isAlive() ? KILLED : window.exitValue());
            }
        };
        Runtime.getRuntime().addShutdownHook(stopWindow);
        int status = waitFor(window);
        try {
            Runtime.getRuntime().removeShutdownHook(stopWindow);
        } catch (IllegalStateException shuttingDown) {
            // This process is being stopped: the hook is running and keeps the archive itself.
        }
        keepArchive(plan, status);
        boolean soon = Duration.between(started, Instant.now()).compareTo(FAILED_START) < 0;
        if (soon && (status == 1 || crashed(status))) {
            if (plan.archive().isPresent() && plan.draft().isEmpty()) {
                deleteQuietly(plan.archive().get()); // it may be what the runtime refused or crashed on
            }
            return NOT_STARTED;
        }
        return status;
    }

    private static int waitFor(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The status of a process killed by SIGKILL. */
    private static final int KILLED = 128 + 9;

    /** Whether {@code status} says the JVM crashed (SIGILL, SIGABRT, SIGBUS, SIGFPE, SIGSEGV). */
    private static boolean crashed(int status) {
        return status == 128 + 4 || status == 128 + 6 || status == 128 + 7 || status == 128 + 8 || status == 128 + 11;
    }

    /**
     * Whether the window process ended in order, so that the archive it wrote at exit is complete:
     * its own exit status, or stopped by SIGINT or SIGTERM (the JVM still runs its exit then). Killed
     * or crashed, the archive may be cut short, and a cut-short archive can crash the next start.
     */
    private static boolean orderly(int status) {
        return status < 128 || status == 128 + 2 || status == 128 + 15;
    }

    /**
     * After the window process: moves a complete new archive into place (read-only, on disk first),
     * deletes a draft that may not be complete, and clears out what is old. Safe to call twice.
     */
    private static synchronized void keepArchive(Plan plan, int status) {
        try {
            if (plan.draft().isEmpty() || plan.archive().isEmpty()) {
                return;
            }
            Path draft = plan.draft().get();
            try {
                if (orderly(status) && Files.isRegularFile(draft, LinkOption.NOFOLLOW_LINKS) && Files.size(draft) > 0) {
                    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(draft,
                            java.nio.file.StandardOpenOption.READ)) {
                        channel.force(true);
                    }
                    Files.setPosixFilePermissions(draft, PosixFilePermissions.fromString("r--------"));
                    Files.move(draft, plan.archive().get(), StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException | RuntimeException e) {
                // Next time, then.
            } finally {
                deleteQuietly(draft);
            }
        } finally {
            plan.archive().ifPresent(FastStart::deleteOthers);
        }
    }

    /** Sets the archive's time to now: archives not used for {@link #UNUSED_FOR} are deleted. */
    private static void markUsed(Path archive) {
        try {
            Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.from(Instant.now()));
        } catch (IOException | RuntimeException e) {
            // It may be deleted a little early, and made again.
        }
    }

    /**
     * Deletes archives unused for {@link #UNUSED_FOR} (left by earlier jars or runtimes; a second copy
     * of the jar elsewhere keeps its own, used, archive) and drafts abandoned for a day. Runs after
     * every session, when nobody waits for it.
     */
    private static void deleteOthers(Path keep) {
        Instant now = Instant.now();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(keep.getParent(), ARCHIVE_PREFIX + "*")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
                boolean unusedArchive = name.endsWith(ARCHIVE_SUFFIX) && !file.equals(keep)
                        && modified.isBefore(now.minus(UNUSED_FOR));
                boolean abandonedDraft = name.endsWith(DRAFT_SUFFIX) && modified.isBefore(now.minus(Duration.ofDays(1)));
                if (unusedArchive || abandonedDraft) {
                    deleteQuietly(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A cache: what stays is harmless, and the next session tries again.
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException | RuntimeException e) {
            // A cache file: harmless if it stays.
        }
    }
}
