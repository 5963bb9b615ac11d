package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@link XOAuth2Transport} as it shows itself in a log line or an exception: host and port, never the login. */
class XOAuth2TransportTest {

    @Test
    void printingShowsHostAndPortButNeitherAccountNorToken() {
        XOAuth2Transport transport = new XOAuth2Transport(Session.getInstance(new Properties()),
                new URLName("smtp", "smtp.example.com", 587, null, "kim@example.com", "ya29.secret-token"));

        assertThat(transport.toString()).isEqualTo("XOAuth2Transport[smtp.example.com:587]");
    }
}
