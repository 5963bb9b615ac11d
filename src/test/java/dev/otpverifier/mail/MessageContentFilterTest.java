package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link MessageContentFilter}: the trace keeps every command and reply and loses the message content. */
class MessageContentFilterTest {

    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    private final PrintStream trace = MessageContentFilter.wrap(new PrintStream(shown, true, StandardCharsets.UTF_8));

    private String shown() {
        return shown.toString(StandardCharsets.UTF_8);
    }

    @Test
    void contentBetweenDataAndTheFinalDotIsLeftOut() {
        trace.print("MAIL FROM:<a@example.com>\r\n250 Ok\r\nDATA\r\n354 End data with <CR><LF>.<CR><LF>\r\n");
        trace.print("Subject: 123456 is your verification code\r\n\r\n    123456\r\n..leading dot\r\n.\r\n");
        trace.println("250 Ok: queued");
        trace.println("DEBUG SMTP: message successfully delivered to mail server");
        trace.print("QUIT\r\n221 Bye\r\n");

        assertThat(shown()).doesNotContain("123456").doesNotContain("leading dot")
                .contains("MAIL FROM:<a@example.com>", "DATA\r\n", "354 End data", "(message content not shown: 4 lines; it "
                        + "holds the code)", ".\r\n250 Ok: queued", "successfully delivered", "221 Bye");
    }

    @Test
    void byteByByteWritesAreFilteredToo() {
        for (byte b : "DATA\r\n354 go ahead\r\n123456\r\n.\r\n250 Ok\r\n".getBytes(StandardCharsets.US_ASCII)) {
            trace.write(b);
        }

        assertThat(shown()).doesNotContain("123456").contains("250 Ok");
    }

    @Test
    void aRefusedDataCommandHidesNothing() {
        trace.print("DATA\r\n554 No valid recipients\r\nRSET\r\n250 Ok\r\n");

        assertThat(shown()).isEqualTo("DATA\r\n554 No valid recipients\r\nRSET\r\n250 Ok\r\n");
    }

    @Test
    void aSecondMessageIsFilteredLikeTheFirst() {
        for (int i = 0; i < 2; i++) {
            trace.print("DATA\r\n354 go ahead\r\nSubject: 65432" + i + "\r\n.\r\n250 Ok\r\n");
        }

        assertThat(shown()).doesNotContain("65432").contains("(message content not shown: 1 line;");
    }
}
