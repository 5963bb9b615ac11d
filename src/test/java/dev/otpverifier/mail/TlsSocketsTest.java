package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.testing.TestCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust manager behind {@link TlsSockets#context} through the parts of its contract that a TLS
 * handshake of this app does not use, without a server: the check without a socket or engine, and
 * the list of accepted issuers (which the JDK sends to a server when
 * {@code jdk.tls.client.enableCAExtension} is set). TlsSocketsIT covers the handshakes.
 */
class TlsSocketsTest {

    /** The key type of {@link DemoCertificate}s (EC), as TLS 1.2 names it. */
    private static final String AUTH_TYPE = "ECDHE_ECDSA";

    @TempDir
    Path dir;

    private static X509Certificate[] chainOf(Path pem) throws Exception {
        return TlsSockets.readPem(pem).toArray(X509Certificate[]::new);
    }

    @Test
    void withoutASocketTooAChainIsTrustedIfTheFileVouchesForItAndRefusedWithBothReasonsIfNeitherDoes()
            throws Exception {
        X509Certificate[] known = chainOf(TestCertificate.localhost().certificate());
        X509Certificate[] stranger = chainOf(
                DemoCertificate.generate(Files.createDirectory(dir.resolve("stranger"))).certificate());
        X509ExtendedTrustManager trust = TlsSockets.trustManagerFor(Optional.of(TestCertificate.localhost().certificate()));

        trust.checkServerTrusted(known, AUTH_TYPE);
        assertThatThrownBy(() -> TlsSockets.trustManagerFor(Optional.empty()).checkServerTrusted(known, AUTH_TYPE))
                .as("Java's default store alone does not know it").isInstanceOf(CertificateException.class);

        CertificateException refused = catchThrowableOfType(() -> trust.checkServerTrusted(stranger, AUTH_TYPE),
                CertificateException.class);
        assertThat(refused).as("a certificate neither knows is refused").isNotNull();
        assertThat(refused.getSuppressed()).as("with the file's refusal besides the default store's").singleElement()
                .isInstanceOf(CertificateException.class);
    }

    @Test
    void theAcceptedIssuersAreThoseOfTheDefaultStoreAndEveryCertificateOfTheFile() throws Exception {
        Path other = DemoCertificate.generate(Files.createDirectory(dir.resolve("other"))).certificate();
        Path bundle = Files.writeString(dir.resolve("bundle.pem"), Files.readString(other)
                + Files.readString(TestCertificate.localhost().certificate()));
        List<X509Certificate> expected = new ArrayList<>(
                List.of(TlsSockets.trustManagerFor(Optional.empty()).getAcceptedIssuers()));
        expected.addAll(TlsSockets.readPem(bundle));

        X509Certificate[] accepted = TlsSockets.trustManagerFor(Optional.of(bundle)).getAcceptedIssuers();

        assertThat(accepted).containsExactlyInAnyOrderElementsOf(expected);
    }
}
