package dev.otpverifier.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Keeps at most one SMTP connection open, logged in and idle, so that a click only has to send.
 *
 * <p>{@link #prepare()} opens one in the background (connect, STARTTLS, certificate check, login);
 * {@link #take(Duration)} hands it out, after checking with a NOOP that the server has not dropped
 * it unless it was opened or used in the last few seconds;
 * {@link #keep(Transport)} takes a connection back after a send. An idle connection is closed after
 * {@code idleTimeout} and on {@link #close()}. Thread safe: a connection is handed to one caller
 * at a time.
 *
 * <p>Its times (the quiet period after a failure, the trust without a NOOP) are read from a
 * monotonic nanosecond clock it is given, {@link System#nanoTime()} unless a test passes its own;
 * the idle timeout runs on its background thread's real time.
 */
final class ConnectionKeeper implements AutoCloseable {

    private static final Logger LOG = System.getLogger("dev.otpverifier.mail");

    /** Opens a connected, logged-in transport. */
    @FunctionalInterface
    interface Opener {
        Transport open() throws MessagingException;
    }

    private final Opener opener;
    private final LongSupplier nanoTime;
    /** After a failed background opening, no other starts for this long; a send still tries at once. */
    static final Duration QUIET_AFTER_FAILURE = Duration.ofSeconds(30);
    private volatile long quietSince = Long.MIN_VALUE / 2;
    private final Duration idleTimeout;
    private final AtomicReference<Transport> idle = new AtomicReference<>();
    private final AtomicBoolean preparing = new AtomicBoolean();
    private final Object schedulerLock = new Object();
    private ScheduledExecutorService scheduler;
    private ScheduledFuture<?> idleClose;
    private volatile boolean closed;
    private volatile CompletableFuture<Void> inFlight;
    private volatile long keptAt;

    /** A connection kept for less than this is used without a NOOP check first. */
    private static final Duration TRUSTED_WITHOUT_CHECK = Duration.ofSeconds(5);

    ConnectionKeeper(Opener opener, Duration idleTimeout) {
        this(opener, idleTimeout, System::nanoTime);
    }

    /** For tests: a keeper that reads its times from {@code nanoTime} (see the class comment). */
    ConnectionKeeper(Opener opener, Duration idleTimeout, LongSupplier nanoTime) {
        this.opener = opener;
        this.idleTimeout = idleTimeout;
        this.nanoTime = nanoTime;
    }

    /** Opens a connection in the background unless one is open or being opened. */
    void prepare() {
        if (closed || idle.get() != null || nanoTime.getAsLong() - quietSince < QUIET_AFTER_FAILURE.toNanos()
                || !preparing.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> opening = new CompletableFuture<>();
        inFlight = opening;
        boolean scheduled = runInBackground(() -> {
            try {
                keep(opener.open());
                quietSince = Long.MIN_VALUE / 2;
                opening.complete(null);
            } catch (MessagingException | RuntimeException e) {
                // A send waiting for this connection reports the problem; a later one tries afresh.
                // Background attempts pause meanwhile: the window asks for one at every key typed, and
                // a refused login repeated per keystroke can lock the account or get it throttled.
                quietSince = nanoTime.getAsLong();
                LOG.log(Level.DEBUG, "Opening a connection ahead of time failed: {0}", e.getClass().getName());
                opening.completeExceptionally(e);
            } finally {
                preparing.set(false);
            }
        });
        if (!scheduled) {
            preparing.set(false);
            opening.complete(null);
        }
    }

    /**
     * The idle connection if it is still alive, or {@code null}; the caller owns what it gets. If a
     * connection is being opened right now, waits for it (at most {@code maxWait}) rather than
     * opening a second one.
     */
    Transport take(Duration maxWait) throws MessagingException {
        CompletableFuture<Void> opening = inFlight;
        if (opening != null && !opening.isDone()) {
            try {
                opening.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // The connection this send waited for failed: that is the send's answer. Trying again
                // would double the time to fail and repeat a refused login.
                if (e.getCause() instanceof MessagingException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
            } catch (TimeoutException e) {
                LOG.log(Level.DEBUG, "Gave up waiting for the connection being opened: {0}", e.getClass().getName());
            }
        }
        Transport transport = idle.getAndSet(null);
        if (transport == null) {
            return null;
        }
        if (nanoTime.getAsLong() - keptAt < TRUSTED_WITHOUT_CHECK.toNanos()) {
            // Just opened or used: spare the NOOP round trip. Should the server have closed it all the
            // same, the send fails at once and goes over a new connection.
            return transport;
        }
        if (transport.isConnected()) { // sends NOOP: a connection the server dropped is noticed here
            return transport;
        }
        closeQuietly(transport);
        return null;
    }

    /** Takes back a connection after a successful send, to be reused or closed when idle. */
    void keep(Transport transport) {
        synchronized (schedulerLock) {
            if (closed) {
                closeQuietly(transport);
                return;
            }
            closeQuietly(idle.getAndSet(transport));
            keptAt = nanoTime.getAsLong();
            if (idleClose != null) {
                idleClose.cancel(false);
            }
            idleClose = scheduler().schedule(() -> closeQuietly(idle.getAndSet(null)),
                    idleTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code task} on the background thread unless this keeper is closed. */
    private boolean runInBackground(Runnable task) {
        synchronized (schedulerLock) {
            if (closed) {
                return false;
            }
            scheduler().execute(task);
            return true;
        }
    }

    /** Whether a connection is open and idle now (for tests and benchmarks). */
    boolean hasIdleConnection() {
        return idle.get() != null;
    }

    /** Closes the idle connection now; the next send opens a fresh one. */
    void closeIdle() {
        closeQuietly(idle.getAndSet(null));
    }

    /** Closes the idle connection and stops the background thread. */
    @Override
    public void close() {
        synchronized (schedulerLock) {
            closed = true;
            if (scheduler != null) {
                scheduler.shutdownNow();
            }
        }
        closeIdle();
    }

    private ScheduledExecutorService scheduler() {
        synchronized (schedulerLock) {
            if (scheduler == null) {
                scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "otp-smtp-connection");
                    thread.setDaemon(true);
                    return thread;
                });
            }
            return scheduler;
        }
    }

    static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            LOG.log(Level.DEBUG, "Closing an idle connection failed: {0}", e.getClass().getName());
        }
    }
}
