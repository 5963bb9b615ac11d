package dev.otpverifier.app;

import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.demo.ReceivedMessage;
import dev.otpverifier.mail.SmtpCodeSender;
import dev.otpverifier.mail.SmtpSettings;
import dev.otpverifier.mail.TransportSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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

    private DemoSession(CompletableFuture<DemoMailServer> server, Clock clock) {
        this.server = server;
        this.sender = server.thenApply(started -> new SmtpCodeSender(settings(started), Locale.getDefault(), clock));
    }

    /** Starts the server on a background thread and returns at once. */
    static DemoSession start(Clock clock) {
        CompletableFuture<DemoMailServer> server = CompletableFuture.supplyAsync(() -> {
            try {
                return DemoMailServer.start(clock);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new DemoSession(server, clock);
    }

    static SmtpSettings settings(DemoMailServer server) {
        return new SmtpSettings(server.host(), server.port(), TransportSecurity.STARTTLS, server.username(),
                server.password(), server.certificateFile(), Duration.ofSeconds(15), DemoMailServer.FROM_ADDRESS,
                "OTP Verifier (demo)", SmtpSettings.DEFAULT_RETRY_BACKOFF);
    }

    /** A sender that waits for the server, at most 60 seconds. */
    DeferredCodeSender sender() {
        return new DeferredCodeSender(sender, Duration.ofSeconds(60));
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
