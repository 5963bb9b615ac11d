package dev.otpverifier.testing;

import dev.otpverifier.demo.DemoCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One certificate for {@code localhost} and {@code 127.0.0.1} per test JVM, for the servers that mail
 * tests start on loopback.
 *
 * <p>Making one costs two {@code keytool} processes (0.7 s on an idle machine, more under load).
 * PIT runs each test method on its own, class set-up included, once for every mutant it covers, so
 * a certificate made per class or per test was made thousands of times in one mutation run. Tests
 * that need a certificate of their own (another name, another server) still make one with
 * {@link DemoCertificate#generate}. The files are deleted when the JVM exits. Thread safe.
 */
public final class TestCertificate {

    private static DemoCertificate localhost;

    private TestCertificate() {
    }

    /** The certificate, made on first use. */
    public static synchronized DemoCertificate localhost() {
        if (localhost == null) {
            try {
                Path dir = Files.createTempDirectory("test-certificate");
                dir.toFile().deleteOnExit();
                DemoCertificate made = DemoCertificate.generate(dir);
                made.keyStore().toFile().deleteOnExit();
                made.certificate().toFile().deleteOnExit();
                localhost = made;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return localhost;
    }
}
