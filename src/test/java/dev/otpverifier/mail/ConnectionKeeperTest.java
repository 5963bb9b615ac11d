package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.AuthenticationFailedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The kept connection's background opening, without a server. */
class ConnectionKeeperTest {

    @Test
    void aFailedBackgroundOpeningIsNotRepeatedAtEveryKeyTyped() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ConnectionKeeper keeper = new ConnectionKeeper(() -> {
            attempts.incrementAndGet();
            throw new AuthenticationFailedException("535 5.7.8 refused");
        }, Duration.ofSeconds(60));
        try {
            keeper.prepare();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (attempts.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(100); // the attempt's end, and with it the quiet period, is recorded

            for (int key = 0; key < 20; key++) {
                keeper.prepare();
            }
            Thread.sleep(200);

            assertThat(attempts.get()).as("one refused login, not one per key typed").isEqualTo(1);
            assertThat(ConnectionKeeper.QUIET_AFTER_FAILURE).isEqualTo(Duration.ofSeconds(30));
        } finally {
            keeper.close();
        }
    }
}
