package dev.otpverifier.otp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@link Codes#normalize} and {@link OtpService#verify} against arbitrary Unicode: the only outcomes
 * are six ASCII digits or empty, and only the code itself (however it is written) verifies.
 */
class CodeNormalizationProperties {

    private static final String ALICE = "alice@example.com";

    /** Held so that its level sticks: thousands of tries would otherwise fill the test output. */
    private static final java.util.logging.Logger OTP_LOG = java.util.logging.Logger.getLogger("dev.otpverifier.otp");
    private static java.util.logging.Level savedLevel;

    @BeforeContainer
    static void quietLog() {
        savedLevel = OTP_LOG.getLevel();
        OTP_LOG.setLevel(java.util.logging.Level.OFF);
    }

    @AfterContainer
    static void restoreLog() {
        OTP_LOG.setLevel(savedLevel);
    }

    /** The zero of each decimal digit block a person might paste from, including one outside the BMP. */
    private static final List<Integer> ZEROS = List.of(
            0x30,     // ASCII
            0x660,    // Arabic-Indic
            0x6F0,    // Extended Arabic-Indic
            0x966,    // Devanagari
            0x9E6,    // Bengali
            0xE50,    // Thai
            0xFF10,   // full width
            0x1D7CE); // mathematical bold (a surrogate pair in UTF-16)

    private static final List<String> SEPARATORS = List.of("", " ", "-", "\u00A0", "\u2009", "\u2013", "\u2212",
            "\t", "\u3000");

    @Property(tries = 1000)
    void anyInputNormalisesToSixAsciiDigitsOrNothing(@ForAll @StringLength(max = 100) String input) {
        Optional<String> code = Codes.normalize(input);

        code.ifPresent(c -> assertThat(Codes.isWellFormed(c)).as(c).isTrue());
        code.ifPresent(c -> assertThat(c).matches("[0-9]{6}"));
        if (input.length() > Codes.MAX_INPUT_LENGTH) {
            assertThat(code).isEmpty();
        }
    }

    @Property(tries = 1000)
    void normalisingIsIdempotent(@ForAll("codeLike") String input) {
        Optional<String> once = Codes.normalize(input);

        once.ifPresent(c -> assertThat(Codes.normalize(c)).hasValue(c));
    }

    @Property(tries = 1000)
    void anyWayOfWritingTheCodeIsTheCode(@ForAll("sixDigits") String code, @ForAll("writings") List<Writing> how) {
        String written = write(code, how);

        assertThat(Codes.normalize(written)).as(written).hasValue(code);
    }

    @Property(tries = 1000)
    void arbitraryInputNeverVerifiesUnlessItIsTheCode(@ForAll("codeLike") String input) {
        RecordingCodeSender sender = new RecordingCodeSender();
        OtpService service = new OtpService(sender, OtpPolicy.defaults(), new MutableClock(),
                TestSupport.seededRandom(input.hashCode()));
        service.requestCode(ALICE);
        String code = sender.lastCode();

        VerifyResult result = service.verify(ALICE, input);

        Optional<String> normalised = Codes.normalize(input);
        if (normalised.isEmpty()) {
            assertThat(result).isEqualTo(new VerifyResult.Malformed());
        } else if (normalised.get().equals(code)) {
            assertThat(result).isEqualTo(new VerifyResult.Verified());
        } else {
            assertThat(result).isEqualTo(new VerifyResult.WrongCode(OtpPolicy.DEFAULT_MAX_ATTEMPTS_PER_CODE - 1));
        }
    }

    @Property(tries = 500)
    void theCodeWithOneDigitChangedNeverVerifies(@ForAll("writings") List<Writing> how,
            @ForAll @IntRange(min = 0, max = 5) int position, @ForAll @IntRange(min = 1, max = 9) int shift) {
        RecordingCodeSender sender = new RecordingCodeSender();
        OtpService service = new OtpService(sender, OtpPolicy.defaults(), new MutableClock(),
                TestSupport.seededRandom(position * 31L + shift + how.hashCode()));
        service.requestCode(ALICE);
        String code = sender.lastCode();
        char[] digits = code.toCharArray();
        digits[position] = (char) ('0' + (digits[position] - '0' + shift) % 10);
        String wrong = write(new String(digits), how);

        assertThat(service.verify(ALICE, wrong)).isInstanceOf(VerifyResult.WrongCode.class);
        assertThat(service.verify(ALICE, write(code, how))).isEqualTo(new VerifyResult.Verified());
    }

    /** How one digit is written: its script, and what follows it. */
    record Writing(int zero, String separator) {
    }

    private static String write(String code, List<Writing> how) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < code.length(); i++) {
            Writing writing = how.get(i);
            text.appendCodePoint(writing.zero() + (code.charAt(i) - '0')).append(writing.separator());
        }
        return text.toString();
    }

    @Provide
    Arbitrary<String> sixDigits() {
        return Arbitraries.strings().numeric().ofLength(6);
    }

    @Provide
    Arbitrary<List<Writing>> writings() {
        Arbitrary<Writing> writing = Combinators.combine(Arbitraries.of(ZEROS), Arbitraries.of(SEPARATORS))
                .as(Writing::new);
        return writing.list().ofSize(6);
    }

    /** Mostly near misses: digits of many scripts, separators, and arbitrary characters mixed in. */
    @Provide
    Arbitrary<String> codeLike() {
        Arbitrary<String> digit = Arbitraries.of(ZEROS).flatMap(zero -> Arbitraries.integers().between(0, 9)
                .map(value -> new StringBuilder().appendCodePoint(zero + value).toString()));
        Arbitrary<String> separator = Arbitraries.of(SEPARATORS);
        Arbitrary<String> anything = Arbitraries.strings().ofMaxLength(2);
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, digit), net.jqwik.api.Tuple.of(2, separator),
                net.jqwik.api.Tuple.of(1, anything));
        return Arbitraries.oneOf(
                piece.list().ofMinSize(0).ofMaxSize(12).map(pieces -> String.join("", pieces)),
                Arbitraries.strings().ofMaxLength(80));
    }
}
