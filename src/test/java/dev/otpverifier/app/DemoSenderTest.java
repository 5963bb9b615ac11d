package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

/** The demo inbox is readable by anyone at the keyboard, so its codes must say they prove no mailbox. */
class DemoSenderTest {

    @Test
    void theDemoSenderDoesNotReachTheMailbox() {
        DemoSession session = DemoSession.prepared(Clock.systemUTC()); // the server starts only on a send

        assertThat(session.sender().reachesTheMailbox()).isFalse();
    }
}
