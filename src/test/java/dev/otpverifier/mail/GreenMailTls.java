package dev.otpverifier.mail;

import dev.otpverifier.demo.DemoCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one certificate GreenMail's implicit-TLS servers present in this test JVM.
 *
 * <p>GreenMail reads its key store ({@code greenmail.tls.keystore.*}) once per JVM and keeps the
 * server socket factory, so every test class that starts GreenMail over TLS must use the same
 * certificate: the first to start would otherwise fix it for all. The files are deleted when the
 * JVM exits. Thread safe.
 */
public final class GreenMailTls {

    private static DemoCertificate certificate;

    private GreenMailTls() {
    }

    /** The certificate, made (and handed to GreenMail's system properties) on first use. */
    public static synchronized DemoCertificate certificate() {
        if (certificate == null) {
            try {
                Path dir = Files.createTempDirectory("greenmail-tls");
                dir.toFile().deleteOnExit();
                DemoCertificate made = DemoCertificate.generate(dir);
                made.keyStore().toFile().deleteOnExit();
                made.certificate().toFile().deleteOnExit();
                certificate = made;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.setProperty("greenmail.tls.keystore.file", certificate.keyStore().toString());
        System.setProperty("greenmail.tls.keystore.password", new String(certificate.password()));
        System.setProperty("greenmail.tls.key.password", new String(certificate.password()));
        return certificate;
    }
}
