package dev.otpverifier.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A key pair and self-signed certificate made for one run, with the JDK's own {@code keytool}.
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
        Path keyStore = directory.resolve("demo-server.p12");
        Path certificate = directory.resolve("demo-server.pem");
        String san = "SAN=" + String.join(",", subjectAlternativeNames);
        keytool(password, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-sigalg", "SHA256withECDSA", "-dname", "CN=OTP Verifier demo server", "-ext", san,
                "-validity", "2", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass:env", "OTP_DEMO_STOREPASS", "-keypass:env", "OTP_DEMO_STOREPASS", "-noprompt");
        keytool(password, "-exportcert", "-rfc", "-alias", ALIAS, "-file", certificate.toString(),
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass:env", "OTP_DEMO_STOREPASS");
        return new DemoCertificate(keyStore, certificate, password);
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
