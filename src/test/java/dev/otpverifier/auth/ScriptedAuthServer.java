package dev.otpverifier.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An authorization server on 127.0.0.1 whose token and device endpoints answer from a script: for
 * the faults a real server cannot be asked to produce (slow, broken, refusing, rotating) and for the
 * device grant. Its discovery document is real JSON naming its own endpoints.
 */
public final class ScriptedAuthServer implements AutoCloseable {

    /** One scripted answer. */
    public record Answer(int status, String body, Duration delay) {
        public static Answer json(int status, String body) {
            return new Answer(status, body, Duration.ZERO);
        }

        public static Answer tokens(String access, String refresh, String idToken) {
            return json(200, "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"expires_in\":3600"
                    + (refresh == null ? "" : ",\"refresh_token\":\"" + refresh + "\"")
                    + (idToken == null ? "" : ",\"id_token\":\"" + idToken + "\"") + "}");
        }

        public static Answer error(String code) {
            return json(400, "{\"error\":\"" + code + "\",\"error_description\":\"scripted " + code + "\"}");
        }
    }

    private final HttpServer server;
    public final BlockingQueue<Answer> tokenAnswers = new LinkedBlockingQueue<>();
    public final BlockingQueue<Answer> deviceAnswers = new LinkedBlockingQueue<>();
    public final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    public final List<String> authorizeRequests = new CopyOnWriteArrayList<>();
    /** Token answers made when asked, from the nonce of the last sign-in page request (before {@link #tokenAnswers}). */
    public final BlockingQueue<java.util.function.Function<String, Answer>> answersForNonce = new LinkedBlockingQueue<>();
    private volatile String lastNonce;
    private final String path;
    volatile String discovery;
    /** The HTTP status of the discovery document's answer. */
    volatile int discoveryStatus = 200;
    /** A {@code Location} header for the discovery document's answer (a redirect), or null. */
    volatile String discoveryLocation;

    public ScriptedAuthServer() throws IOException {
        this("/t");
    }

    /** A server whose issuer is {@code http://127.0.0.1:<port>} and {@code path}, such as {@code /t/v2.0}. */
    public ScriptedAuthServer(String path) throws IOException {
        this.path = path;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
        String base = issuer().toString();
        discovery = "{\"issuer\":\"" + base + "\",\"authorization_endpoint\":\"" + base + "/authorize\","
                + "\"token_endpoint\":\"" + base + "/token\",\"device_authorization_endpoint\":\"" + base
                + "/devicecode\",\"response_types_supported\":[\"code\"]}";
        server.createContext(path + "/.well-known/openid-configuration", exchange -> {
            if (discoveryLocation != null) {
                exchange.getResponseHeaders().set("Location", discoveryLocation);
            }
            answer(exchange, Answer.json(discoveryStatus, discovery));
        });
        // The sign-in page of a person who signs in at once: back to the app with a code and the same state.
        server.createContext(path + "/authorize", exchange -> {
            java.util.Map<String, java.util.List<String>> query = com.nimbusds.oauth2.sdk.util.URLUtils
                    .parseParameters(exchange.getRequestURI().getRawQuery());
            authorizeRequests.add(exchange.getRequestURI().getRawQuery());
            lastNonce = query.containsKey("nonce") ? query.get("nonce").get(0) : null;
            String back = query.get("redirect_uri").get(0) + "?code=scripted-code&state="
                    + java.net.URLEncoder.encode(query.get("state").get(0), StandardCharsets.UTF_8);
            try (exchange) {
                exchange.getResponseHeaders().set("Location", back);
                exchange.sendResponseHeaders(302, -1);
            }
        });
        server.createContext(path + "/token", exchange -> {
            tokenRequests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            java.util.function.Function<String, Answer> lazy = answersForNonce.poll();
            Answer next = lazy != null ? lazy.apply(lastNonce) : tokenAnswers.poll();
            answer(exchange, next == null ? Answer.error("server_error") : next);
        });
        server.createContext(path + "/devicecode", exchange -> {
            Answer next = deviceAnswers.poll();
            answer(exchange, next == null ? Answer.error("server_error") : next);
        });
        server.start();
    }

    public URI issuer() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        try (exchange) {
            if (!answer.delay().isZero()) {
                try {
                    Thread.sleep(answer.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException clientGone) {
            // The client gave up (a timeout test): nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
