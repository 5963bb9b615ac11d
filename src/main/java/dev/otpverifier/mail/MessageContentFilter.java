package dev.otpverifier.mail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passes Jakarta Mail's protocol trace through, except the message content between {@code DATA}
 * and the final {@code "."} line, and the client's side of a login.
 *
 * <p>With {@code --smtp-debug} the trace goes to the terminal, and the message it would show holds
 * the code (in the subject and in both bodies): anyone who can read the terminal or a pasted trace
 * could use it. The commands and replies are what troubleshooting needs, so they stay; the content
 * is replaced by one line saying how many lines were left out.
 *
 * <p>Jakarta Mail already leaves the login exchange out of the trace (unless {@code mail.debug.auth}
 * is set, which this app never does). The login is masked here as well, because a password or an
 * OAuth 2.0 access token is worth more than a code: the initial response of an {@code AUTH} command
 * ({@code AUTH XOAUTH2 <base64>}, {@code AUTH PLAIN <base64>}) becomes {@code (hidden)}, and every
 * client line between an {@code AUTH} command and the server's final reply (the response after a
 * {@code 334} prompt, as in XOAUTH2's two-line form or LOGIN) is replaced by one line saying so. The
 * server's {@code 334} challenges stay: XOAUTH2's carries the error that says why a token was
 * refused.
 *
 * <p>Works on lines: content starts after the server's {@code 354} reply to {@code DATA} and ends
 * with the line that holds a single dot (RFC 5321 4.1.1.4; a dot at the start of a content line is
 * doubled, so a lone dot cannot occur inside the content). Thread safe.
 */
final class MessageContentFilter extends OutputStream {

    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private static final Pattern AUTH_COMMAND = Pattern.compile("(?i)^(AUTH +[^ ]+)( +.*)?$");
    private static final Pattern SERVER_REPLY = Pattern.compile("^(\\d{3})([ -].*)?$");

    private boolean dataCommandSeen;
    private boolean inLogin;
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
        if (login(text, bytes)) {
            target.flush();
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

    /**
     * Writes a line of a login exchange with its secrets masked; returns {@code false} for lines
     * outside a login, which the caller writes.
     */
    private boolean login(String text, byte[] bytes) {
        Matcher command = AUTH_COMMAND.matcher(text);
        if (command.matches()) {
            inLogin = true;
            if (command.group(2) == null) {
                return false;
            }
            target.print(command.group(1) + " (hidden)");
            target.write(bytes, lineEnd(bytes), bytes.length - lineEnd(bytes));
            return true;
        }
        if (!inLogin || text.startsWith("DEBUG")) {
            return false;
        }
        Matcher reply = SERVER_REPLY.matcher(text);
        if (reply.matches()) {
            boolean last = reply.group(2) == null || reply.group(2).startsWith(" ");
            if (last && !reply.group(1).equals("334")) {
                inLogin = false;
            }
            return false;
        }
        target.print("(login response hidden)");
        target.write(bytes, lineEnd(bytes), bytes.length - lineEnd(bytes));
        return true;
    }

    /** Where the line terminator ({@code \r\n} or {@code \n}) of a line starts. */
    private static int lineEnd(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        return end;
    }
}
