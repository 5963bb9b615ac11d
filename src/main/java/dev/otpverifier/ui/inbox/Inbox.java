package dev.otpverifier.ui.inbox;

import java.util.List;
import java.util.function.Consumer;

/** The demo mode's inbox, as the inbox window sees it. Thread safe. */
public interface Inbox {

    /** Every message, newest first. */
    List<InboxMessage> messages();

    /** Calls {@code listener} (on any thread) for each message that arrives from now on. */
    void addListener(Consumer<InboxMessage> listener);
}
