package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Text from a server or a browser as it may be shown ({@link Printable}), and a token grant as it may
 * be printed ({@link TokenGrant}): printable ASCII only, bounded, and never a token.
 */
class PrintableTest {

    @Test
    void everyPrintableCharacterStaysAndNothingElse() {
        assertThat(Printable.of(" !az~ ", 10)).isEqualTo("!az~");
        assertThat(Printable.of("a\u001fb\u007fc\u00e9d\r\ne", 10)).isEqualTo("abcde");
        assertThat(Printable.of(null, 10)).isEmpty();
    }

    @Test
    void theTextIsCutAtTheLimitCountingOnlyWhatIsKept() {
        assertThat(Printable.of("x".repeat(300), 254)).hasSize(254);
        assertThat(Printable.of("x".repeat(254), 254)).hasSize(254);
        assertThat(Printable.of("\u0000".repeat(100) + "abc", 3)).isEqualTo("abc");
    }

    @Test
    void secretsOfFourCharactersOrMoreAreHiddenAndShorterOnesWouldMangleTheText() {
        assertThat(Printable.withoutSecrets("code abcd was used", java.util.List.of("abcd")))
                .isEqualTo("code (hidden) was used");
        assertThat(Printable.withoutSecrets("code abc was used", java.util.List.of("abc", "")))
                .isEqualTo("code abc was used");
        assertThat(Printable.withoutSecrets("tokens t-1234 and t-5678", java.util.Arrays.asList(null, "t-1234", "t-5678")))
                .isEqualTo("tokens (hidden) and (hidden)");
    }

    @Test
    void aGrantPrintsNoToken() {
        Instant expiry = Instant.parse("2026-12-02T11:00:00Z");

        Instant came = expiry.minusSeconds(3600);
        assertThat(new TokenGrant("access-secret", came, expiry, Optional.of("refresh-secret"),
                java.util.List.of("a@example.com")).toString()).doesNotContain("access-secret", "refresh-secret")
                .contains("accessToken=(hidden)", "refreshToken=(hidden)", "expiresAt=2026-12-02T11:00:00Z",
                        "accounts=[a@example.com]");
        assertThat(new TokenGrant("access-secret", came, expiry, Optional.empty(), java.util.List.of()).toString())
                .contains("refreshToken=(none)", "accounts=[]").doesNotContain("access-secret");
    }
}
