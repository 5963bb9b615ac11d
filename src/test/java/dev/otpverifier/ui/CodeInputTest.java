package dev.otpverifier.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CodeInputTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "123456",
        "123 456",
        "123-456",
        " 123456 ",
        "123\u00a0456",
        "123\u2013456",
        "Your code is 123456.",
        "Your verification code: 123 456 (valid for 10 minutes)",
        "123456 is your verification code",
        "Code 123-456; do not share it. Again: 123456",
        "\u0661\u0662\u0663\u0664\u0665\u0666",
        "Code: \uff11\uff12\uff13\uff14\uff15\uff16",
    })
    void findsTheOneCode(String text) {
        assertThat(CodeInput.extract(text)).contains("123456");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "",
        "hello",
        "12345",
        "1234567",
        "Call 555 123 4567",
        "Order 12345678 shipped",
        "Codes 123456 and 654321",
        "12a456",
        "Ref 123 456 789",
    })
    void findsNoCodeOrTooMany(String text) {
        assertThat(CodeInput.extract(text)).isEmpty();
    }

    @Test
    void nullIsNoCode() {
        assertThat(CodeInput.extract(null)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" at {1} replacing {2} with \"{3}\" -> \"{4}\"")
    @CsvSource(delimiter = '|', value = {
        "''|0|0|1|1",
        "12|2|0|3|123",
        "12345|5|0|6|123456",
        "12|1|0|9|192",
        "123456|6|0|7|",
        "123|3|0|a|",
        "123|3|0|' '|123",
        "123|3|0|4 5|12345",
        "12|2|0|123 456|123456",
        "12|2|0|Your code: 123 456|123456",
        "''|0|0|no code here|",
        "123456|0|6|''|''",
        "123456|2|1|''|12456",
        "123456|0|6|654321|654321",
        "''|0|0|\u0664\u0665|45",
    })
    void editsKeepAtMostSixDigits(String current, int offset, int removed, String inserted, String expected) {
        Optional<String> result = CodeInput.edit(current, offset, removed, inserted);
        if (expected == null) {
            assertThat(result).isEmpty();
        } else {
            assertThat(result).contains(expected);
        }
    }
}
