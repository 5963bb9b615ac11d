package dev.otpverifier.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A key pair and self-signed certificate made for one run ({@link #generate}) or kept between runs
 * ({@link #keptIn}), with the JDK's own {@code keytool}.
 *
 * <p>The key never leaves the temporary directory it was made in, and the certificate (a PEM file
 * beside it) is trusted only by the client that is told about it through {@code smtp.trust.certificate}:
 * nothing in the app trusts all certificates. Valid for two days, for {@code localhost} and
 * {@code 127.0.0.1} unless other names are given.
 *
 * @param keyStore the PKCS#12 file holding the key and certificate
 * @param certificate the certificate as PEM, for the client's trust
 * @param password the key store password, random per run
 */
public record DemoCertificate(Path keyStore, Path certificate, char[] password) {

    private static final String ALIAS = "otp-verifier-demo";
    private static final String KEY_STORE = "demo-server.p12";
    private static final String CERTIFICATE = "demo-server.pem";
    /** The password of a kept key store: see {@link #keptIn} for why a constant is enough. */
    private static final char[] KEPT_PASSWORD = "otp-verifier-loopback-only".toCharArray();
    /** How long a kept certificate is valid; it is made again a day before it expires. */
    static final int KEPT_VALIDITY_DAYS = 90;
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
     * there first when it is missing, unreadable, not the pair it should be, or expiring within a day.
     *
     * <p>For a server that every start of the app runs on 127.0.0.1 for itself alone (the send
     * rehearsal), where a new key pair each time would cost a second or two of processor time while
     * a person types. What the key protects is nothing: the server takes only the app's own dummy
     * message, and only the client told about this certificate trusts it. So the key store's password
     * is a constant ({@link #KEPT_PASSWORD}) and its protection is the directory, which is made for
     * this user only (0700, files 0600). A directory that is a link, or a file in it that is not a
     * regular file, is refused, never followed or removed. Valid for {@link #KEPT_VALIDITY_DAYS} days.
     *
     * <p>Not safe for two callers in one process at once (callers hold a lock). Two processes that
     * find none at the same time both make one; the second to finish uses the first's and drops its
     * own, so a server already using the first keeps working.
     *
     * @param directory the directory to keep it in; its parent must exist
     * @param clock the time to check the expiry against
     * @throws IOException when none can be read or made
     */
    public static DemoCertificate keptIn(Path directory, Clock clock) throws IOException {
        Optional<DemoCertificate> kept = readKept(directory, clock);
        if (kept.isPresent()) {
            return kept.get();
        }
        Path parent = directory.toAbsolutePath().getParent();
        Path fresh = createPrivateDirectory(parent, directory.getFileName() + ".new-");
        try {
            DemoCertificate made = generate(fresh, List.of("dns:localhost", "ip:127.0.0.1"), KEPT_PASSWORD.clone(),
                    KEPT_VALIDITY_DAYS);
            ownerOnly(made.keyStore());
            ownerOnly(made.certificate());
            Optional<DemoCertificate> theirs = readKept(directory, clock);
            if (theirs.isPresent()) { // another process made one meanwhile: a server may be using it
                removeKept(fresh);
                return theirs.get();
            }
            if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
                removeKept(directory);
            }
            Files.move(fresh, directory, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another process may have put its own in place meanwhile: that one does as well.
            try {
                removeKept(fresh);
            } catch (IOException | RuntimeException notRemoved) {
                e.addSuppressed(notRemoved);
            }
            return readKept(directory, clock).orElseThrow(() -> e);
        }
        return readKept(directory, clock).orElseThrow(
                () -> new IOException("The certificate just made in " + directory + " could not be read back"));
    }

    /**
     * The certificate in {@code directory} if it is one that {@link #keptIn} made: a real directory
     * holding a regular key store and PEM file, the PEM being the key store's own certificate, valid
     * for at least another day.
     */
    static Optional<DemoCertificate> readKept(Path directory, Clock clock) {
        Path keyStore = directory.resolve(KEY_STORE);
        Path certificate = directory.resolve(CERTIFICATE);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(keyStore, LinkOption.NOFOLLOW_LINKS)
                || !Files.isRegularFile(certificate, LinkOption.NOFOLLOW_LINKS)) {
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
            boolean lastsADay = stored.getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(1)))
                    && !stored.getNotBefore().toInstant().isAfter(now.plus(Duration.ofHours(1)));
            if (!stored.equals(shown) || !lastsADay) {
                return Optional.empty();
            }
            return Optional.of(new DemoCertificate(keyStore, certificate, KEPT_PASSWORD.clone()));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static DemoCertificate generate(Path directory, List<String> subjectAlternativeNames, char[] password,
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

    /** Removes a kept certificate's two files and its directory; anything else in it stays, and so does it. */
    private static void removeKept(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(directory + " is not a directory; it was left as it is");
        }
        for (String name : List.of(KEY_STORE, CERTIFICATE)) {
            Path file = directory.resolve(name);
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(file + " is not a regular file; it was left as it is");
            }
            Files.deleteIfExists(file);
        }
        Files.delete(directory);
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
