package dev.otpverifier.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The demo server: loopback only, STARTTLS and a login required, and no files left behind. */
class DemoMailServerIT {

    /** Reads one (possibly multi-line) SMTP reply and returns its last line. */
    private static String reply(BufferedReader in) throws IOException {
        String line = in.readLine();
        while (line != null && line.length() > 3 && line.charAt(3) == '-') {
            line = in.readLine();
        }
        return line;
    }

    @Test
    void aClientThatSkipsStartTlsIsRefused() throws Exception {
        try (DemoMailServer server = DemoMailServer.start(Clock.systemUTC());
                Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            assertThat(reply(in)).startsWith("220");
            out.write("EHLO client.example\r\n");
            out.flush();
            assertThat(reply(in)).startsWith("250");
            out.write("MAIL FROM:<a@example.com>\r\n");
            out.flush();
            assertThat(reply(in)).startsWith("530");
            out.write("AUTH PLAIN AGRlbW8Ad3Jvbmc=\r\n");
            out.flush();
            assertThat(reply(in)).as("no login in plain text either").startsWith("530");
            assertThat(server.acceptedCount()).isZero();
        }
    }

    @Test
    void theEhloBeforeStartTlsOffersStartTlsButNoLogin() throws Exception {
        try (DemoMailServer server = DemoMailServer.start(Clock.systemUTC());
                Socket socket = new Socket(server.host(), server.port())) {
            socket.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            reply(in);
            out.write("EHLO client.example\r\n");
            out.flush();
            StringBuilder capabilities = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                capabilities.append(line).append('\n');
            } while (line != null && line.charAt(3) == '-');
            assertThat(capabilities.toString()).contains("STARTTLS").doesNotContain("AUTH");
        }
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        try (DemoMailServer server = DemoMailServer.start(Clock.systemUTC())) {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address.isLinkLocalAddress()) {
                        continue;
                    }
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(address, server.port()), 1_000);
                        throw new AssertionError("the demo server answered on " + address);
                    } catch (IOException refused) {
                        // expected: nothing listens there
                    }
                }
            }
        }
    }

    @Test
    void closingRemovesTheCertificateAndKeyAndStopsListening() throws Exception {
        DemoMailServer server = DemoMailServer.start(Clock.systemUTC());
        Path directory = server.directory();
        assertThat(Files.list(directory)).isNotEmpty();
        int port = server.port();

        server.close();
        server.close(); // twice is harmless

        assertThat(directory).doesNotExist();
        assertThat(server.isRunning()).isFalse();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            throw new AssertionError("still listening on " + port);
        } catch (IOException refused) {
            // expected
        }
    }
}
