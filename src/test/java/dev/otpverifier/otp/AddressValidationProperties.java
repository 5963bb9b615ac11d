package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;

/**
 * {@link EmailAddresses} against arbitrary Unicode: it never throws, and whatever it accepts is
 * printable ASCII of the narrow form it documents, so nothing it lets through can break a header.
 */
class AddressValidationProperties {

    private static final String ATEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+/=?^_`{|}~-";

    /** Characters an attacker would try to smuggle in. */
    private static final String[] HOSTILE = {"\r", "\n", "\r\n", "\u0000", "\u0007", "\u000B", "\u000C", "\u007F",
        "\u0085", "\u2028", "\u2029", "\u200B", "\u200E", "\u202E", "\uFEFF", "\u00A0", " ", "\t", "\"", "\\",
        "(", ")", "<", ">", ",", ";", ":", "[", "]", "@", "\r\nBcc: eve@example.org", "\uD800", "\uDFFF", "\uE000"};

    @Property(tries = 1000)
    void anyStringGivesAVerdictAndNeverThrows(@ForAll @StringLength(max = 300) String input) {
        boolean valid = EmailAddresses.isValid(input);
        Optional<String> ascii = EmailAddresses.toAscii(input);
        Optional<String> key = EmailAddresses.key(input);
        String masked = EmailAddresses.mask(input);

        assertThat(ascii.isPresent()).isEqualTo(valid);
        assertThat(key.isPresent()).isEqualTo(valid);
        assertThat(masked).isNotNull();
        assertNoControlOrLineBreak(masked);
    }

    @Property(tries = 1000)
    void whatIsAcceptedIsSafeForAHeader(@ForAll("addressLike") String input) {
        Optional<String> ascii = EmailAddresses.toAscii(input);

        ascii.ifPresent(address -> {
            assertThat(address.length()).isBetween(3, EmailAddresses.MAX_LENGTH);
            assertThat(address.chars()).allMatch(c -> c > 0x20 && c < 0x7F);
            assertThat(address.chars().filter(c -> c == '@').count()).isEqualTo(1);
            assertThat(address).doesNotContain("\"", "\\", "(", ")", "<", ">", ",", ";", ":", "[", "]", "..");
            assertThat(address.substring(address.indexOf('@') + 1)).isEqualTo(
                    address.substring(address.indexOf('@') + 1).toLowerCase(Locale.ROOT));
            assertThat(EmailAddresses.toAscii(address)).as("the wire form is itself accepted").hasValue(address);
            assertThat(EmailAddresses.key(input)).hasValue(address.toLowerCase(Locale.ROOT));
        });
        assertNoControlOrLineBreak(EmailAddresses.mask(input));
    }

    @Property(tries = 1000)
    void aHostileCharacterInsideAnAddressIsRejected(@ForAll("validLocal") String local,
            @ForAll("validDomain") String domain, @ForAll("hostile") String hostile, @ForAll("positions") double where) {
        String address = local + "@" + domain;
        int at = 1 + (int) (where * (address.length() - 2)); // strictly inside: never at either end
        String injected = address.substring(0, at) + hostile + address.substring(at);

        assertThat(EmailAddresses.isValid(address)).as(address).isTrue();
        assertThat(EmailAddresses.isValid(injected)).as("%s", injected.chars().boxed().toList()).isFalse();
    }

    @Property(tries = 300)
    void surroundingWhitespaceIsIgnoredButNeverKept(@ForAll("validLocal") String local,
            @ForAll("validDomain") String domain, @ForAll("whitespace") String before, @ForAll("whitespace") String after) {
        String address = local + "@" + domain;

        assertThat(EmailAddresses.toAscii(before + address + after)).isEqualTo(EmailAddresses.toAscii(address));
    }

    private static void assertNoControlOrLineBreak(String text) {
        assertThat(text.codePoints()).noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }

    @Provide
    Arbitrary<String> validLocal() {
        return Arbitraries.strings().withChars(ATEXT).ofMinLength(1).ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> validDomain() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> top = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(6);
        return Combinators.combine(label.list().ofMinSize(1).ofMaxSize(3), top)
                .as((labels, tld) -> String.join(".", labels) + "." + tld);
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.of(HOSTILE);
    }

    @Provide
    Arbitrary<Double> positions() {
        return Arbitraries.doubles().between(0, 1);
    }

    @Provide
    Arbitrary<String> whitespace() {
        return Arbitraries.strings().withChars(" \t\n\r\u000B\u000C").ofMaxLength(3);
    }

    /** Plausible addresses with hostile pieces mixed in, and plain arbitrary text. */
    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().withChars(ATEXT + ".").ofMinLength(1).ofMaxLength(8)),
                Tuple.of(2, Arbitraries.of("@", ".", "xn--", "-")),
                Tuple.of(2, Arbitraries.of(HOSTILE)),
                Tuple.of(1, Arbitraries.strings().ofMinLength(1).ofMaxLength(3)),
                Tuple.of(1, Arbitraries.of("bücher", "例え", "テスト", "\u3002", "\uFF0E", "ß", "İ")));
        Arbitrary<String> built = piece.list().ofMinSize(1).ofMaxSize(10).map(pieces -> String.join("", pieces));
        Arbitrary<String> nearValid = Combinators.combine(validLocal(), piece, validDomain())
                .as((local, extra, domain) -> local + extra + "@" + domain);
        return Arbitraries.oneOf(built, nearValid, Arbitraries.strings().ofMaxLength(60));
    }
}
