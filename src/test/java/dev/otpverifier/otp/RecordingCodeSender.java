package dev.otpverifier.otp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link CodeSender} for tests: records every call and can be told to fail.
 *
 * <p>Every call is recorded, the failed ones too, before the failure is thrown: a test can then
 * check that a code that never reached its owner is not accepted. Thread safe.
 */
final class RecordingCodeSender implements CodeSender {

    /** One call of {@link #send}. */
    record Message(String address, String code, Duration validity, boolean delivered) {
    }

    private final List<Message> messages = new ArrayList<>();
    private DeliveryException nextFailure;
    private int prepareCalls;

    @Override
    public synchronized void send(String address, String code, Duration validity) {
        DeliveryException failure = nextFailure;
        nextFailure = null;
        messages.add(new Message(address, code, validity, failure == null));
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public synchronized void prepare() {
        prepareCalls++;
    }

    /** How often {@link #prepare} was called. */
    synchronized int prepareCalls() {
        return prepareCalls;
    }

    /** Makes the next call throw {@code failure} (after recording the message); later calls succeed. */
    synchronized void failNextWith(DeliveryException failure) {
        this.nextFailure = Objects.requireNonNull(failure, "failure");
    }

    /** A typical failure: the mail server cannot be reached. */
    static DeliveryException connectionRefused() {
        return new DeliveryException(DeliveryException.Reason.CONNECTION_REFUSED,
                "The mail server at smtp.example.com:587 refused the connection. Check host and port.", null);
    }

    /** Every call so far, in order, failed ones included. */
    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The number of calls so far, failed ones included. */
    synchronized int calls() {
        return messages.size();
    }

    /** The last call. */
    synchronized Message last() {
        if (messages.isEmpty()) {
            throw new AssertionError("no code was sent");
        }
        return messages.get(messages.size() - 1);
    }

    /** The code of the last call. */
    String lastCode() {
        return last().code();
    }
}
