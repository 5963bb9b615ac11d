package dev.otpverifier.mail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Passes Jakarta Mail's protocol trace through, except the message content between {@code DATA}
 * and the final {@code "."} line.
 *
 * <p>With {@code --smtp-debug} the trace goes to the terminal, and the message it would show holds
 * the code (in the subject and in both bodies): anyone who can read the terminal or a pasted trace
 * could use it. The commands and replies are what troubleshooting needs, so they stay; the content
 * is replaced by one line saying how many lines were left out. Jakarta Mail already hides the login
 * exchange (unless {@code mail.debug.auth} is set, which this app never does).
 *
 * <p>Works on lines: content starts after the server's {@code 354} reply to {@code DATA} and ends
 * with the line that holds a single dot (RFC 5321 4.1.1.4; a dot at the start of a content line is
 * doubled, so a lone dot cannot occur inside the content). Thread safe.
 */
final class MessageContentFilter extends OutputStream {

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean dataCommandSeen;
    private boolean inContent;
    private int hiddenLines;

    private MessageContentFilter(PrintStream target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** A stream for {@code Session.setDebugOut} that writes the trace to {@code target} without message content. */
    static PrintStream wrap(PrintStream target) {
        return new PrintStream(new MessageContentFilter(target), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') {
            endOfLine();
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() {
        target.flush();
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0 && !inContent) {
            target.write(line.toByteArray(), 0, line.size());
        }
        line.reset();
        target.flush();
    }

    private void endOfLine() {
        byte[] bytes = line.toByteArray();
        line.reset();
        String text = new String(bytes, StandardCharsets.ISO_8859_1).strip();
        if (inContent) {
            if (text.equals(".")) {
                inContent = false;
                target.println("(message content not shown: " + hiddenLines + (hiddenLines == 1 ? " line" : " lines")
                        + "; it holds the code)");
                target.write(bytes, 0, bytes.length);
            } else {
                hiddenLines++;
            }
            return;
        }
        target.write(bytes, 0, bytes.length);
        if (text.equalsIgnoreCase("DATA")) {
            dataCommandSeen = true;
        } else if (dataCommandSeen && text.startsWith("354")) {
            dataCommandSeen = false;
            inContent = true;
            hiddenLines = 0;
        } else if (dataCommandSeen && !text.startsWith("DEBUG")) {
            dataCommandSeen = false; // the server refused DATA: no content follows
        }
        target.flush();
    }
}
