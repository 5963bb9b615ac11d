package dev.otpverifier.app;

import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.demo.ReceivedMessage;
import dev.otpverifier.mail.SmtpCodeSender;
import dev.otpverifier.mail.SmtpSettings;
import dev.otpverifier.mail.TransportSecurity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Demo mode: the built-in server, started in the background, and a real SMTP sender pointed at it.
 *
 * <p>The sender is the same {@link SmtpCodeSender} that talks to Gmail: STARTTLS required, the
 * certificate checked through {@code smtp.trust.certificate} (here the server's own PEM file), a
 * login with the server's per-run password.
 */
final class DemoSession implements AutoCloseable {

    private final CompletableFuture<DemoMailServer> server;
    private final CompletableFuture<SmtpCodeSender> sender;

    private static final System.Logger LOG = System.getLogger("dev.otpverifier.app");

    private final Clock clock;
    private final Optional<Path> cacheDirectory;
    private final java.util.concurrent.atomic.AtomicBoolean begun = new java.util.concurrent.atomic.AtomicBoolean();

    private DemoSession(Clock clock, Optional<Path> cacheDirectory) {
        this.clock = clock;
        this.cacheDirectory = cacheDirectory;
        this.server = new CompletableFuture<>();
        this.sender = server.thenApply(started -> new SmtpCodeSender(settings(started), Locale.getDefault(), clock));
    }

    /** Starts the server on a background thread and returns at once. */
    static DemoSession start(Clock clock) {
        DemoSession session = prepared(clock);
        session.begin();
        return session;
    }

    /**
     * A session whose server starts only when {@link #begin()} is called (or a send needs it), so
     * that making the certificate does not compete with the first frame for the processor.
     */
    static DemoSession prepared(Clock clock) {
        return new DemoSession(clock, Optional.empty());
    }

    /**
     * Like {@link #prepared(Clock)}, with the server's certificate kept in {@code cacheDirectory}
     * (the one the send rehearsal uses), so that only the first start makes a key pair; if that
     * certificate cannot be read or made, one is made for this run as before.
     */
    static DemoSession prepared(Clock clock, Path cacheDirectory) {
        return new DemoSession(clock, Optional.of(cacheDirectory));
    }

    /** Starts the server in the background, once; later calls do nothing. */
    void begin() {
        if (!begun.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                server.complete(startServer());
            } catch (IOException | RuntimeException e) {
                server.completeExceptionally(e);
            }
        }, "otp-demo-start");
        thread.setDaemon(true);
        thread.start();
    }

    private DemoMailServer startServer() throws IOException {
        if (cacheDirectory.isPresent()) {
            try {
                return DemoMailServer.start(clock, SendRehearsal.keptCertificate(cacheDirectory.get(), clock));
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "No kept certificate for the demo server: {0}", e.getMessage());
            }
        }
        return DemoMailServer.start(clock);
    }

    static SmtpSettings settings(DemoMailServer server) {
        return new SmtpSettings(server.host(), server.port(), TransportSecurity.STARTTLS, server.username(),
                server.password(), server.certificateFile(), Duration.ofSeconds(15), DemoMailServer.FROM_ADDRESS,
                "OTP Verifier (demo)", SmtpSettings.DEFAULT_RETRY_BACKOFF);
    }

    /**
     * A sender that starts the server if need be and waits for it, at most 60 seconds. Its codes land
     * in the demo inbox, not in the address's mailbox, so they forgive no wrong tries.
     */
    DeferredCodeSender sender() {
        return new DeferredCodeSender(sender, Duration.ofSeconds(60), this::begin, false);
    }

    /** Warms up the sender once the server has started. */
    void warmUp() {
        sender.thenAccept(SmtpCodeSender::warmUp);
    }

    /** The server, once started. */
    CompletableFuture<DemoMailServer> server() {
        return server;
    }

    /** Calls {@code listener} for every message the server receives (on the server's thread). */
    void onMessage(Consumer<ReceivedMessage> listener) {
        server.thenAccept(started -> started.inbox().addListener(listener));
    }

    /** The messages received so far, newest first; empty while the server starts. */
    List<ReceivedMessage> messages() {
        return server.isDone() && !server.isCompletedExceptionally() ? server.join().inbox().messages() : List.of();
    }

    /** Stops the server (now or, if it is still starting, as soon as it has started). */
    @Override
    public void close() {
        sender.thenAccept(SmtpCodeSender::close);
        server.thenAccept(DemoMailServer::close);
    }
}
