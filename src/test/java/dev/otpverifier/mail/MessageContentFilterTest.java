package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
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

    /** Content starts only after a 354 that answers DATA; a refused DATA leaves nothing waiting for one. */
    @Test
    void afterARefusedDataCommandAStray354HidesNothing() {
        String lines = "DATA\r\n554 No valid recipients\r\nNOOP\r\n354 odd answer to NOOP\r\nQUIT\r\n221 Bye\r\n";
        trace.print(lines);

        assertThat(shown()).isEqualTo(lines);
    }

    @Test
    void aSecondMessageIsFilteredLikeTheFirst() {
        for (int i = 0; i < 2; i++) {
            trace.print("DATA\r\n354 go ahead\r\nSubject: 65432" + i + "\r\n.\r\n250 Ok\r\n");
        }

        assertThat(shown()).doesNotContain("65432").contains("(message content not shown: 1 line;");
    }

    private static final String TOKEN = "ya29.a0AfB_byC-secret-token_value";
    private static final String RESPONSE = java.util.Base64.getEncoder().encodeToString(
            XOAuth2Transport.initialResponse("kim@example.com", TOKEN).getBytes(StandardCharsets.UTF_8));

    @Test
    void theInitialResponseOfAnAuthCommandIsHidden() {
        trace.print("EHLO localhost\r\n250-AUTH XOAUTH2\r\n250 OK\r\nAUTH XOAUTH2 " + RESPONSE + "\r\n235 2.7.0 Accepted\r\n");
        trace.print("MAIL FROM:<kim@example.com>\r\n250 OK\r\n");

        assertThat(shown()).doesNotContain(RESPONSE).doesNotContain(TOKEN)
                .contains("AUTH XOAUTH2 (hidden)\r\n235 2.7.0 Accepted\r\nMAIL FROM:<kim@example.com>\r\n250 OK");
    }

    @Test
    void theResponseAfterThePromptOfTheTwoLineFormIsHidden() {
        trace.print("AUTH XOAUTH2\r\n334 \r\n" + RESPONSE + "\r\n235 2.7.0 Accepted\r\nMAIL FROM:<a@example.com>\r\n");

        assertThat(shown()).doesNotContain(RESPONSE)
                .isEqualTo("AUTH XOAUTH2\r\n334 \r\n(login response hidden)\r\n235 2.7.0 Accepted\r\n"
                        + "MAIL FROM:<a@example.com>\r\n");
    }

    @Test
    void aRefusalChallengeStaysAndTheEmptyAnswerToItIsHiddenLikeAnyResponse() {
        String challenge = "334 eyJzdGF0dXMiOiI0MDEifQ==";
        trace.print("AUTH XOAUTH2 " + RESPONSE + "\r\n" + challenge + "\r\n\r\n535-5.7.8 Username and Password not "
                + "accepted.\r\n535 5.7.8 Learn more\r\nQUIT\r\n");

        assertThat(shown()).doesNotContain(RESPONSE).contains(challenge, "(login response hidden)", "535 5.7.8 Learn more",
                "QUIT");
    }

    @Test
    void passwordLoginsAreHiddenToo() {
        String plain = java.util.Base64.getEncoder().encodeToString("\0kim\0s3cret".getBytes(StandardCharsets.UTF_8));
        String login = java.util.Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8));
        trace.print("AUTH PLAIN " + plain + "\r\n235 OK\r\n");
        trace.print("AUTH LOGIN\r\n334 VXNlcm5hbWU6\r\na2lt\r\n334 UGFzc3dvcmQ6\r\n" + login + "\r\n235 OK\r\n");

        assertThat(shown()).doesNotContain(plain).doesNotContain(login).contains("AUTH PLAIN (hidden)", "AUTH LOGIN\r\n");
    }

    @Test
    void linesAfterTheLoginAreShownAgainEvenByteByByte() {
        for (byte b : ("AUTH XOAUTH2\r\n334 \r\n" + RESPONSE + "\r\n235 OK\r\nRCPT TO:<b@example.com>\r\n")
                .getBytes(StandardCharsets.US_ASCII)) {
            trace.write(b);
        }

        assertThat(shown()).doesNotContain(RESPONSE).endsWith("235 OK\r\nRCPT TO:<b@example.com>\r\n");
    }

    @Test
    void debugLinesBetweenDataAndItsReplyDoNotEndTheWaitForContent() {
        trace.print("DATA\r\nDEBUG SMTP: waiting for the reply\r\n354 go ahead\r\nSubject: 246810\r\n.\r\n250 Ok\r\n");

        assertThat(shown()).doesNotContain("246810").contains("DEBUG SMTP: waiting", "(message content not shown: 1 line;");
    }

    /** A target that holds what it gets until it is flushed, as a file or a pipe does. */
    private final ByteArrayOutputStream reached = new ByteArrayOutputStream();
    private final PrintStream bufferedTrace = MessageContentFilter.wrap(
            new PrintStream(new BufferedOutputStream(reached, 8192), false, StandardCharsets.UTF_8));

    private String reached() {
        return reached.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachLineReachesABufferedTargetAsSoonAsItEnds() {
        bufferedTrace.print("EHLO localhost\r\n");
        assertThat(reached()).isEqualTo("EHLO localhost\r\n");

        bufferedTrace.print("AUTH XOAUTH2 " + RESPONSE + "\r\n");
        assertThat(reached()).endsWith("AUTH XOAUTH2 (hidden)\r\n");

        bufferedTrace.print("235 OK\r\nDATA\r\n354 go ahead\r\n123456\r\n.\r\n");
        assertThat(reached()).endsWith("354 go ahead\r\n(message content not shown: 1 line; it holds the code)"
                + System.lineSeparator() + ".\r\n").doesNotContain("123456");
    }

    @Test
    void closingWritesAnUnfinishedLastLineUnlessItIsContent() {
        bufferedTrace.print("QUIT");
        bufferedTrace.close();

        assertThat(reached()).isEqualTo("QUIT");

        trace.print("DATA\r\n354 go ahead\r\nSubject: 135790 is your");
        trace.close();

        assertThat(shown()).isEqualTo("DATA\r\n354 go ahead\r\n");
    }
}
