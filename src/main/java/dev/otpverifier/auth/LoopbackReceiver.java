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
    private final URI redirectUri;

    private LoopbackReceiver(String host) throws IOException {
        HttpServer first = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4);
        servers.add(first);
        int port = first.getAddress().getPort();
        if (host.equals("localhost")) {
            // A browser may try ::1 first for "localhost"; listen there too when this computer has IPv6.
            try {
                servers.add(HttpServer.create(new InetSocketAddress(InetAddress.getByName("::1"), port), 4));
            } catch (IOException | RuntimeException noIpv6) {
                // 127.0.0.1 alone is enough: browsers fall back to it.
            }
        }
        for (HttpServer server : servers) {
            server.createContext(PATH, this::handle);
            server.setExecutor(null);
            server.start();
        }
        this.redirectUri = URI.create("http://" + host + ":" + port + PATH);
    }

    /**
     * Opens a listener on a free port.
     *
     * @param host the host name the redirect address uses: {@code localhost} or {@code 127.0.0.1}
     * @throws SignInException when no port could be opened
     */
    static LoopbackReceiver open(String host) {
        try {
            return new LoopbackReceiver(host);
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
            if (answer.isDone()) {
                respond(exchange, 409, "Already done", "OTP Verifier has already received a sign-in answer. "
                        + "You can close this tab.");
                return;
            }
            try {
                if (parameters.containsKey("error")) {
                    respond(exchange, 200, "Sign-in not completed", "The sign-in was not completed. "
                            + "You can close this tab and go back to OTP Verifier, which says what happened.");
                } else {
                    respond(exchange, 200, "Signed in", "OTP Verifier received your sign-in. "
                            + "You can close this tab and go back to the app.");
                }
            } finally {
                // Only after the page is written: the sign-in stops this listener as soon as it has the answer.
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
