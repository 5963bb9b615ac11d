package dev.otpverifier.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server on 127.0.0.1 that misbehaves in one scripted way, for fault-injection tests.
 *
 * <p>Up to the fault it speaks just enough ESMTP for Jakarta Mail: a greeting, EHLO offering
 * STARTTLS, the TLS upgrade with the certificate it is given, EHLO again offering AUTH PLAIN and
 * LOGIN (any login is accepted), MAIL, RCPT and DATA. Then it does what its {@link Fault} says.
 * A stalled connection is held open, never answered, until {@link #close()}.
 *
 * <p>For login tests, {@link #ScriptedSmtpServer(SSLContext, String, AuthScript)} offers the given
 * AUTH mechanisms instead and lets an {@link AuthScript} answer each AUTH command, line by line.
 *
 * <p>Every connection is served by its own daemon thread; {@link #close()} closes every socket and
 * waits for the threads. Thread safe.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** What goes wrong. */
    public enum Fault {
        /** Accepts the TCP connection and never sends the 220 greeting. */
        NO_GREETING,
        /** Answers STARTTLS with "220 Ready to start TLS", then never takes part in the handshake. */
        SILENT_AFTER_STARTTLS,
        /** Reads the whole message after DATA and never sends the final reply. */
        STALL_IN_DATA,
        /** Closes the connection as soon as it has read MAIL FROM. */
        CLOSE_AFTER_MAIL_FROM,
        /** Closes the connection as soon as it has read RCPT TO. */
        CLOSE_AFTER_RCPT_TO,
        /**
         * Refuses every recipient with a permanent 550 that repeats the full address, as Postfix does
         * ("550 5.1.1 &lt;ann@example.com&gt;: Recipient address rejected: ...").
         */
        REJECT_RCPT_TO,
        /**
         * Answers the second MAIL FROM of a connection with {@code 000}, a line whose code is no SMTP
         * reply code (Angus Mail reads it as 0), and everything else as {@link #NONE} does.
         */
        CODELESS_REPLY_TO_SECOND_MAIL_FROM,
        /** Nothing: accepts every message with 250. */
        NONE
    }

    /** Answers one AUTH command after TLS: reads the lines it needs and writes the replies. */
    @FunctionalInterface
    public interface AuthScript {
        /**
         * Answers {@code command}, the whole AUTH line as received.
         *
         * @param dialogue the connection, to read client lines from and write replies to
         */
        void answer(String command, Dialogue dialogue) throws IOException;
    }

    /** One connection as an {@link AuthScript} sees it. */
    public interface Dialogue {
        /** The next line from the client, without its CRLF, or {@code null} at the end. */
        String readLine() throws IOException;

        /** Sends reply lines, each with CRLF. */
        void reply(String... lines) throws IOException;
    }

    private final Fault fault;
    private final String mechanisms;
    private final AuthScript authScript;
    private final SSLContext tls;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * Starts listening on a free loopback port.
     *
     * @param fault what goes wrong
     * @param tls the server's TLS context (for example {@code DemoCertificate.serverContext()})
     */
    public ScriptedSmtpServer(Fault fault, SSLContext tls) {
        this(fault, tls, "PLAIN LOGIN", null);
    }

    /**
     * Starts a server without faults whose logins {@code auth} answers.
     *
     * @param tls the server's TLS context
     * @param mechanisms the AUTH mechanisms offered after STARTTLS, such as {@code "XOAUTH2"}; empty
     *     for a server that offers no AUTH at all
     * @param auth answers every AUTH command
     */
    public ScriptedSmtpServer(SSLContext tls, String mechanisms, AuthScript auth) {
        this(Fault.NONE, tls, mechanisms, Objects.requireNonNull(auth, "auth"));
    }

    private ScriptedSmtpServer(Fault fault, SSLContext tls, String mechanisms, AuthScript auth) {
        this.fault = Objects.requireNonNull(fault, "fault");
        this.mechanisms = Objects.requireNonNull(mechanisms, "mechanisms");
        this.authScript = auth;
        this.tls = Objects.requireNonNull(tls, "tls");
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::acceptLoop, "scripted-smtp-" + fault);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return listener.getLocalPort();
    }

    /** How many connections were accepted so far. */
    public int connections() {
        return sockets.size();
    }

    /** The command lines received, in order, upper-cased verb first; AUTH payloads are left out. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    /** How many times a command with this verb (e.g. "MAIL", "DATA") was received. */
    public long count(String verb) {
        return commands.stream().filter(c -> c.equals(verb) || c.startsWith(verb + " ")).count();
    }

    /** The message texts received after DATA (complete up to the final dot). */
    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(socket);
            Thread thread = new Thread(() -> serve(socket), "scripted-smtp-connection");
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    private void serve(Socket socket) {
        try {
            converse(socket);
        } catch (IOException ended) {
            // The client or close() ended the connection; nothing to report.
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private void converse(Socket plain) throws IOException {
        if (fault == Fault.NO_GREETING) {
            holdOpen(plain);
            return;
        }
        Connection connection = new Connection(plain);
        connection.reply("220 localhost scripted ESMTP");
        boolean secure = false;
        int mailCommands = 0;
        while (true) {
            String line = connection.readLine();
            if (line == null) {
                return;
            }
            String verb = verb(line);
            commands.add(verb.equals("AUTH") ? "AUTH " + word(line, 1) : line);
            switch (verb) {
                case "EHLO" -> {
                    if (secure && mechanisms.isEmpty()) {
                        connection.reply("250-localhost", "250 8BITMIME");
                    } else if (secure) {
                        connection.reply("250-localhost", "250-AUTH " + mechanisms, "250 8BITMIME");
                    } else {
                        connection.reply("250-localhost", "250 STARTTLS");
                    }
                }
                case "HELO", "NOOP", "RSET" -> connection.reply("250 OK");
                case "RCPT" -> {
                    if (fault == Fault.CLOSE_AFTER_RCPT_TO) {
                        return; // serve() closes the socket
                    }
                    if (fault == Fault.REJECT_RCPT_TO) {
                        String address = line.substring(line.indexOf(':') + 1).strip();
                        connection.reply("550 5.1.1 " + address + ": Recipient address rejected: User unknown in "
                                + "virtual mailbox table (" + address.replaceAll("[<>]", "") + ")");
                    } else {
                        connection.reply("250 OK");
                    }
                }
                case "STARTTLS" -> {
                    connection.reply("220 Ready to start TLS");
                    if (fault == Fault.SILENT_AFTER_STARTTLS) {
                        holdOpen(plain);
                        return;
                    }
                    SSLSocket upgraded = (SSLSocket) tls.getSocketFactory().createSocket(plain,
                            plain.getInetAddress().getHostAddress(), plain.getPort(), true);
                    upgraded.setUseClientMode(false);
                    upgraded.startHandshake();
                    sockets.add(upgraded);
                    connection = new Connection(upgraded);
                    secure = true;
                }
                case "AUTH" -> {
                    if (authScript != null) {
                        authScript.answer(line, connection);
                    } else {
                        authenticate(connection, line);
                    }
                }
                case "MAIL" -> {
                    if (fault == Fault.CLOSE_AFTER_MAIL_FROM) {
                        return; // serve() closes the socket
                    }
                    mailCommands++;
                    if (fault == Fault.CODELESS_REPLY_TO_SECOND_MAIL_FROM && mailCommands == 2) {
                        connection.reply("000 out of step");
                    } else {
                        connection.reply("250 OK");
                    }
                }
                case "DATA" -> {
                    connection.reply("354 End data with <CR><LF>.<CR><LF>");
                    StringBuilder message = new StringBuilder();
                    String dataLine;
                    while ((dataLine = connection.readLine()) != null && !dataLine.equals(".")) {
                        message.append(dataLine).append("\r\n");
                    }
                    if (dataLine == null) {
                        return;
                    }
                    messages.add(message.toString());
                    if (fault == Fault.STALL_IN_DATA) {
                        holdOpen(plain);
                        return;
                    }
                    connection.reply("250 OK queued");
                }
                case "QUIT" -> {
                    connection.reply("221 Bye");
                    return;
                }
                default -> connection.reply("500 Command not recognized");
            }
        }
    }

    /** Accepts any login, with or without an initial response, for PLAIN and LOGIN. */
    private static void authenticate(Connection connection, String line) throws IOException {
        String mechanism = word(line, 1).toUpperCase(Locale.ROOT);
        boolean initialResponse = !word(line, 2).isEmpty();
        if (mechanism.equals("PLAIN")) {
            if (!initialResponse) {
                connection.reply("334 ");
                connection.readLine();
            }
        } else if (mechanism.equals("LOGIN")) {
            if (!initialResponse) {
                connection.reply("334 VXNlcm5hbWU6");
                connection.readLine();
            }
            connection.reply("334 UGFzc3dvcmQ6");
            connection.readLine();
        } else {
            connection.reply("504 Unrecognized authentication type");
            return;
        }
        connection.reply("235 2.7.0 Authentication successful");
    }

    /** Never answers again; returns when the peer or {@link #close()} closes the connection. */
    private static void holdOpen(Socket socket) throws IOException {
        byte[] sink = new byte[4096];
        while (socket.getInputStream().read(sink) >= 0) {
            // discard: a stalled server reads but never replies
        }
    }

    private static String verb(String line) {
        return word(line, 0).toUpperCase(Locale.ROOT);
    }

    private static String word(String line, int index) {
        String[] words = line.strip().split(" +", 3);
        return index < words.length ? words[index] : "";
    }

    /** A line reader and writer over one socket. */
    private static final class Connection implements Dialogue {
        private final BufferedReader in;
        private final OutputStream out;

        Connection(Socket socket) throws IOException {
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            this.out = socket.getOutputStream();
        }

        @Override
        public String readLine() throws IOException {
            try {
                return in.readLine();
            } catch (SocketException reset) {
                return null;
            }
        }

        @Override
        public void reply(String... lines) throws IOException {
            List<String> all = new ArrayList<>(List.of(lines));
            StringBuilder text = new StringBuilder();
            for (String line : all) {
                text.append(line).append("\r\n");
            }
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }
}
