package dev.otpverifier.state;

import dev.otpverifier.otp.AddressLimits;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link LimitLedger} in an owner-only directory, so that the counts that protect an address outlive
 * a restart and are shared by every instance of the app of one user.
 *
 * <p>The directory holds four files: {@code limits} (the counts), {@code limits.key} (32 random bytes),
 * {@code limits.lock} (empty; locked while a process reads or writes) and, only while one is being
 * written, {@code limits.tmp}. On POSIX file systems the directory is {@code rwx------} and the files
 * {@code rw-------} from the moment they are created. An address is stored only as its HMAC-SHA256
 * under the key, never in plain text; codes never reach this class.
 *
 * <p>Every {@link #read} and {@link #merge} reads the file afresh under an exclusive lock, held both
 * on {@code limits.lock} ({@link FileChannel#lock()}, for other processes) and within this JVM (for
 * other ledgers on the same directory). A merge writes the union of the file and what it is given to
 * {@code limits.tmp}, forces it to the disk and moves it over {@code limits} atomically: a crash or a
 * full disk leaves either the old file or the new one, never half of one, and two processes that
 * merge at the same time lose none of each other's counts. When writing, entries that can no longer
 * change a decision ({@link AddressLimits#pruned}) are dropped, and of the rest at most
 * {@link OtpPolicy#maxEntries()} are kept (at most 100,000 whatever the policy): those that restrict
 * the longest ({@link AddressLimits#droppableAt}). A list of sends or failures keeps its latest 1,024
 * instants, more than any decision looks at.
 *
 * <p>A missing file is a first run. A file that cannot be read as one this class wrote (corrupt, cut
 * short, empty), that is not a regular file, that belongs to another user or that other users can
 * change is moved aside (for example to {@code limits.corrupt-20261202T073000Z}), kept, and counting
 * goes on from empty. A key file that is the wrong size, belongs to another user or that others can
 * read or change is moved aside the same way; a new key is made, and the counts file, whose hashes
 * are useless without the old key, is moved aside too. Each of these is a warning: a sentence in
 * plain words that names the files, passed to the listener given to {@link #open} and kept in
 * {@link #warnings()}.
 *
 * <p>When the directory cannot be used at all (read-only, full, another user's), no method throws:
 * the ledger keeps every count it was given in memory, returns merged values as usual, gives one
 * warning, and tries to write again (with everything still unsaved) on each later merge. A second
 * warning comes only after a write succeeded and a later one failed again.
 *
 * <p>Thread safe: all work on one directory, by any number of ledgers in this JVM, is serialised by
 * one lock. A call waits while another process holds the file lock (a few milliseconds for a file
 * of a few entries; for as long as it likes if that process is stopped in a debugger while holding
 * it). A merge forces the file and the directory to the disk, so it costs a few milliseconds.
 *
 * <p>Out of scope: owner-only ACLs on Windows (there the files get the permissions of the folder,
 * which under {@code %LOCALAPPDATA%} is the user's own); protection against another process of the
 * same user, which can read the key and edit the file as well as this class can; network file
 * systems, whose locks may not be honoured.
 */
public final class FileLimitLedger implements LimitLedger {

    static final String DATA_FILE = "limits";
    static final String KEY_FILE = "limits.key";
    static final String LOCK_FILE = "limits.lock";
    static final String TEMP_SUFFIX = ".tmp";
    static final int KEY_LENGTH = 32;
    /** More would only repeat themselves; the listener still hears every one. */
    static final int MAX_KEPT_WARNINGS = 100;

    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final byte[] KEY_CHECK_INPUT = "otp-verifier limits key check".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** One lock per directory in this JVM: {@link FileChannel#lock()} refuses a second lock in one process. */
    private static final Map<Path, ReentrantLock> DIRECTORY_LOCKS = new ConcurrentHashMap<>();

    /** How a finished temporary file replaces the counts file; a seam for tests that fail the move. */
    @FunctionalInterface
    interface Mover {
        void move(Path source, Path target) throws IOException;
    }

    /** The real move: atomic, replacing the old file. */
    static final Mover ATOMIC_REPLACE = (source, target) -> Files.move(source, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);

    private final Path directory;
    private final Path dataFile;
    private final Path keyFile;
    private final Path lockFile;
    private final OtpPolicy policy;
    private final Clock clock;
    private final Consumer<String> warningListener;
    private final Mover mover;
    private final OwnerOnly files;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock directoryLock;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    // Guarded by directoryLock.
    /**
     * Every count this ledger has seen, by address key, so that nothing merged is lost when the file
     * is moved aside, its key replaced, or the disk refuses a write. The process holds these addresses
     * in its code store anyway; only the file must not.
     */
    private final Map<String, AddressLimits> known = new HashMap<>();
    /** Addresses whose counts in {@link #known} may be missing from the file. */
    private final Set<String> unsaved = new HashSet<>();
    private byte[] key;
    private Mac mac;
    private String keyCheck;
    private boolean failing;

    /** The longest quota and lock windows a configuration may set (ConfigLoader's bounds): 7 days. */
    static final Duration LONGEST_WINDOW = Duration.ofDays(7);
    /** The longest resend cooldown a configuration may set: 1 day. */
    static final Duration LONGEST_COOLDOWN = Duration.ofDays(1);

    /**
     * What the file keeps, whatever this process's own policy: the file is shared by every run of the
     * app (a window, a terminal run, demo mode, another configuration), so a run with short windows or
     * a small cap must not drop counts that a run with long windows still needs. Each run decides
     * with its own policy; the file keeps counts for the longest windows any configuration may set,
     * and at least as many addresses as the default cap.
     */
    static OtpPolicy retention(OtpPolicy policy) {
        return policy.withCodesWindow(longer(policy.codesWindow(), LONGEST_WINDOW))
                .withLockWindow(longer(policy.lockWindow(), LONGEST_WINDOW))
                .withResendCooldown(longer(policy.resendCooldown(), LONGEST_COOLDOWN))
                .withMaxEntries(Math.max(policy.maxEntries(), OtpPolicy.DEFAULT_MAX_ENTRIES));
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private FileLimitLedger(Path directory, OtpPolicy policy, Clock clock, Consumer<String> warningListener,
            Mover mover) {
        this.directory = directory;
        this.dataFile = directory.resolve(DATA_FILE);
        this.keyFile = directory.resolve(KEY_FILE);
        this.lockFile = directory.resolve(LOCK_FILE);
        this.policy = policy;
        this.clock = clock;
        this.warningListener = warningListener;
        this.mover = mover;
        this.files = new OwnerOnly(directory.getFileSystem());
        this.directoryLock = DIRECTORY_LOCKS.computeIfAbsent(lockKey(directory), path -> new ReentrantLock());
    }

    /**
     * Opens the ledger in {@code directory}, creating it owner-only if it is missing, and checks the
     * files already there; what it finds wrong is in {@link #warnings()}. Never throws for a problem
     * of the directory or its files.
     *
     * @param directory where the files are kept, for the app {@code UserDirectories.state()}
     * @param policy the windows that decide which entries still matter, and the cap on their number
     * @param clock the time for pruning and for the names of files moved aside
     * @return the ledger, ready for use even when the directory is not
     */
    public static FileLimitLedger open(Path directory, OtpPolicy policy, Clock clock) {
        return open(directory, policy, clock, warning -> { });
    }

    /**
     * Opens the ledger like {@link #open(Path, OtpPolicy, Clock)} and passes each warning, from now on,
     * to {@code warningListener} as well: on the thread that found it, after the ledger's lock is
     * released, so the listener may call the ledger.
     *
     * @param directory where the files are kept, for the app {@code UserDirectories.state()}
     * @param policy the windows that decide which entries still matter, and the cap on their number
     * @param clock the time for pruning and for the names of files moved aside
     * @param warningListener receives each warning as it is found, for example to log it
     * @return the ledger, ready for use even when the directory is not
     */
    public static FileLimitLedger open(Path directory, OtpPolicy policy, Clock clock,
            Consumer<String> warningListener) {
        return open(directory, retention(policy), clock, warningListener, ATOMIC_REPLACE);
    }

    /** Opens with {@code policy} as the file's retention, exactly (the public factories widen it first). */
    static FileLimitLedger open(Path directory, OtpPolicy policy, Clock clock, Consumer<String> warningListener,
            Mover mover) {
        FileLimitLedger ledger = new FileLimitLedger(directory.toAbsolutePath().normalize(),
                Objects.requireNonNull(policy, "policy"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(warningListener, "warningListener"), Objects.requireNonNull(mover, "mover"));
        ledger.check();
        return ledger;
    }

    /**
     * Every warning so far, oldest first (at most the first 100): sentences in plain words that name
     * the file or directory concerned and say what was done about it, for the app to log and show.
     * The list grows when a later call finds a problem; this returns an unmodifiable copy.
     */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * What is recorded for an address: what the file holds now, merged with what this ledger was given.
     * Never throws for a problem of the directory or its files.
     */
    @Override
    public AddressLimits read(String addressKey) {
        Objects.requireNonNull(addressKey, "addressKey");
        List<String> found = new ArrayList<>();
        AddressLimits result;
        directoryLock.lock();
        try {
            try {
                underFileLock(found, () -> {
                    Map<String, AddressLimits> recorded = load(found);
                    remember(addressKey, recorded.get(hash(addressKey)));
                });
            } catch (IOException | UncheckedIOException | OverlappingFileLockException | SecurityException e) {
                storageFailed(e, found);
            }
            result = known.getOrDefault(addressKey, AddressLimits.NONE);
            boundMemory();
        } finally {
            directoryLock.unlock();
        }
        publish(found);
        return result;
    }

    /**
     * Merges {@code limits} into the file, together with anything an earlier merge could not save, and
     * returns what is recorded for the address afterwards. Never throws for a problem of the directory
     * or its files: the merged value is then kept in memory and returned all the same.
     */
    @Override
    public AddressLimits merge(String addressKey, AddressLimits limits) {
        Objects.requireNonNull(addressKey, "addressKey");
        Objects.requireNonNull(limits, "limits");
        List<String> found = new ArrayList<>();
        AddressLimits result;
        directoryLock.lock();
        try {
            remember(addressKey, limits);
            unsaved.add(addressKey);
            try {
                underFileLock(found, () -> {
                    Map<String, AddressLimits> recorded = load(found);
                    for (String address : unsaved) {
                        String hash = hash(address);
                        recorded.put(hash, remember(address, recorded.get(hash)));
                    }
                    write(storable(recorded));
                    unsaved.clear();
                });
                failing = false;
            } catch (IOException | UncheckedIOException | OverlappingFileLockException | SecurityException e) {
                storageFailed(e, found);
            }
            result = known.get(addressKey);
            boundMemory();
        } finally {
            directoryLock.unlock();
        }
        publish(found);
        return result;
    }

    @Override
    public String toString() {
        return "FileLimitLedger[" + directory + "]";
    }

    /** Looks at the directory and its files once, so that what is wrong is known at start-up. */
    private void check() {
        List<String> found = new ArrayList<>();
        directoryLock.lock();
        try {
            underFileLock(found, () -> load(found));
        } catch (IOException | UncheckedIOException | OverlappingFileLockException | SecurityException e) {
            storageFailed(e, found);
        } finally {
            directoryLock.unlock();
        }
        publish(found);
    }

    // ---- the directory and the lock -------------------------------------------------------------

    @FunctionalInterface
    private interface Work {
        void run() throws IOException;
    }

    private void underFileLock(List<String> found, Work work) throws IOException {
        prepareDirectory(found);
        try (FileChannel channel = files.openOrCreate(lockFile)) {
            FileLock lock = channel.lock();
            try {
                work.run();
            } finally {
                lock.release();
            }
        }
    }

    private void prepareDirectory(List<String> found) throws IOException {
        if (!Files.isDirectory(directory)) {
            try {
                files.createDirectories(directory);
            } catch (IOException e) {
                throw new FileSystemException(directory.toString(), null, "the folder could not be made: "
                        + describe(e));
            }
        }
        if (!files.posix()) {
            return;
        }
        PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class);
        Optional<String> foreign = files.foreignOwner(attributes);
        if (foreign.isPresent()) {
            throw new FileSystemException(directory.toString(), null, "the folder " + foreign.get());
        }
        if (files.tighten(directory, attributes)) {
            found.add("The folder " + directory + " could be changed by other users (its permissions were "
                    + PosixFilePermissions.toString(attributes.permissions())
                    + "); it is owner-only now, and each file in it is checked before it is used.");
        }
    }

    // ---- reading ----------------------------------------------------------------------------------

    /** The key, then the entries of the file by hash; moves aside what cannot be trusted. */
    private Map<String, AddressLimits> load(List<String> found) throws IOException {
        loadKey(found);
        Optional<BasicFileAttributes> attributes = files.attributes(dataFile);
        if (attributes.isEmpty()) {
            return new HashMap<>();
        }
        Optional<String> distrust = files.distrust(attributes.get(), false);
        if (distrust.isPresent()) {
            Path aside = moveAside(dataFile, "untrusted");
            found.add("The attempt counts file " + dataFile + " " + distrust.get()
                    + ", so it could have been written by someone else; it was moved to " + aside
                    + " and counting goes on from empty.");
            return new HashMap<>();
        }
        LimitsFormat.Contents contents;
        try (InputStream in = Files.newInputStream(dataFile, LinkOption.NOFOLLOW_LINKS)) {
            contents = LimitsFormat.read(in);
        } catch (LimitsFormat.Malformed malformed) {
            Path aside = moveAside(dataFile, "corrupt");
            found.add("The attempt counts file " + dataFile + " " + malformed.reason() + "; it was moved to " + aside
                    + " and counting goes on from empty.");
            return new HashMap<>();
        } catch (IOException unreadable) {
            Path aside = moveAside(dataFile, "unreadable");
            found.add("The attempt counts file " + dataFile + " could not be read (" + describe(unreadable)
                    + "); it was moved to " + aside + " and counting goes on from empty.");
            return new HashMap<>();
        }
        if (!contents.keyCheck().equals(keyCheck)) {
            Path aside = moveAside(dataFile, "orphaned");
            found.add("The attempt counts file " + dataFile + " was written with another key than the one in "
                    + keyFile + ", so its entries match no address; it was moved to " + aside
                    + " and counting goes on from empty.");
            return new HashMap<>();
        }
        return new HashMap<>(contents.entries());
    }

    private void loadKey(List<String> found) throws IOException {
        Optional<BasicFileAttributes> attributes = files.attributes(keyFile);
        if (attributes.isEmpty()) {
            if (files.attributes(dataFile).isPresent()) {
                Path aside = moveAside(dataFile, "orphaned");
                found.add("The key file " + keyFile + " is missing, and without it the entries of the attempt counts"
                        + " file " + dataFile + " match no address; that file was moved to " + aside
                        + ", a new key was made and counting goes on from empty.");
            }
            useKey(createKey());
            return;
        }
        Optional<String> problem = files.distrust(attributes.get(), true);
        String kind = "untrusted";
        byte[] bytes = null;
        if (problem.isEmpty()) {
            bytes = readKey();
            if (bytes.length != KEY_LENGTH) {
                problem = Optional.of(bytes.length > KEY_LENGTH ? "is longer than " + KEY_LENGTH + " bytes"
                        : "is " + bytes.length + " bytes long instead of " + KEY_LENGTH);
                kind = "corrupt";
            }
        }
        if (problem.isPresent()) {
            Path keyAside = moveAside(keyFile, kind);
            StringBuilder warning = new StringBuilder("The key file " + keyFile + " " + problem.get()
                    + "; it was moved to " + keyAside + " and a new key was made.");
            if (files.attributes(dataFile).isPresent()) {
                Path dataAside = moveAside(dataFile, "orphaned");
                warning.append(" The attempt counts file ").append(dataFile)
                        .append(", whose entries match no address without the old key, was moved to ").append(dataAside)
                        .append(" and counting goes on from empty.");
            }
            found.add(warning.toString());
            bytes = createKey();
        }
        useKey(bytes);
    }

    /** At most one byte more than a key, so that a huge file is not read whole to find it too long. */
    private byte[] readKey() throws IOException {
        try (FileChannel channel = FileChannel.open(keyFile, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.allocate(KEY_LENGTH + 1);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
            return Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    private byte[] createKey() throws IOException {
        byte[] bytes = new byte[KEY_LENGTH];
        random.nextBytes(bytes);
        Path temp = directory.resolve(KEY_FILE + TEMP_SUFFIX);
        writeFile(temp, bytes);
        try {
            Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
        syncDirectory();
        return bytes;
    }

    private void useKey(byte[] bytes) {
        if (Arrays.equals(bytes, key)) {
            return;
        }
        try {
            Mac newMac = Mac.getInstance(MAC_ALGORITHM);
            newMac.init(new SecretKeySpec(bytes, MAC_ALGORITHM));
            keyCheck = HexFormat.of().formatHex(newMac.doFinal(KEY_CHECK_INPUT), 0, 8);
            mac = newMac;
            key = bytes.clone();
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every Java platform has " + MAC_ALGORITHM, e);
        }
    }

    private String hash(String addressKey) {
        return HexFormat.of().formatHex(mac.doFinal(addressKey.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- writing ----------------------------------------------------------------------------------

    /** What of these entries still matters, bounded and within what the format can hold, by hash. */
    private SortedMap<String, AddressLimits> storable(Map<String, AddressLimits> entries) {
        Instant now = clock.instant();
        Map<String, AddressLimits> kept = new HashMap<>();
        for (Map.Entry<String, AddressLimits> entry : entries.entrySet()) {
            AddressLimits limits = formatted(entry.getValue().pruned(now, policy));
            if (!limits.isEmpty()) {
                kept.put(entry.getKey(), limits);
            }
        }
        int cap = Math.min(policy.maxEntries(), LimitsFormat.MAX_ENTRIES);
        SortedMap<String, AddressLimits> bounded = new TreeMap<>();
        kept.entrySet().stream().sorted(mostRestrictiveFirst()).limit(cap)
                .forEach(entry -> bounded.put(entry.getKey(), entry.getValue()));
        return bounded;
    }

    private <K> Comparator<Map.Entry<K, AddressLimits>> mostRestrictiveFirst() {
        Comparator<Map.Entry<K, AddressLimits>> byDroppableAt = Comparator
                .comparing(entry -> entry.getValue().droppableAt(policy));
        return byDroppableAt.reversed().thenComparing(entry -> entry.getKey().toString());
    }

    /** The latest instants of each list, each within the years the format can write. */
    private static AddressLimits formatted(AddressLimits limits) {
        return new AddressLimits(latest(limits.sends()), latest(limits.failures()),
                limits.failuresForgivenAt().map(FileLimitLedger::clamped), limits.lockedUntil().map(FileLimitLedger::clamped));
    }

    private static List<Instant> latest(List<Instant> instants) {
        List<Instant> tail = instants.subList(Math.max(0, instants.size() - LimitsFormat.MAX_INSTANTS_PER_LIST),
                instants.size());
        return tail.stream().map(FileLimitLedger::clamped).toList();
    }

    private static Instant clamped(Instant instant) {
        if (instant.isBefore(LimitsFormat.EARLIEST)) {
            return LimitsFormat.EARLIEST;
        }
        return instant.isAfter(LimitsFormat.LATEST) ? LimitsFormat.LATEST : instant;
    }

    private void write(SortedMap<String, AddressLimits> entries) throws IOException {
        Path temp = directory.resolve(DATA_FILE + TEMP_SUFFIX);
        writeFile(temp, LimitsFormat.write(keyCheck, entries));
        try {
            mover.move(temp, dataFile);
        } catch (IOException e) {
            deleteAfterFailure(temp, e);
            throw e;
        }
        syncDirectory();
    }

    /** A new owner-only file with these bytes, forced to the disk; what was at its place is removed. */
    private void writeFile(Path file, byte[] bytes) throws IOException {
        // Only a writer that died while holding the lock leaves one behind.
        Files.deleteIfExists(file);
        files.createFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            deleteAfterFailure(file, e);
            throw e;
        }
    }

    /** Makes a rename durable: on POSIX systems the directory entry itself must be forced to the disk. */
    private void syncDirectory() throws IOException {
        if (!files.posix()) {
            // Windows cannot open a directory as a channel; NTFS journals the rename itself.
            return;
        }
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteAfterFailure(Path file, IOException failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** Renames a file to {@code name.kind-20261202T073000Z} (with {@code -2}, {@code -3} if taken). */
    private Path moveAside(Path file, String kind) throws IOException {
        String base = file.getFileName() + "." + kind + "-" + ASIDE_STAMP.format(clock.instant());
        for (int attempt = 1; ; attempt++) {
            Path target = file.resolveSibling(attempt == 1 ? base : base + "-" + attempt);
            try {
                Files.move(file, target);
                return target;
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 100) {
                    throw taken;
                }
            }
        }
    }

    // ---- memory and warnings ----------------------------------------------------------------------

    /** Adds to what this ledger knows of an address and returns the union; null adds nothing. */
    private AddressLimits remember(String addressKey, AddressLimits limits) {
        AddressLimits merged = known.getOrDefault(addressKey, AddressLimits.NONE);
        if (limits != null) {
            merged = merged.merge(limits);
            known.put(addressKey, merged);
        }
        return merged;
    }

    /** Keeps the memory within the policy's cap, like the file. */
    private void boundMemory() {
        if (known.size() <= policy.maxEntries()) {
            return;
        }
        Instant now = clock.instant();
        known.replaceAll((address, limits) -> limits.pruned(now, policy));
        known.values().removeIf(AddressLimits::isEmpty);
        if (known.size() > policy.maxEntries()) {
            List<String> keep = known.entrySet().stream().sorted(mostRestrictiveFirst()).limit(policy.maxEntries())
                    .map(Map.Entry::getKey).toList();
            known.keySet().retainAll(new HashSet<>(keep));
        }
        unsaved.retainAll(known.keySet());
    }

    private void storageFailed(Exception e, List<String> found) {
        if (failing) {
            return;
        }
        failing = true;
        String reason = e instanceof IOException io ? describe(io) : e.toString();
        found.add("The attempt counts cannot be saved in " + directory + " (" + reason + "); until they can, they"
                + " are kept in memory only and end with the program. Saving is tried again with every change.");
    }

    private String describe(IOException e) {
        if (e instanceof FileSystemException fileProblem) {
            String file = fileProblem.getFile();
            String where = file == null || file.equals(directory.toString()) ? "" : ": " + file;
            if (fileProblem.getReason() != null) {
                return fileProblem.getReason() + where;
            }
            if (e instanceof AccessDeniedException) {
                return "access denied" + where;
            }
            if (e instanceof NoSuchFileException) {
                return "not found" + where;
            }
            if (e instanceof FileAlreadyExistsException) {
                return "already exists" + where;
            }
            return e.getClass().getSimpleName() + where;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private void publish(List<String> found) {
        for (String warning : found) {
            synchronized (warnings) {
                if (warnings.size() < MAX_KEPT_WARNINGS) {
                    warnings.add(warning);
                }
            }
            warningListener.accept(warning);
        }
    }

    private static Path lockKey(Path directory) {
        try {
            return directory.toRealPath();
        } catch (IOException notThereYet) {
            return directory;
        }
    }
}
