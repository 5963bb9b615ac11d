package dev.otpverifier.otp;

import java.time.Duration;

/**
 * Delivers a freshly generated code to the person who owns an address.
 *
 * <p>Implementations: the SMTP sender, the demo mode's local server, test fakes. An implementation
 * must be safe to call from several threads at once, must not log or keep the code, and must give
 * up within a bounded time.
 */
@FunctionalInterface
public interface CodeSender {

    /**
     * Sends {@code code} to {@code address}.
     *
     * @param address the address as it goes on the wire: the local part as typed, the domain in
     *     lower-case ASCII (IDNA), already checked by {@link EmailAddresses#toAscii(String)}
     * @param code exactly six ASCII digits
     * @param validity how long the code stays valid, for the message text
     * @throws DeliveryException when the code could not be handed to the mail server; its message
     *     says what happened and what to do, in plain words
     */
    void send(String address, String code, Duration validity);

    /**
     * A hint that a send is likely soon (the person has typed a valid address), so that a sender
     * can open its connection ahead of time. Must return at once; the default does nothing.
     */
    default void prepare() {
    }

    /**
     * Whether a code from this sender reaches the mailbox of the address, so that typing it back
     * proves control of that mailbox. {@code true} for real mail (the default); {@code false} for a
     * sender that shows its codes to whoever is at the keyboard, such as the demo inbox. A right
     * code from a sender that proves nothing does not forgive the address's earlier wrong tries: an
     * attacker could otherwise wipe their failures with a demo code whenever they liked.
     */
    default boolean reachesTheMailbox() {
        return true;
    }
}
