package dev.otpverifier.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The messages the demo server received, newest first, with listeners for new arrivals.
 *
 * <p>Thread safe. Listeners are called on the server's thread; a window must hand the message over
 * to its event dispatch thread. Keeps at most {@value #CAPACITY} messages.
 */
public final class DemoInbox {

    /** The most messages kept; older ones are dropped. */
    public static final int CAPACITY = 200;

    private final List<ReceivedMessage> messages = new ArrayList<>();
    private final List<Consumer<ReceivedMessage>> listeners = new CopyOnWriteArrayList<>();

    /** Every message, newest first. */
    public synchronized List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    /** Calls {@code listener} for each message that arrives from now on. */
    public void addListener(Consumer<ReceivedMessage> listener) {
        listeners.add(listener);
    }

    /**
     * Waits for the number of messages to reach {@code count}.
     *
     * @return {@code true} if it did within the timeout
     */
    public synchronized boolean awaitCount(int count, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (messages.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    void add(ReceivedMessage message) {
        synchronized (this) {
            messages.add(0, message);
            if (messages.size() > CAPACITY) {
                messages.remove(messages.size() - 1);
            }
            notifyAll();
        }
        for (Consumer<ReceivedMessage> listener : listeners) {
            listener.accept(message);
        }
    }
}
