package dev.otpverifier.ui.settings;

import java.net.URI;
import java.util.function.Consumer;

/**
 * One sign-in with Microsoft or Google in the person's browser, as the settings dialog sees it:
 * something to wait for on a background thread, and to cancel from the event dispatch thread.
 */
public interface SignInAttempt {

    /**
     * Opens the sign-in page in the browser and waits until the person has signed in, declined,
     * cancelled, or the wait ran out. Slow: call it off the event dispatch thread.
     *
     * @param addressReady receives the sign-in page's address (on the calling thread) before the
     *     browser is asked to open it, so that the dialog can offer it to copy when no browser opens
     * @return the signed-in account: the email address to send from
     * @throws dev.otpverifier.otp.DeliveryException with a plain message when the sign-in did not
     *     finish; nothing was saved then
     */
    String await(Consumer<URI> addressReady);

    /** Stops waiting; {@link #await} then ends with a "cancelled" message. Any thread. */
    void cancel();
}
