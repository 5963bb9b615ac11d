package dev.otpverifier.auth;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.otpverifier.auth.SignInException.Problem;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one-shot listener on this computer that receives the browser's answer to a sign-in (RFC 8252
 * section 7.3): an ephemeral port on the loopback address, never on the network. It takes the first
 * answer to its path, shows a short page that says the tab can be closed, and ignores everything
 * else. The page shows nothing from the request, so a crafted answer cannot put text on it.
 */
final class LoopbackReceiver implements AutoCloseable {

    private static final String PATH = "/";

    private final List<HttpServer> servers = new ArrayList<>();
    private final CompletableFuture<Map<String, List<String>>> answer = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
    private final URI redirectUri;
    private volatile String expectedState;

    private LoopbackReceiver(String host, int wantedPort) throws IOException {
        int port = -1;
        for (int attempt = 0; attempt < 5 && port < 0; attempt++) {
            HttpServer first = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), wantedPort), 4);
            port = first.getAddress().getPort();
            servers.add(first);
            if (host.equals("localhost")) {
                // A browser may try ::1 first for "localhost": listen there too where this computer has IPv6,
                // on the same port, so that no other program can take the answer there.
                try {
                    servers.add(HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), port), 4));
                } catch (BindException taken) {
                    release(first);
                    servers.clear();
                    port = -1; // someone holds this port on ::1: try another one
                    if (wantedPort != 0) {
                        throw taken;
                    }
                } catch (IOException | RuntimeException noIpv6) {
                    // No IPv6 here: 127.0.0.1 alone is enough, browsers fall back to it.
                }
            }
        }
        if (port < 0) {
            throw new BindException("no port free on both loopback addresses");
        }
        for (HttpServer server : servers) {
            server.createContext(PATH, this::handle);
            server.setExecutor(null);
            server.start();
        }
        this.redirectUri = URI.create("http://" + host + ":" + port + PATH);
    }

    /**
     * Closes a listener that was never started. {@link HttpServer#stop} alone leaves such a server's
     * port taken (its selector, which only a started server's thread runs, still holds the socket), so
     * it is started first, with nothing to answer yet.
     */
    private static void release(HttpServer server) {
        server.start();
        server.stop(0);
    }

    /**
     * Opens a listener on a free port.
     *
     * @param host the host name the redirect address uses: {@code localhost} or {@code 127.0.0.1}
     * @throws SignInException when no port could be opened
     */
    static LoopbackReceiver open(String host) {
        return open(host, 0);
    }

    /** For tests: a listener on {@code port} (0 for any free one). */
    static LoopbackReceiver open(String host, int port) {
        try {
            return new LoopbackReceiver(host, port);
        } catch (BindException e) {
            throw new SignInException(Problem.NO_REDIRECT_PORT, "Could not open a local port for the browser's "
                    + "answer. Close other programs that hold many ports, or check local firewall rules, then try again.", e);
        } catch (IOException e) {
            throw new SignInException(Problem.NO_REDIRECT_PORT, "Could not listen on this computer for the browser's "
                    + "answer (" + e.getClass().getSimpleName() + "). Try again.", e);
        }
    }

    /** The redirect address to send with the request: the loopback host, the port, the path. */
    URI redirectUri() {
        return redirectUri;
    }

    /**
     * Takes only an answer that carries {@code state}: anything else that reaches the port (another
     * program, a web page probing ports) gets a refusal and leaves the listener waiting for the real
     * answer, so that it cannot end the sign-in.
     */
    void expect(String state) {
        expectedState = state;
    }

    /** Completes with the answer's query parameters, once. */
    CompletableFuture<Map<String, List<String>>> answer() {
        return answer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals(PATH)) {
                respond(exchange, 404, "Not found", "This address only takes OTP Verifier's sign-in answer.");
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, List<String>> parameters = URLUtils.parseParameters(query == null ? "" : query);
            if (parameters.isEmpty()) {
                respond(exchange, 400, "Nothing to do", "This address only takes OTP Verifier's sign-in answer.");
                return;
            }
            String expected = expectedState;
            List<String> states = parameters.getOrDefault("state", List.of());
            if (expected != null && (states.size() != 1 || !java.security.MessageDigest.isEqual(
                    states.get(0).getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8)))) {
                respond(exchange, 400, "Not this sign-in", "This answer does not belong to the sign-in OTP Verifier "
                        + "is waiting for, so it was ignored. If you were signing in, start again from the app.");
                return;
            }
            if (!taken.compareAndSet(false, true)) {
                respond(exchange, 409, "Already done", "OTP Verifier has already received a sign-in answer. "
                        + "You can close this tab.");
                return;
            }
            // The page first, then the answer: once answered, the sign-in goes on and closes this
            // listener, which must not cut the browser off in the middle of its page.
            try {
                if (parameters.containsKey("error")) {
                    respond(exchange, 200, "Sign-in not completed", "The sign-in was not completed. "
                            + "You can close this tab and go back to OTP Verifier, which says what happened.");
                } else {
                    respond(exchange, 200, "Signed in", "OTP Verifier received your sign-in. "
                            + "You can close this tab and go back to the app.");
                }
            } finally {
                answer.complete(parameters);
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String title, String text) throws IOException {
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                + " - OTP Verifier</title><style>body{font-family:system-ui,sans-serif;margin:15vh auto;"
                + "max-width:32em;padding:0 1em;color:#222}h1{font-size:1.4em}</style></head><body><h1>" + title
                + "</h1><p>" + text + "</p></body></html>";
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Stops listening at once. */
    @Override
    public void close() {
        for (HttpServer server : servers) {
            server.stop(0);
        }
    }
}
