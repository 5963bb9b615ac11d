package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.testing.TestCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TlsSockets} on 127.0.0.1: every socket either factory makes has {@code TCP_NODELAY}, however
 * Jakarta Mail asks for it, and the extra trusted certificates work for TLS over an
 * {@link javax.net.ssl.SSLEngine} as well as over a socket.
 */
class TlsSocketsIT {

    @TempDir
    Path dir;

    private ServerSocket listener;
    private final List<Socket> made = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        for (Socket socket : made) {
            socket.close();
        }
        listener.close();
    }

    private Socket keep(Socket socket) {
        made.add(socket);
        return socket;
    }

    /** Each way Jakarta Mail may ask a factory for a socket to the listener. */
    private List<Socket> everyKindOfSocket(javax.net.SocketFactory factory) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int port = listener.getLocalPort();
        Socket unconnected = keep(factory.createSocket());
        assertThat(unconnected.isConnected()).isFalse();
        unconnected.connect(new InetSocketAddress(loopback, port), 2000);
        return List.of(unconnected,
                keep(factory.createSocket("127.0.0.1", port)),
                keep(factory.createSocket("127.0.0.1", port, loopback, 0)),
                keep(factory.createSocket(loopback, port)),
                keep(factory.createSocket(loopback, port, loopback, 0)));
    }

    @Test
    void everyPlainSocketHasNoDelayAndReachesTheServer() throws Exception {
        for (Socket socket : everyKindOfSocket(new TlsSockets.NoDelaySocketFactory())) {
            assertThat(socket.getTcpNoDelay()).as(socket.toString()).isTrue();
            assertThat(socket.isConnected()).isTrue();
            assertThat(socket.getPort()).isEqualTo(listener.getLocalPort());
        }
    }

    @Test
    void everyTlsSocketHasNoDelayAndReachesTheServer() throws Exception {
        SSLSocketFactory delegate = TlsSockets.context(Optional.empty()).getSocketFactory();
        TlsSockets.NoDelaySslSocketFactory factory = new TlsSockets.NoDelaySslSocketFactory(delegate);

        for (Socket socket : everyKindOfSocket(factory)) {
            assertThat(socket).isInstanceOf(SSLSocket.class);
            assertThat(socket.getTcpNoDelay()).as(socket.toString()).isTrue();
            assertThat(socket.getPort()).isEqualTo(listener.getLocalPort());
        }
        assertThat(factory.getDefaultCipherSuites()).containsExactly(delegate.getDefaultCipherSuites());
        assertThat(factory.getSupportedCipherSuites()).containsExactly(delegate.getSupportedCipherSuites());
    }

    @Test
    void theStartTlsUpgradeTurnsNoDelayOnForTheConnectionUnderneath() throws Exception {
        Socket plain = keep(new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort()));
        plain.setTcpNoDelay(false);
        TlsSockets.NoDelaySslSocketFactory factory = new TlsSockets.NoDelaySslSocketFactory(
                TlsSockets.context(Optional.empty()).getSocketFactory());

        Socket upgraded = keep(factory.createSocket(plain, "127.0.0.1", listener.getLocalPort(), true));

        assertThat(upgraded).isInstanceOf(SSLSocket.class);
        assertThat(plain.getTcpNoDelay()).isTrue();
    }

    /** An HTTPS server on 127.0.0.1 that presents {@code certificate}; Java's HTTP client uses an SSLEngine. */
    private static HttpsServer https(DemoCertificate certificate) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
        server.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static HttpResponse<String> get(SSLContext trust, HttpsServer server) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCertificateInTheExtraFileIsTrustedOverAnEngineToo() throws Exception {
        DemoCertificate certificate = TestCertificate.localhost();
        HttpsServer server = https(certificate);
        try {
            assertThat(get(TlsSockets.context(Optional.of(certificate.certificate())), server).body()).isEqualTo("hello");
            assertThatThrownBy(() -> get(TlsSockets.context(Optional.empty()), server))
                    .as("Java's default trust store alone does not know it").isInstanceOf(IOException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBundleFileTrustsEachOfItsCertificates() throws Exception {
        DemoCertificate other = DemoCertificate.generate(Files.createDirectory(dir.resolve("other")));
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, Files.readString(other.certificate())
                + Files.readString(TestCertificate.localhost().certificate()));
        HttpsServer server = https(TestCertificate.localhost());
        try {
            assertThat(TlsSockets.readPem(bundle)).hasSize(2);
            assertThat(get(TlsSockets.context(Optional.of(bundle)), server).statusCode()).isEqualTo(200);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedCertificateCarriesBothRefusals() throws Exception {
        DemoCertificate other = DemoCertificate.generate(Files.createDirectory(dir.resolve("other")));
        HttpsServer server = https(TestCertificate.localhost());
        try {
            Throwable failure = catchFailure(() -> get(TlsSockets.context(Optional.of(other.certificate())), server));

            CertificateException refused = findCertificateException(failure);
            assertThat(refused).as("the default store's refusal").isNotNull();
            assertThat(refused.getSuppressed()).as("and the extra file's").singleElement()
                    .isInstanceOf(CertificateException.class);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFileWithoutACertificateIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

        assertThatThrownBy(() -> TlsSockets.readPem(empty)).isInstanceOf(CertificateException.class);
        Path nothing = Files.writeString(dir.resolve("nothing.pem"), "");
        assertThatThrownBy(() -> TlsSockets.context(Optional.of(nothing))).isInstanceOf(CertificateException.class)
                .hasMessage("the file holds no certificate");
        assertThatThrownBy(() -> TlsSockets.context(Optional.of(dir.resolve("missing.pem"))))
                .isInstanceOf(IOException.class);
    }

    @FunctionalInterface
    private interface Attempt {
        void run() throws Exception;
    }

    private static Throwable catchFailure(Attempt attempt) {
        try {
            attempt.run();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the TLS connection was expected to fail");
    }

    private static CertificateException findCertificateException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CertificateException found) {
                return found;
            }
        }
        return null;
    }
}
