package dev.otpverifier.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A key pair and self-signed certificate made for one run ({@link #generate}) or kept between runs
 * ({@link #keptIn}), with the JDK's own {@code keytool}.
 *
 * <p>The key never leaves the owner-only directory it was made in, and the certificate (a PEM file
 * beside it) is trusted only by the client that is told about it through {@code smtp.trust.certificate}:
 * nothing in the app trusts all certificates. One made for a run is valid for two days, with a
 * random key store password, in a temporary directory its server removes; a kept one is valid for
 * 90 days, with a constant password, in the cache directory (see {@link #keptIn} for why). Both are
 * for {@code localhost} and {@code 127.0.0.1} unless other names are given.
 *
 * @param keyStore the PKCS#12 file holding the key and certificate
 * @param certificate the certificate as PEM, for the client's trust
 * @param password the key store password
 */
public record DemoCertificate(Path keyStore, Path certificate, char[] password) {

    private static final String ALIAS = "otp-verifier-demo";
    private static final String KEY_STORE = "demo-server.p12";
    private static final String CERTIFICATE = "demo-server.pem";
    /** The password of a kept key store: see {@link #keptIn} for why a constant is enough. */
    static final char[] KEPT_PASSWORD = "otp-verifier-loopback-only".toCharArray();
    /** How long a kept certificate is valid. */
    static final int KEPT_VALIDITY_DAYS = 90;
    /**
     * A kept certificate with less than this left is made again: a window left open for days must
     * not see its demo server's certificate expire.
     */
    static final Duration KEPT_RENEWAL = Duration.ofDays(7);
    private static final Object KEPT_LOCK = new Object();
    /** The types of subject alternative names, RFC 5280 section 4.2.1.6. */
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;
    private static final long KEYTOOL_TIMEOUT_SECONDS = 60;

    /**
     * Makes a key pair and certificate for {@code localhost} and {@code 127.0.0.1}.
     *
     * @param directory an empty directory that only this user can read
     * @throws IOException when keytool is missing or fails
     */
    public static DemoCertificate generate(Path directory) throws IOException {
        return generate(directory, List.of("dns:localhost", "ip:127.0.0.1"));
    }

    /**
     * Makes a key pair and certificate for the given subject alternative names.
     *
     * @param directory an empty directory that only this user can read
     * @param subjectAlternativeNames entries such as {@code dns:localhost} or {@code ip:127.0.0.1}
     * @throws IOException when keytool is missing or fails
     */
    public static DemoCertificate generate(Path directory, List<String> subjectAlternativeNames) throws IOException {
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
        return generate(directory, subjectAlternativeNames, password, 2);
    }

    /**
     * The certificate kept in {@code directory} for {@code localhost} and {@code 127.0.0.1}, made
     * there first when it is missing, unreadable, not the pair it should be, not for those names,
     * not this user's alone, or within {@link #KEPT_RENEWAL} of expiry.
     *
     * <p>For the servers that every start of the app runs on 127.0.0.1 for itself alone (the send
     * rehearsal's sink, the demo server), where a new key pair each time would cost a second or two
     * of processor time while a person types. What the key protects is little: dummy messages, and
     * demo codes that the demo inbox shows anyway; only the client told about this certificate
     * trusts it. So the key store's password is a constant ({@link #KEPT_PASSWORD}) and its
     * protection is the directory: made for this user only (0700, files 0600), and used only while
     * it still is (on POSIX systems). A link in its place is refused, never followed or removed.
     *
     * <p>Thread safe, and safe for several processes at once: the whole check-and-make runs under a
     * lock file beside the directory ({@code <name>.lock}, empty). A certificate is never changed in
     * place: a new one is made in {@code <name>.new-*}, the old directory is moved aside to
     * {@code <name>.old-*} and the new one moved in, so that files a running server has read stay
     * whole; leftovers of an interrupted run are removed the next time (only the two files this
     * class writes, and then the directory if nothing else is in it).
     *
     * @param directory the directory to keep it in; its parent must exist
     * @param clock the time to check the expiry against
     * @throws IOException when none can be read or made
     */
    public static DemoCertificate keptIn(Path directory, Clock clock) throws IOException {
        Path absolute = directory.toAbsolutePath();
        Path parent = absolute.getParent();
        String name = absolute.getFileName().toString();
        synchronized (KEPT_LOCK) {
            try (FileChannel lockFile = FileChannel.open(parent.resolve(name + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                    FileLock lock = lockFile.lock()) {
                Optional<DemoCertificate> kept = readKept(absolute, clock);
                if (kept.isPresent()) {
                    return kept.get();
                }
                if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)
                        && !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(absolute + " is not a directory; it was left as it is");
                }
                sweep(parent, name);
                replace(absolute, parent, name);
                sweep(parent, name);
                return readKept(absolute, clock).orElseThrow(
                        () -> new IOException("The certificate just made in " + absolute + " could not be read back"));
            }
        }
    }

    /** Makes a certificate in a new directory and puts it in {@code absolute}'s place; the old one goes aside. */
    private static void replace(Path absolute, Path parent, String name) throws IOException {
        Path fresh = createPrivateDirectory(parent, name + ".new-");
        // Until it is in place, this removes it (and the key inside) if the app exits meanwhile.
        Thread cleanup = new Thread(() -> removeQuietly(fresh), "otp-kept-certificate-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            DemoCertificate made = generate(fresh, List.of("dns:localhost", "ip:127.0.0.1"), KEPT_PASSWORD.clone(),
                    KEPT_VALIDITY_DAYS);
            ownerOnly(made.keyStore());
            ownerOnly(made.certificate());
            if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
                byte[] random = new byte[6];
                new SecureRandom().nextBytes(random);
                Files.move(absolute, parent.resolve(name + ".old-" + HexFormat.of().formatHex(random)),
                        StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(fresh, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            removeQuietly(fresh);
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs or has run.
            }
        }
    }

    /**
     * The certificate in {@code directory} if it is one that {@link #keptIn} made and may still use:
     * a real directory holding a regular key store and PEM file, the PEM being the key store's own
     * certificate, for {@code localhost} and {@code 127.0.0.1}, valid for at least
     * {@link #KEPT_RENEWAL}, and (on POSIX systems) the directory and files this user's and closed to
     * others.
     */
    static Optional<DemoCertificate> readKept(Path directory, Clock clock) {
        Path keyStore = directory.resolve(KEY_STORE);
        Path certificate = directory.resolve(CERTIFICATE);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(keyStore, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(certificate, LinkOption.NOFOLLOW_LINKS)
                || !ownersAlone(directory, keyStore, certificate)) {
            return Optional.empty();
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keyStore, LinkOption.NOFOLLOW_LINKS)) {
                store.load(in, KEPT_PASSWORD.clone());
            }
            if (!(store.getCertificate(ALIAS) instanceof X509Certificate stored) || !store.isKeyEntry(ALIAS)) {
                return Optional.empty();
            }
            Certificate shown;
            try (InputStream in = Files.newInputStream(certificate, LinkOption.NOFOLLOW_LINKS)) {
                shown = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            Instant now = clock.instant();
            boolean lasts = stored.getNotAfter().toInstant().isAfter(now.plus(KEPT_RENEWAL))
                    && !stored.getNotBefore().toInstant().isAfter(now.plus(Duration.ofHours(1)));
            if (!stored.equals(shown) || !lasts || !forLoopback(stored)) {
                return Optional.empty();
            }
            return Optional.of(new DemoCertificate(keyStore, certificate, KEPT_PASSWORD.clone()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Whether the certificate names exactly {@code localhost} and {@code 127.0.0.1}, as the clients ask. */
    private static boolean forLoopback(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return false;
        }
        Set<String> found = new HashSet<>();
        for (List<?> entry : names) {
            found.add(entry.get(0) + ":" + entry.get(1));
        }
        return found.equals(Set.of(DNS_NAME + ":localhost", IP_ADDRESS + ":127.0.0.1"));
    }

    /** On POSIX systems: the directory rwx------ and both files without group or other bits, all this user's. */
    private static boolean ownersAlone(Path directory, Path... files) {
        try {
            if (!Files.getFileStore(directory).supportsFileAttributeView(PosixFileAttributeView.class)) {
                return true; // Windows: the directory lies in the user's own profile
            }
            UserPrincipal us = directory.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.owner().equals(us)
                    || !attributes.permissions().equals(PosixFilePermissions.fromString("rwx------"))) {
                return false;
            }
            for (Path file : files) {
                PosixFileAttributes fileAttributes = Files.readAttributes(file, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> permissions = fileAttributes.permissions();
                if (!fileAttributes.owner().equals(us) || permissions.stream().anyMatch(p -> p.name().startsWith("GROUP")
                        || p.name().startsWith("OTHERS"))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Removes what interrupted or replaced runs left beside the kept directory ({@code <name>.new-*},
     * {@code <name>.old-*}): the two files this class writes, then each directory that is empty.
     */
    private static void sweep(Path parent, String name) {
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(parent,
                entry -> entry.getFileName().toString().startsWith(name + ".new-")
                        || entry.getFileName().toString().startsWith(name + ".old-"))) {
            for (Path leftover : leftovers) {
                removeQuietly(leftover);
            }
        } catch (IOException | RuntimeException e) {
            // Left for the next time: nothing depends on it.
        }
    }

    /** For tests: a certificate with the kept password, for other names or another lifetime. */
    static DemoCertificate generate(Path directory, List<String> subjectAlternativeNames, char[] password,
            int validityDays) throws IOException {
        Path keyStore = directory.resolve(KEY_STORE);
        Path certificate = directory.resolve(CERTIFICATE);
        String san = "SAN=" + String.join(",", subjectAlternativeNames);
        keytool(password, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=OTP Verifier demo server", "-ext", san,
                "-validity", Integer.toString(validityDays), "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass:env", "OTP_DEMO_STOREPASS", "-keypass:env", "OTP_DEMO_STOREPASS", "-noprompt");
        keytool(password, "-exportcert", "-rfc", "-alias", ALIAS, "-file", certificate.toString(),
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass:env", "OTP_DEMO_STOREPASS");
        return new DemoCertificate(keyStore, certificate, password);
    }

    /**
     * Removes a directory this class made: its two files if they are regular files, then the
     * directory if that left it empty. A link, or anything else in it, stays, and so does it.
     */
    private static void removeQuietly(Path directory) {
        try {
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                return;
            }
            for (String file : List.of(KEY_STORE, CERTIFICATE)) {
                Path path = directory.resolve(file);
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.delete(path);
                }
            }
            try (DirectoryStream<Path> rest = Files.newDirectoryStream(directory)) {
                if (!rest.iterator().hasNext()) {
                    Files.delete(directory);
                }
            }
        } catch (IOException | RuntimeException e) {
            // A cache: what stays is harmless, and the next run tries again.
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory, made in the user's own profile, is what protects it.
        }
    }

    private static Path createPrivateDirectory(Path parent, String prefix) throws IOException {
        try {
            return Files.createTempDirectory(parent, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempDirectory(parent, prefix);
        }
    }

    /** A server-side TLS context that presents this certificate. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The password is not shown. */
    @Override
    public String toString() {
        return "DemoCertificate[keyStore=" + keyStore + ", certificate=" + certificate + "]";
    }

    private static void keytool(char[] password, String... arguments) throws IOException {
        Path keytool = keytoolPath();
        List<String> command = new ArrayList<>();
        command.add(keytool.toString());
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OTP_DEMO_STOREPASS", new String(password));
        Process process = builder.start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readNBytes(8_192), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("keytool did not finish within " + KEYTOOL_TIMEOUT_SECONDS + " seconds");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool was running", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed (exit " + process.exitValue() + "): " + output.strip());
        }
    }

    private static Path keytoolPath() throws IOException {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", windows ? "keytool.exe" : "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IOException("The Java runtime at " + System.getProperty("java.home") + " has no keytool, "
                    + "which demo mode needs to make its certificate. Run the app with a full Java 17+ runtime.");
        }
        return keytool;
    }
}
