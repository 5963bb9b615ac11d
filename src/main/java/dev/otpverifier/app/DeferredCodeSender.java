package dev.otpverifier.app;

import dev.otpverifier.otp.CodeSender;
import dev.otpverifier.otp.DeliveryException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A sender that is still being prepared (the demo server makes its certificate in the background),
 * so that nothing slow sits between start-up and the first frame.
 *
 * <p>A send waits for the real sender at most {@code maxWait}; sends already run off the event
 * dispatch thread, so the wait never freezes a window.
 */
final class DeferredCodeSender implements CodeSender {

    private final CompletableFuture<? extends CodeSender> delegate;
    private final Duration maxWait;
    private final Runnable start;
    private final boolean reachesTheMailbox;

    /**
     * @param delegate the sender, once ready
     * @param maxWait how long a send waits for it
     * @param start makes sure the preparation has begun (idempotent)
     * @param reachesTheMailbox whether its codes reach the real mailbox ({@code false} for the demo
     *     server, whose inbox anyone at the keyboard can read)
     */
    DeferredCodeSender(CompletableFuture<? extends CodeSender> delegate, Duration maxWait, Runnable start,
            boolean reachesTheMailbox) {
        this.delegate = delegate;
        this.maxWait = maxWait;
        this.start = start;
        this.reachesTheMailbox = reachesTheMailbox;
    }

    @Override
    public boolean reachesTheMailbox() {
        return reachesTheMailbox;
    }

    @Override
    public void send(String address, String code, Duration validity) {
        start.run();
        CodeSender sender;
        try {
            sender = delegate.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(DeliveryException.Reason.OTHER,
                    "Sending was interrupted before the built-in mail server was ready. Try again.", e);
        } catch (TimeoutException e) {
            throw new DeliveryException(DeliveryException.Reason.TIMEOUT, "The built-in mail server did not start "
                    + "within " + maxWait.toSeconds() + " seconds. Try again, or restart the app.", e);
        } catch (ExecutionException e) {
            throw new DeliveryException(DeliveryException.Reason.OTHER, "The built-in mail server could not start ("
                    + e.getCause().getClass().getSimpleName() + "). Restart the app; if it happens again, set up "
                    + "real email in the settings.", e.getCause());
        }
        sender.send(address, code, validity);
    }

    @Override
    public void prepare() {
        start.run();
        delegate.thenAccept(CodeSender::prepare);
    }
}
