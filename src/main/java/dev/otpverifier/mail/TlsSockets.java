package dev.otpverifier.mail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The sockets the sender uses: TLS trusting Java's default store plus an optional PEM file, and
 * {@code TCP_NODELAY} on every connection.
 *
 * <p>There is no trust-all anywhere: a certificate is accepted only if the default trust store or
 * the configured PEM file vouches for it, and the host name is checked by Jakarta Mail
 * ({@code mail.smtp.ssl.checkserveridentity}). {@code TCP_NODELAY} matters because the SMTP
 * exchange is many small writes that each wait for an answer: with Nagle's algorithm on, the
 * STARTTLS handshake stalls on delayed acknowledgements.
 */
final class TlsSockets {

    private TlsSockets() {
    }

    /**
     * A TLS context that trusts the default store and, if given, the certificates of a PEM file.
     *
     * @throws IOException when the PEM file cannot be read or holds no certificate
     * @throws GeneralSecurityException when the JDK cannot build the context
     */
    static SSLContext context(Optional<Path> extraTrust) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustManagerFor(extraTrust)}, null);
        return context;
    }

    /**
     * The trust manager of {@link #context}: the default store's, or, with a PEM file, one that
     * trusts what either the default store or the file vouches for.
     *
     * @throws IOException when the PEM file cannot be read or holds no certificate
     * @throws GeneralSecurityException when the JDK offers no X.509 trust manager
     */
    static X509ExtendedTrustManager trustManagerFor(Optional<Path> extraTrust) throws IOException,
            GeneralSecurityException {
        X509ExtendedTrustManager defaults = trustManager(null);
        if (extraTrust.isEmpty()) {
            return defaults;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        List<X509Certificate> certificates = readPem(extraTrust.get());
        for (int i = 0; i < certificates.size(); i++) {
            store.setCertificateEntry("extra-" + i, certificates.get(i));
        }
        return new EitherTrustManager(defaults, trustManager(store));
    }

    /** Reads every certificate in a PEM (or DER) file. */
    static List<X509Certificate> readPem(Path file) throws IOException, CertificateException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : read) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new CertificateException("the file holds no certificate");
            }
            return certificates;
        }
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new GeneralSecurityException("The Java runtime offers no X.509 trust manager");
    }

    /** Plain sockets with {@code TCP_NODELAY}, for the connection before STARTTLS. */
    static final class NoDelaySocketFactory extends SocketFactory {

        @Override
        public Socket createSocket() throws IOException {
            Socket socket = new Socket();
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(new Socket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(new Socket(address, port, localAddress, localPort));
        }
    }

    /** TLS sockets with {@code TCP_NODELAY}, for implicit TLS and for the STARTTLS upgrade. */
    static final class NoDelaySslSocketFactory extends SSLSocketFactory {

        private final SSLSocketFactory delegate;

        NoDelaySslSocketFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            socket.setTcpNoDelay(true);
            return delegate.createSocket(socket, host, port, autoClose);
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }

    private static Socket noDelay(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        return socket;
    }

    @FunctionalInterface
    private interface Check {
        void run(X509ExtendedTrustManager manager) throws CertificateException;
    }

    /** Trusts a server if either trust manager does; keeps the first refusal for the error message. */
    private static final class EitherTrustManager extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        EitherTrustManager(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            either(manager -> manager.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            either(manager -> manager.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            either(manager -> manager.checkServerTrusted(chain, authType));
        }

        private void either(Check check) throws CertificateException {
            try {
                check.run(first);
            } catch (CertificateException refused) {
                try {
                    check.run(second);
                } catch (CertificateException alsoRefused) {
                    refused.addSuppressed(alsoRefused);
                    throw refused;
                }
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("This client does not accept client connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("This client does not accept client connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("This client does not accept client connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = new X509Certificate[a.length + b.length];
            System.arraycopy(a, 0, all, 0, a.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
