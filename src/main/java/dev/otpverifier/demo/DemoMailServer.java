package dev.otpverifier.demo;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * A mail server on 127.0.0.1 that requires STARTTLS and a login, and keeps what it receives.
 *
 * <p>It listens on a free port of the loopback interface only. Its certificate is made when it
 * starts ({@link #start(Clock)}, in a temporary directory that {@link #close()} removes) or given
 * ({@link #start(Clock, DemoCertificate)}, a kept one, left in place), and its login is a random
 * password made for this run. A client that skips STARTTLS gets
 * {@code 530 Must issue a STARTTLS command first}; a wrong password gets {@code 535}.
 *
 * <p>Thread safe. Close it to stop listening and remove its files; a shutdown hook does so when the
 * process exits without closing it.
 */
public final class DemoMailServer implements AutoCloseable {

    /** The login name of the demo server. */
    public static final String USERNAME = "demo";
    /** The sender address the demo uses. */
    public static final String FROM_ADDRESS = "otp-verifier@demo.localhost.localdomain";

    private static final Logger LOG = System.getLogger("dev.otpverifier.demo");

    private final Path directory;
    private final DemoCertificate certificate;
    private final String password;
    private final SMTPServer server;
    private final DemoInbox inbox = new DemoInbox();
    private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
    private final ExecutorService parser = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "otp-demo-inbox");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread cleanup;
    private volatile boolean closed;

    private DemoMailServer(Path directory, DemoCertificate certificate, String password, Clock clock, boolean keep)
            throws IOException, GeneralSecurityException {
        this.directory = directory;
        this.certificate = certificate;
        this.password = password;
        byte[] expected = password.getBytes(StandardCharsets.UTF_8);
        this.server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .serverSocketFactory(NoDelayServerSocket::new)
                .hostName("localhost")
                .softwareName("OTP Verifier demo mail server")
                .enableTLS()
                .requireTLS()
                .requireAuth()
                .startTlsSocketFactory(certificate.serverContext())
                .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory((user, pass, context) -> {
                    boolean userOk = USERNAME.equals(user);
                    boolean passOk = MessageDigest.isEqual(expected,
                            String.valueOf(pass).getBytes(StandardCharsets.UTF_8));
                    if (!(userOk && passOk)) {
                        throw new LoginFailedException("Wrong user name or password");
                    }
                }))
                .messageHandler((context, from, to, data) -> {
                    accepted.incrementAndGet();
                    if (!keep) {
                        return;
                    }
                    Instant receivedAt = clock.instant();
                    // Parsed off the SMTP thread, so the client hears "250" without waiting for MIME parsing.
                    parser.execute(() -> inbox.add(ReceivedMessage.parse(receivedAt, from, to, data)));
                })
                .maxMessageSize(1 << 20)
                .connectionTimeout(30_000, java.util.concurrent.TimeUnit.MILLISECONDS)
                .serverThreadName(keep ? "otp-demo-smtp" : "otp-rehearsal-smtp")
                .build();
        this.cleanup = new Thread(this::close, "otp-demo-smtp-cleanup");
    }

    /**
     * Makes a certificate and starts listening on a free loopback port.
     *
     * @param clock stamps received messages
     * @throws IOException when the certificate cannot be made or the port cannot be opened
     */
    public static DemoMailServer start(Clock clock) throws IOException {
        return start(clock, List.of("dns:localhost", "ip:127.0.0.1"));
    }

    /**
     * Like {@link #start(Clock)}, with a certificate for other names (tests use this to prove that a
     * certificate for the wrong host is refused).
     *
     * @param clock stamps received messages
     * @param subjectAlternativeNames entries such as {@code dns:localhost} or {@code ip:127.0.0.1}
     * @throws IOException when the certificate cannot be made or the port cannot be opened
     */
    public static DemoMailServer start(Clock clock, List<String> subjectAlternativeNames) throws IOException {
        Objects.requireNonNull(clock, "clock");
        Path directory = createPrivateDirectory();
        // Until the server owns the directory, this removes it (and the key inside) if the app exits.
        Thread earlyCleanup = new Thread(() -> deleteRecursively(directory), "otp-demo-early-cleanup");
        Runtime.getRuntime().addShutdownHook(earlyCleanup);
        try {
            DemoCertificate certificate = DemoCertificate.generate(directory, subjectAlternativeNames);
            DemoMailServer demo = started(directory, certificate, clock, true);
            removeHook(earlyCleanup);
            return demo;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(directory);
            removeHook(earlyCleanup);
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("The demo mail server could not start: " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #start(Clock)}, with a certificate made earlier ({@link DemoCertificate#keptIn}),
     * which it uses as it is and never removes: no key pair is made at this start.
     *
     * @param clock stamps received messages
     * @param certificate a certificate for {@code 127.0.0.1}
     * @throws IOException when the certificate cannot be read or the port cannot be opened
     */
    public static DemoMailServer start(Clock clock, DemoCertificate certificate) throws IOException {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(certificate, "certificate");
        return started(null, certificate, clock, true);
    }

    /**
     * A server like the demo's, STARTTLS and a login required, that counts what it accepts and keeps
     * none of it: the other end of the send rehearsal, which runs the app's own sender a few times
     * before a person's first code. It uses {@code certificate} as it is and never removes it.
     *
     * @param certificate a certificate for {@code 127.0.0.1}, such as {@link DemoCertificate#keptIn}
     * @throws IOException when the certificate cannot be read or the port cannot be opened
     */
    public static DemoMailServer rehearsalSink(DemoCertificate certificate) throws IOException {
        Objects.requireNonNull(certificate, "certificate");
        return started(null, certificate, Clock.systemUTC(), false);
    }

    /**
     * Starts a server on {@code certificate}, with a shutdown hook that stops it.
     *
     * @param directory the certificate's directory if the server owns it (removed on close), else {@code null}
     * @param keep whether received messages go to the inbox (the demo) or nowhere (the rehearsal)
     */
    private static DemoMailServer started(Path directory, DemoCertificate certificate, Clock clock, boolean keep)
            throws IOException {
        String kind = keep ? "Demo" : "Rehearsal";
        try {
            DemoMailServer started = new DemoMailServer(directory, certificate, randomPassword(), clock, keep);
            started.server.start();
            try {
                Runtime.getRuntime().addShutdownHook(started.cleanup);
            } catch (IllegalStateException | SecurityException e) {
                started.close(); // the app is exiting: not a server to leave running
                throw e;
            }
            LOG.log(keep ? Level.INFO : Level.DEBUG, "{0} mail server listening on 127.0.0.1:{1}", kind,
                    Integer.toString(started.port()));
            return started;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("The " + kind.toLowerCase(java.util.Locale.ROOT) + " mail server could not start: "
                    + e.getMessage(), e);
        }
    }

    private static String randomPassword() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The host to connect to. */
    public String host() {
        return "127.0.0.1";
    }

    /** The port it listens on. */
    public int port() {
        return server.getPortAllocated();
    }

    /** The login name. */
    public String username() {
        return USERNAME;
    }

    /** The login password, random for this run. */
    public String password() {
        return password;
    }

    /** The PEM file the client must trust. */
    public Path certificateFile() {
        return certificate.certificate();
    }

    /**
     * How many messages it has accepted ("250") so far. Counted before the reply, while the inbox
     * shows a message only once it is parsed, a moment later: use this to check that nothing arrived.
     */
    public int acceptedCount() {
        return accepted.get();
    }

    /** What it received. */
    public DemoInbox inbox() {
        return inbox;
    }

    /** Whether it is still listening. */
    public boolean isRunning() {
        return !closed && server.isRunning();
    }

    /** Stops listening and removes the certificate and key. Safe to call more than once. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            server.stop();
            parser.shutdown();
        } finally {
            if (directory != null) {
                deleteRecursively(directory);
            }
            if (Thread.currentThread() != cleanup) {
                removeHook(cleanup);
            }
        }
    }

    /**
     * Accepts connections with {@code TCP_NODELAY}: SMTP is a conversation of small writes, and
     * with Nagle's algorithm a reply can wait for the client's delayed acknowledgement (40 ms on Linux).
     */
    private static final class NoDelayServerSocket extends ServerSocket {
        NoDelayServerSocket() throws IOException {
            super();
        }

        @Override
        public Socket accept() throws IOException {
            Socket socket = super.accept();
            socket.setTcpNoDelay(true);
            return socket;
        }
    }

    /** The temporary directory, for tests that check it is removed. */
    Path directory() {
        return directory;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it removes the directory itself.
        }
    }

    private static Path createPrivateDirectory() throws IOException {
        try {
            return Files.createTempDirectory("otp-verifier-demo-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempDirectory("otp-verifier-demo-");
        }
    }

    private static void deleteRecursively(Path directory) {
        try {
            if (!Files.exists(directory)) {
                return;
            }
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not remove the demo directory {0}: {1}", directory, e.getMessage());
        }
    }
}
