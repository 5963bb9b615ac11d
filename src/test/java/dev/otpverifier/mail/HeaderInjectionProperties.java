package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.otp.EmailAddresses;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;

/**
 * No input, however hostile, adds or splits a header of the verification message: whatever gets past
 * {@link EmailAddresses} or {@link MessageComposer#recipient} is composed, written to bytes, and its
 * header block must be exactly the expected headers.
 */
class HeaderInjectionProperties {

    private static final String[] HOSTILE = {"\r", "\n", "\r\n", "\r\nBcc: eve@example.org", "\nBcc: eve@example.org",
        "\u0000", "\u0085", "\u2028", "\t", " ", "\"", "\\", "\\r\\n", "(", ")", "<", ">", ",", ";", ":", "[", "]",
        "@", "=?utf-8?q?=0D=0A?=", "ä", "\uFEFF"};

    @Property(tries = 1000)
    void theStrictParserNeverLetsAnythingBreakTheHeaders(@ForAll("hostileAddresses") String input) throws Exception {
        InternetAddress parsed;
        try {
            parsed = MessageComposer.recipient(input);
        } catch (AddressException refused) {
            return;
        }
        assertThat(input).doesNotContain("\r", "\n", "\u0000");
        HeaderBlock.assertIntact(HeaderBlock.compose(parsed));
    }

    @Property(tries = 1000)
    void arbitraryUnicodeNeverBreaksTheHeaders(@ForAll @StringLength(max = 80) String input) throws Exception {
        InternetAddress parsed;
        try {
            parsed = MessageComposer.recipient(input);
        } catch (AddressException refused) {
            return;
        }
        HeaderBlock.assertIntact(HeaderBlock.compose(parsed));
    }

    @Property(tries = 1000)
    void everyAddressTheAppAcceptsIsWrittenAsIs(@ForAll("hostileAddresses") String input) throws Exception {
        Optional<String> wire = EmailAddresses.toAscii(input);
        if (wire.isEmpty()) {
            return;
        }
        // The two gates agree: an address the app accepts never fails later as a refused recipient.
        List<HeaderBlock.Header> headers = HeaderBlock.assertIntact(
                HeaderBlock.compose(MessageComposer.recipient(wire.get())));

        assertThat(HeaderBlock.to(headers)).isIn(wire.get(), "<" + wire.get() + ">");
    }

    /** Address-shaped text with hostile pieces in random places. */
    @Provide
    Arbitrary<String> hostileAddresses() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789.-+_'=?")
                .ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, word),
                Tuple.of(2, Arbitraries.of("@", ".", "example.com", "@example.org")),
                Tuple.of(3, Arbitraries.of(HOSTILE)),
                Tuple.of(1, Arbitraries.strings().ofMinLength(1).ofMaxLength(3)));
        return piece.list().ofMinSize(1).ofMaxSize(10).map(pieces -> String.join("", pieces));
    }
}
