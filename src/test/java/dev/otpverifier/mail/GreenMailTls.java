package dev.otpverifier.mail;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.testing.TestCertificate;

/**
 * The one certificate GreenMail's implicit-TLS servers present in this test JVM.
 *
 * <p>GreenMail reads its key store ({@code greenmail.tls.keystore.*}) once per JVM and keeps the
 * server socket factory, so every test class that starts GreenMail over TLS must use the same
 * certificate: the first to start would otherwise fix it for all. It is
 * {@link TestCertificate#localhost()}, which the other loopback servers of the mail tests present
 * too. Thread safe.
 */
public final class GreenMailTls {

    private static DemoCertificate certificate;

    private GreenMailTls() {
    }

    /** The certificate, made (and handed to GreenMail's system properties) on first use. */
    public static synchronized DemoCertificate certificate() {
        if (certificate == null) {
            certificate = TestCertificate.localhost();
        }
        System.setProperty("greenmail.tls.keystore.file", certificate.keyStore().toString());
        System.setProperty("greenmail.tls.keystore.password", new String(certificate.password()));
        System.setProperty("greenmail.tls.key.password", new String(certificate.password()));
        return certificate;
    }
}
