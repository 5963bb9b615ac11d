package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SmtpSettings} as a value: each rule of its constructor on both sides of its boundary, what
 * a missing part means, what the copies change, and what printing shows.
 */
class SmtpSettingsTest {

    private static final Path PEM = Path.of("/etc/otp-verifier/ca.pem");

    private static SmtpSettings settings(String host, int port, Duration timeout, List<Duration> pauses) {
        return new SmtpSettings(host, port, TransportSecurity.STARTTLS, "me@example.com", "secret", null, timeout,
                "me@example.com", "Sender", pauses);
    }

    private static SmtpSettings port(int port) {
        return settings("smtp.example.com", port, Duration.ofSeconds(5), List.of());
    }

    private static SmtpSettings host(String host) {
        return settings(host, 587, Duration.ofSeconds(5), List.of());
    }

    private static SmtpSettings timeout(Duration timeout) {
        return settings("smtp.example.com", 587, timeout, List.of());
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {1, 2, 587, 65_534, 65_535})
    void portsFromOneTo65535AreTaken(int port) {
        assertThat(port(port).port()).isEqualTo(port);
    }

    @ParameterizedTest(name = "port {0}")
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 65_536, 70_000})
    void portsOutsideOneTo65535AreRefusedWithTheValue(int port) {
        assertThatThrownBy(() -> port(port)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be between 1 and 65535, was " + port);
    }

    @ParameterizedTest(name = "host \"{0}\"")
    @ValueSource(strings = {"", " ", "smtp example.com", "smtp.example.com ", "\tsmtp.example.com", "smtp\u0000.example.com",
        "smtp\u001f.example.com", "smtp\u007f.example.com", "smtp.example.com\r\nRCPT TO:<x@y.z>"})
    void aHostWithSpacesOrControlCharactersIsRefused(String host) {
        assertThatThrownBy(() -> host(host)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host must be a host name without spaces or control characters");
    }

    @ParameterizedTest(name = "host \"{0}\"")
    @ValueSource(strings = {"!", "smtp.example.com", "127.0.0.1", "[::1]", "~", "smtp.b\u00fccher.de"})
    void aHostOfVisibleCharactersIsTaken(String host) {
        assertThat(host(host).host()).isEqualTo(host);
    }

    @Test
    void aMissingHostSecurityTimeoutOrFromAddressIsRefusedByName() {
        assertThatThrownBy(() -> host(null)).isInstanceOf(NullPointerException.class).hasMessage("host");
        assertThatThrownBy(() -> new SmtpSettings("h", 1, null, "", "", null, Duration.ofSeconds(1), "a@b.c", "",
                List.of())).isInstanceOf(NullPointerException.class).hasMessage("security");
        assertThatThrownBy(() -> timeout(null)).isInstanceOf(NullPointerException.class).hasMessage("timeout");
        assertThatThrownBy(() -> new SmtpSettings("h", 1, TransportSecurity.SSL, "", "", null, Duration.ofSeconds(1),
                null, "", List.of())).isInstanceOf(NullPointerException.class).hasMessage("fromAddress");
        assertThatThrownBy(() -> settings("h", 1, Duration.ofSeconds(1), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("retryBackoff");
    }

    /** Jakarta Mail takes its timeouts as an int of milliseconds: at most Integer.MAX_VALUE, about 24.8 days. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT0.001S, true", "PT1S, true", "PT596H31M23.647S, true", "PT0S, false", "PT-0.001S, false",
        "PT-1S, false", "PT596H31M23.648S, false", "PT1000H, false"})
    void theTimeoutMustBePositiveAndFitJakartaMailsMilliseconds(Duration timeout, boolean taken) {
        if (taken) {
            assertThat(timeout(timeout).timeout()).isEqualTo(timeout);
        } else {
            assertThatThrownBy(() -> timeout(timeout)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("timeout must be positive and below 24 days, was " + timeout);
        }
    }

    @Test
    void retryPausesMayBeZeroButNotNegative() {
        assertThat(settings("h", 1, Duration.ofSeconds(1), List.of(Duration.ZERO, Duration.ofMillis(1))).retryBackoff())
                .containsExactly(Duration.ZERO, Duration.ofMillis(1));
        assertThatThrownBy(() -> settings("h", 1, Duration.ofSeconds(1), List.of(Duration.ZERO, Duration.ofMillis(-1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retry pauses must not be negative, was PT-0.001S");
    }

    @Test
    void theRetryPausesAreACopyThatCannotBeChangedLater() {
        List<Duration> pauses = new ArrayList<>(List.of(Duration.ofSeconds(1)));
        SmtpSettings settings = settings("h", 1, Duration.ofSeconds(1), pauses);

        pauses.add(Duration.ofSeconds(9));

        assertThat(settings.retryBackoff()).containsExactly(Duration.ofSeconds(1));
        assertThatThrownBy(() -> settings.retryBackoff().add(Duration.ZERO))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void noUsernameMeansNoLoginAndMissingTextsAreEmpty() {
        SmtpSettings relay = new SmtpSettings("relay.example.com", 25, TransportSecurity.STARTTLS, null, null, null,
                Duration.ofSeconds(5), "me@example.com", null, List.of());

        assertThat(relay.username()).isEmpty();
        assertThat(relay.password()).isEmpty();
        assertThat(relay.fromName()).isEmpty();
        assertThat(relay.authenticates()).isFalse();
        assertThat(relay.trustCertificateFile()).isEmpty();
        assertThat(relay.oauth()).isEmpty();
        assertThat(port(25).authenticates()).isTrue();
    }

    @Test
    void ofGivesTheDocumentedDefaults() {
        SmtpSettings settings = SmtpSettings.of("smtp.example.com", 465, TransportSecurity.SSL, "me", "pw", "me@example.com");

        assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(15)).isEqualTo(SmtpSettings.DEFAULT_TIMEOUT);
        assertThat(settings.retryBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(settings.fromName()).isEqualTo("OTP Verifier");
        assertThat(settings.trustCertificateFile()).isEmpty();
        assertThat(settings.oauth()).isEmpty();
        assertThat(TransportSecurity.SSL.defaultPort()).isEqualTo(465);
        assertThat(TransportSecurity.STARTTLS.defaultPort()).isEqualTo(587);
    }

    @Test
    void eachCopyChangesItsOneFieldOnly() {
        SmtpSettings base = new SmtpSettings("smtp.example.com", 2525, TransportSecurity.SSL, "me@example.com", "pw",
                PEM, Duration.ofSeconds(7), "me@example.com", "Sender", List.of(Duration.ofSeconds(2)));

        assertThat(base.withTimeout(Duration.ofSeconds(9)))
                .isEqualTo(new SmtpSettings("smtp.example.com", 2525, TransportSecurity.SSL, "me@example.com", "pw", PEM,
                        Duration.ofSeconds(9), "me@example.com", "Sender", List.of(Duration.ofSeconds(2))));
        assertThat(base.withTrustCertificate(null).trustCertificateFile()).isEmpty();
        assertThat(base.withTrustCertificate(null)).isEqualTo(new SmtpSettings("smtp.example.com", 2525,
                TransportSecurity.SSL, "me@example.com", "pw", null, Duration.ofSeconds(7), "me@example.com", "Sender",
                List.of(Duration.ofSeconds(2))));
        assertThat(base.withPassword("other")).isEqualTo(new SmtpSettings("smtp.example.com", 2525,
                TransportSecurity.SSL, "me@example.com", "other", PEM, Duration.ofSeconds(7), "me@example.com", "Sender",
                List.of(Duration.ofSeconds(2))));
        assertThat(base.withRetryBackoff(List.of())).isEqualTo(new SmtpSettings("smtp.example.com", 2525,
                TransportSecurity.SSL, "me@example.com", "pw", PEM, Duration.ofSeconds(7), "me@example.com", "Sender",
                List.of()));
        assertThat(base.withFromName("Other")).isEqualTo(new SmtpSettings("smtp.example.com", 2525,
                TransportSecurity.SSL, "me@example.com", "pw", PEM, Duration.ofSeconds(7), "me@example.com", "Other",
                List.of(Duration.ofSeconds(2))));
        assertThat(base.trustCertificateFile()).contains(PEM);
    }

    @Test
    void signingInWithTokensTakesTheAccountAsLoginAndDropsThePassword() {
        FakeTokens tokens = FakeTokens.of("kim@example.com", "token-1");
        SmtpSettings base = new SmtpSettings("smtp.example.com", 587, TransportSecurity.STARTTLS, "old-login",
                "old-password", PEM, Duration.ofSeconds(7), "kim@example.com", "Kim", List.of(Duration.ofSeconds(2)));

        SmtpSettings signedIn = base.withAccessTokens(tokens);

        assertThat(signedIn.username()).isEqualTo("kim@example.com");
        assertThat(signedIn.password()).isEmpty();
        assertThat(signedIn.oauth()).containsSame(tokens);
        assertThat(signedIn.authenticates()).isTrue();
        assertThat(signedIn.withTimeout(Duration.ofSeconds(1)).oauth()).containsSame(tokens);
        assertThat(signedIn.withTrustCertificate(null).oauth()).containsSame(tokens);
        assertThat(signedIn.withRetryBackoff(List.of()).oauth()).containsSame(tokens);
        assertThat(signedIn.withFromName("K").oauth()).containsSame(tokens);
        assertThat(signedIn).extracting(SmtpSettings::host, SmtpSettings::port, SmtpSettings::security,
                SmtpSettings::trustCertificate, SmtpSettings::timeout, SmtpSettings::fromAddress, SmtpSettings::fromName,
                SmtpSettings::retryBackoff).containsExactly("smtp.example.com", 587, TransportSecurity.STARTTLS, PEM,
                Duration.ofSeconds(7), "kim@example.com", "Kim", List.of(Duration.ofSeconds(2)));
        assertThatThrownBy(() -> base.withAccessTokens(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void tokensForNoAccountAreRefusedBecauseTheyWouldMeanNoLoginAtAll() {
        SmtpSettings base = SmtpSettings.of("smtp.example.com", 587, TransportSecurity.STARTTLS, "", "",
                "kim@example.com");

        assertThatThrownBy(() -> base.withAccessTokens(FakeTokens.of("", "token-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("account");
        assertThatThrownBy(() -> base.withAccessTokens(FakeTokens.of("  ", "token-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSignInNeverGoesWithAPasswordOrAnotherLogin() {
        FakeTokens tokens = FakeTokens.of("kim@example.com", "token-1");

        assertThatThrownBy(() -> new SmtpSettings("h", 587, TransportSecurity.STARTTLS, "kim@example.com", "pw", null,
                Duration.ofSeconds(1), "kim@example.com", "", List.of(), tokens))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a sender signs in with a password or with OAuth 2.0, not both");
        assertThatThrownBy(() -> new SmtpSettings("h", 587, TransportSecurity.STARTTLS, "someone@example.com", "", null,
                Duration.ofSeconds(1), "kim@example.com", "", List.of(), tokens))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the login name must be the signed-in account");
        assertThatThrownBy(() -> SmtpSettings.of("h", 587, TransportSecurity.STARTTLS, "kim@example.com", "pw",
                "kim@example.com").withAccessTokens(tokens).withPassword("pw"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new SmtpSettings("h", 587, TransportSecurity.STARTTLS, "kim@example.com", null, null,
                Duration.ofSeconds(1), "kim@example.com", "", List.of(), tokens).oauth()).containsSame(tokens);
    }

    @ParameterizedTest(name = "password \"{0}\"")
    @CsvSource({"'', (none)", "hunter2, (hidden)"})
    void printingShowsEverySettingButOnlyWhetherThereIsAPassword(String password, String shown) {
        SmtpSettings settings = new SmtpSettings("smtp.example.com", 2525, TransportSecurity.SSL, "me@example.com",
                password, PEM, Duration.ofSeconds(7), "me@example.com", "Sender", List.of(Duration.ofSeconds(2)));

        assertThat(settings.toString()).isEqualTo("SmtpSettings[host=smtp.example.com, port=2525, security=SSL, "
                + "username=me@example.com, password=" + shown + ", login=password, trustCertificate=" + PEM
                + ", timeout=PT7S, fromAddress=me@example.com, fromName=Sender, retryBackoff=[PT2S]]");
    }

    @Test
    void printingASignedInSenderNamesTheLoginKindAndNoToken() {
        SmtpSettings settings = SmtpSettings.of("smtp.example.com", 587, TransportSecurity.STARTTLS, "", "",
                "kim@example.com").withAccessTokens(FakeTokens.of("kim@example.com", "secret-token-value"));

        assertThat(settings.toString()).contains("username=kim@example.com, password=(none), login=XOAUTH2,")
                .doesNotContain("secret-token-value");
    }
}
