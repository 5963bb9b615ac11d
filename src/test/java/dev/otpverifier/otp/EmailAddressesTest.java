package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EmailAddresses}: what is accepted, the wire form, the key and the mask. */
class EmailAddressesTest {

    /** A host name of exactly {@code length} characters: labels of 63 and a final ".com". */
    private static String domainOfLength(int length) {
        StringBuilder domain = new StringBuilder();
        int rest = length - ".com".length();
        while (rest > 0) {
            int label = Math.min(63, rest);
            if (rest - label == 1) {
                label--; // never leave a remainder that only fits a dot
            }
            if (domain.length() > 0) {
                domain.append('.');
                rest--;
                label = Math.min(label, rest);
            }
            domain.append("d".repeat(label));
            rest -= label;
        }
        String result = domain + ".com";
        assertThat(result).hasSize(length);
        return result;
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "alice@example.com|alice@example.com",
        "Alice.Smith@Example.COM|Alice.Smith@example.com",
        "alice+otp@example.com|alice+otp@example.com",
        "alice+tag+more@example.com|alice+tag+more@example.com",
        "first.last@mail.eu.example.co.uk|first.last@mail.eu.example.co.uk",
        "o'brien@example.ie|o'brien@example.ie",
        "user@my-host.example|user@my-host.example",
        "1234@123.example.com|1234@123.example.com",
        "user@bücher.de|user@xn--bcher-kva.de",
        "user@BÜCHER.de|user@xn--bcher-kva.de",
        "user@例え.テスト|user@xn--r8jz45g.xn--zckzah",
        "user@example\u3002com|user@example.com", // ideographic full stop separates labels in IDNA
        "'  alice@example.com  '|alice@example.com",
        "'\talice@example.com'|alice@example.com",
    })
    void validAddressesAndTheirWireForm(String address, String ascii) {
        assertThat(EmailAddresses.isValid(address)).isTrue();
        assertThat(EmailAddresses.toAscii(address)).hasValue(ascii);
    }

    @Test
    void everyAtextSpecialIsAcceptedInTheLocalPart() {
        String address = "x_y-z!#$%&'*+/=?^`{|}~@example.org";

        assertThat(EmailAddresses.toAscii(address)).hasValue(address);
    }

    @Test
    void longestAcceptableAddressIsAccepted() {
        String local = "l".repeat(64);
        String address = local + "@" + domainOfLength(EmailAddresses.MAX_LENGTH - 65);

        assertThat(address).hasSize(254);
        assertThat(EmailAddresses.toAscii(address)).hasValue(address);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ",
        "alice",                              // no @
        "alice.example.com",                  // no @
        "alice@",                             // no domain
        "@example.com",                       // no local part
        "a@b",                                // single label
        "alice@localhost",                    // single label
        "alice@example.com.",                 // trailing dot in the domain
        "alice.@example.com",                 // trailing dot in the local part
        ".alice@example.com",                 // leading dot in the local part
        "alice@.example.com",                 // leading dot in the domain
        "al..ice@example.com",                // double dot in the local part
        "alice@example..com",                 // double dot in the domain
        "alice@example.com\uFF0E",            // full-width trailing dot
        "al ice@example.com",                 // space
        "alice@exa mple.com",
        "alice @example.com",
        "alice@example.com\r\nBcc: eve@example.com", // header injection
        "alice\r@example.com",
        "alice\n@example.com",
        "alice@exam\nple.com",
        "\"quoted\"@example.com",             // quoted local part
        "\"al ice\"@example.com",
        "alice@[127.0.0.1]",                  // domain literal
        "alice@[IPv6:::1]",
        "alice(comment)@example.com",         // comment
        "Alice <alice@example.com>",          // display name
        "alice@@example.com",
        "alice@bob@example.com",
        "alice@-example.com",                 // label starting with a hyphen
        "alice@example-.com",                 // label ending with a hyphen
        "alice@exa_mple.com",                 // underscore in a host name
        "alice@example.123",                  // numeric top-level domain
        "alice@127.0.0.1",                    // an IP address written as a name
        "alice\u0000@example.com",            // NUL
        "alice\u0007@example.com",            // BEL
        "alice@example.com\u0000x",
        "alice\u007F@example.com",            // DEL
        "alice\u0085@example.com",            // NEL (C1 control)
        "alice@exam\u200Bple.com",            // zero-width space
        "alice@example.com\u202Egnp.exe",     // right-to-left override
        "alice\u00A0@example.com",            // no-break space
        "alice\u2028@example.com",            // line separator
        "älice@example.com",                  // non-ASCII local part (SMTPUTF8 is out of scope)
    })
    void invalidAddresses(String address) {
        assertThat(EmailAddresses.isValid(address)).isFalse();
        assertThat(EmailAddresses.toAscii(address)).isEmpty();
        assertThat(EmailAddresses.key(address)).isEmpty();
    }

    @Test
    void localPartOfSixtyFiveCharactersIsRejected() {
        assertThat(EmailAddresses.isValid("l".repeat(64) + "@example.com")).isTrue();
        assertThat(EmailAddresses.isValid("l".repeat(65) + "@example.com")).isFalse();
    }

    @Test
    void labelOfSixtyFourCharactersIsRejected() {
        assertThat(EmailAddresses.isValid("alice@" + "d".repeat(63) + ".com")).isTrue();
        assertThat(EmailAddresses.isValid("alice@" + "d".repeat(64) + ".com")).isFalse();
    }

    @Test
    void addressOfMoreThan254CharactersIsRejected() {
        String local = "l".repeat(64);
        String address255 = local + "@" + domainOfLength(255 - 65);

        assertThat(address255).hasSize(255);
        assertThat(EmailAddresses.isValid(address255)).isFalse();
        assertThat(EmailAddresses.isValid(local + "@" + domainOfLength(400 - 65))).isFalse();
    }

    @Test
    void domainOfTwoHundredFiftyTwoCharactersIsAcceptedAndOneMoreIsNot() {
        // 252 is what the 254-character path leaves after the shortest local part and the "@".
        assertThat(EmailAddresses.toAscii("l@" + domainOfLength(252))).hasValue("l@" + domainOfLength(252));
        assertThat(EmailAddresses.isValid("l@" + domainOfLength(253))).isFalse();
    }

    @Test
    void surroundingSpacesCountUpToFourTimesTheLongestAddress() {
        String address = "alice@example.com";
        String padded1016 = address + " ".repeat(EmailAddresses.MAX_LENGTH * 4 - address.length());

        assertThat(EmailAddresses.toAscii(padded1016)).hasValue(address);
        assertThat(EmailAddresses.isValid(padded1016 + " ")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@example.0", "user@example.9", "user@example.1090"})
    void aTopLevelLabelOfDigitsOnlyIsRejected(String address) {
        assertThat(EmailAddresses.isValid(address)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@example.a0", "user@example.9z", "user@0.example"})
    void digitsBesideLettersOrBelowTheTopLevelAreAccepted(String address) {
        assertThat(EmailAddresses.isValid(address)).isTrue();
    }

    @Test
    void hugeInputIsRejected() {
        assertThat(EmailAddresses.isValid("a".repeat(10_000) + "@example.com")).isFalse();
        assertThat(EmailAddresses.isValid("alice@example.com" + " ".repeat(10_000))).isFalse();
        assertThat(EmailAddresses.isValid("a@" + "b.".repeat(5_000) + "com")).isFalse();
    }

    // --- key --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "Alice@Example.com", " alice@example.COM ", "ALICE@EXAMPLE.COM"})
    void keyIgnoresCaseAndSurroundingSpaces(String address) {
        assertThat(EmailAddresses.key(address)).hasValue("alice@example.com");
    }

    @Test
    void keyOfAnInternationalisedDomainIsItsAsciiForm() {
        assertThat(EmailAddresses.key("User@Bücher.de")).hasValue("user@xn--bcher-kva.de");
        assertThat(EmailAddresses.key("user@XN--BCHER-KVA.DE")).hasValue("user@xn--bcher-kva.de");
    }

    @Test
    void keyDoesNotDependOnTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        Locale savedFormat = Locale.getDefault(Locale.Category.FORMAT);
        Locale savedDisplay = Locale.getDefault(Locale.Category.DISPLAY);
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR")); // where "I".toLowerCase() is a dotless i
            assertThat(EmailAddresses.key("IRIS@EXAMPLE.COM")).hasValue("iris@example.com");
            assertThat(EmailAddresses.toAscii("iris@EXAMPLE.INFO")).hasValue("iris@example.info");
        } finally {
            Locale.setDefault(saved);
            Locale.setDefault(Locale.Category.FORMAT, savedFormat);
            Locale.setDefault(Locale.Category.DISPLAY, savedDisplay);
        }
    }

    // --- mask -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "alice@example.com|a***@example.com",
        "a@example.com|a***@example.com",
        "'  bob.smith+x@mail.example.org '|b***@mail.example.org",
        "émile@example.fr|é***@example.fr",
        "user@bücher.de|u***@bücher.de",
        "nobody|***",
        "@example.com|***",
        "''|***",
    })
    void maskHidesTheLocalPart(String address, String masked) {
        assertThat(EmailAddresses.mask(address)).isEqualTo(masked);
    }

    @Test
    void maskShowsTheFirstCharacterOfAnAddressOf254CharactersButNotOf255() {
        String address254 = "l".repeat(64) + "@" + domainOfLength(EmailAddresses.MAX_LENGTH - 65);

        assertThat(EmailAddresses.mask(address254)).isEqualTo("l***" + address254.substring(64));
        assertThat(EmailAddresses.mask("l" + address254)).isEqualTo("***");
    }

    @Test
    void maskOfAnAddressWithNothingBeforeTheAtIsStars() {
        assertThat(EmailAddresses.mask("@example.com")).isEqualTo("***");
    }

    @Test
    void maskOfNullIsStars() {
        assertThat(EmailAddresses.mask(null)).isEqualTo("***");
    }

    @Test
    void maskOfTextWithLineBreaksIsStars() {
        assertThat(EmailAddresses.mask("alice@example.com\r\nBcc: eve@example.com")).isEqualTo("***");
    }

    @Test
    void maskNeverShowsMoreThanTheFirstCharacterOfTheLocalPart() {
        assertThat(EmailAddresses.mask("secret.name@example.com")).doesNotContain("ecret").doesNotContain("name");
    }
}
