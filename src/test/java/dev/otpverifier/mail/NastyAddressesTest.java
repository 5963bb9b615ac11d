package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.otp.EmailAddresses;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile addresses through both gates: {@link EmailAddresses} (what the app sends to at all) and
 * {@link MessageComposer#recipient} (the strict parse right before a header is written). Each row
 * states the verdict of both; whatever either accepts is composed and its header block checked.
 *
 * <p>{@code EmailAddressesTest} holds the plain table of the first gate; this one adds the second
 * gate and the header block for the nastiest inputs.
 */
class NastyAddressesTest {

    private static final String LONG_DOMAIN = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63),
            "d".repeat(60)) + ".com"; // 256 characters

    /** input, what the app puts on the wire (null: refused), whether the strict parser accepts the input. */
    static Stream<Arguments> addresses() {
        return Stream.of(
                row("header injection with CRLF", "a@b.com\r\nBcc: x@y.z", null, false),
                row("header injection with LF only", "a@b.com\nBcc: x@y.z", null, false),
                row("header injection with CR only", "a@b.com\rBcc: x@y.z", null, false),
                row("header injection with a tab", "alice@example.com\tBcc: eve@example.org", null, false),
                row("header injection with NEL", "alice@example.com\u0085Bcc: x@y.z", null, false),
                row("header injection with LINE SEPARATOR", "alice@example.com\u2028Bcc: x@y.z", null, false),
                row("CRLF inside a quoted local part", "\"a\r\nBcc: x\"@y.com", null, false),
                row("escaped CR LF text inside a quoted local part", "\"a\\r\\nBcc: x\"@y.com", null, true),
                row("URL-encoded CRLF", "a@b.com%0d%0aBcc:x@y.z", null, false),
                row("quoted local part", "\"quoted\"@example.com", null, true),
                row("quoted local part with a space", "\"a b\"@example.com", null, true),
                row("two addresses with a comma", "alice@example.com, eve@example.org", null, false),
                row("two addresses with a semicolon", "alice@example.com;eve@example.org", null, false),
                row("a group", "group: alice@example.com;", null, false),
                row("display name", "Alice <alice@example.com>", null, false),
                row("comment hiding a header", "alice@example.com (Bcc: eve@example.org)", null, false),
                row("comment in the local part", "alice(x)@example.com", null, false),
                row("domain literal", "alice@[127.0.0.1]", null, true),
                row("trailing dot in the domain", "alice@example.com.", null, false),
                row("trailing dot in the local part", "alice.@example.com", null, false),
                row("one-dot leader instead of a dot", "alice@exa\u2024mple.com", null, false),
                row("NUL", "alice@example.com\u0000", null, false),
                row("local part of 64", "l".repeat(64) + "@example.com", "l".repeat(64) + "@example.com", true),
                row("local part of 65", "l".repeat(65) + "@example.com", null, true),
                row("label of 64", "alice@" + "d".repeat(64) + ".com", null, true),
                row("domain over 254", "a@" + LONG_DOMAIN, null, true),
                row("10,000 characters", "a".repeat(10_000), null, false),
                row("10,000 characters with an @", "a".repeat(9_988) + "@example.com", null, true),
                row("IDN domain", "user@bücher.de", "user@xn--bcher-kva.de", true),
                row("IDN domain already in ASCII", "user@xn--bcher-kva.de", "user@xn--bcher-kva.de", true),
                row("IDN in Japanese", "user@例え.テスト", "user@xn--r8jz45g.xn--zckzah", true),
                row("non-ASCII local part", "älice@example.com", null, true),
                row("encoded word as a local part", "=?utf-8?q?a=0D=0A?=@example.com",
                        "=?utf-8?q?a=0D=0A?=@example.com", true),
                row("percent hack", "alice%example.org@example.com", "alice%example.org@example.com", true));
    }

    private static Arguments row(String name, String input, String wire, boolean strictParserAccepts) {
        return Arguments.of(name, input, wire, strictParserAccepts);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("addresses")
    void verdictOfBothGates(String name, String input, String wire, boolean strictParserAccepts) throws Exception {
        Optional<String> ascii = EmailAddresses.toAscii(input);

        assertThat(ascii).isEqualTo(Optional.ofNullable(wire));
        if (strictParserAccepts) {
            InternetAddress parsed = MessageComposer.recipient(input);
            HeaderBlock.assertIntact(HeaderBlock.compose(parsed));
        } else {
            assertThatThrownBy(() -> MessageComposer.recipient(input)).isInstanceOf(AddressException.class);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("addresses")
    void whatTheAppSendsToGoesIntoTheToHeaderAsIs(String name, String input, String wire, boolean ignored)
            throws Exception {
        if (wire == null) {
            return;
        }
        List<HeaderBlock.Header> headers = HeaderBlock.assertIntact(
                HeaderBlock.compose(MessageComposer.recipient(wire)));

        assertThat(HeaderBlock.to(headers)).isIn(wire, "<" + wire + ">");
    }
}
