package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The header block of a composed verification message, as the bytes that go on the wire, for tests
 * that prove no input can add or split a header.
 */
final class HeaderBlock {

    /** Every header the composer writes, each exactly once, in no particular order. */
    static final List<String> EXPECTED_NAMES = List.of("Date", "From", "To", "Message-ID", "Subject", "MIME-Version",
            "Content-Type", "Auto-Submitted", "X-Auto-Response-Suppress");

    private static final SmtpSettings SETTINGS = SmtpSettings.of("smtp.example.com", 587, TransportSecurity.STARTTLS,
            "", "", "sender@example.com");
    private static final MessageComposer COMPOSER = new MessageComposer(Locale.ENGLISH,
            Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

    /** Names and unfolded values, in order. */
    record Header(String name, String value) {
    }

    private HeaderBlock() {
    }

    /** Composes the verification message for {@code recipient} and returns its header block as written. */
    static String compose(InternetAddress recipient) throws MessagingException, IOException {
        MimeMessage message = COMPOSER.verification(Session.getInstance(new Properties()), SETTINGS, recipient,
                "123456", Duration.ofMinutes(10));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("the header block ends with an empty line").isPositive();
        return text.substring(0, end + 2);
    }

    /**
     * Checks that the block is exactly the expected headers, each once, with CRLF line ends only and
     * no control characters, and returns them unfolded.
     */
    static List<Header> assertIntact(String block) {
        assertThat(block.replace("\r\n", "")).as("no CR or LF except as CRLF line ends")
                .doesNotContain("\r", "\n");
        List<Header> headers = new ArrayList<>();
        for (String line : block.split("\r\n")) {
            assertThat(line.chars()).as("control characters in %s", line).noneMatch(c -> c < 0x20 && c != '\t'
                    || c == 0x7f);
            if (line.startsWith(" ") || line.startsWith("\t")) {
                assertThat(headers).as("a continuation line needs a header to continue").isNotEmpty();
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), (last.value() + line).strip()));
                continue;
            }
            int colon = line.indexOf(':');
            assertThat(colon).as("a header line: %s", line).isPositive();
            headers.add(new Header(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        assertThat(headers.stream().map(Header::name).toList()).containsExactlyInAnyOrderElementsOf(EXPECTED_NAMES);
        return headers;
    }

    /** The unfolded value of the To header. */
    static String to(List<Header> headers) {
        return headers.stream().filter(h -> h.name().equals("To")).findFirst().orElseThrow().value();
    }
}
