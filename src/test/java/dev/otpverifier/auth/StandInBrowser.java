package dev.otpverifier.auth;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Stands in for the person's browser: follows the sign-in page's redirects like a browser does, and
 * lets a test change the address of the last hop (the answer to this computer) to play an attacker
 * or a person who declines. Runs on its own thread, as a real browser would.
 */
public final class StandInBrowser implements BrowserSignIn.Browser {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final UnaryOperator<URI> answerRewriter;
    final List<URI> visited = Collections.synchronizedList(new ArrayList<>());
    volatile int lastStatus;
    public volatile String lastPage = "";
    private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

    public StandInBrowser() {
        this(UnaryOperator.identity());
    }

    /** A browser whose answer to this computer passes through {@code answerRewriter}. */
    public StandInBrowser(UnaryOperator<URI> answerRewriter) {
        this.answerRewriter = answerRewriter;
    }

    @Override
    public void open(URI address) {
        Thread thread = new Thread(() -> follow(address), "stand-in-browser");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(URI address) {
        URI next = address;
        try {
            for (int hop = 0; hop < 10 && next != null; hop++) {
                if (isLoopbackAnswer(next)) {
                    next = answerRewriter.apply(next);
                }
                visited.add(next);
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(next).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                lastStatus = response.statusCode();
                lastPage = response.body();
                next = response.headers().firstValue("Location").map(response.uri()::resolve).orElse(null);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            lastPage = "failed: " + e;
        } finally {
            done.countDown();
        }
    }

    /** Waits until the browser has shown its last page. */
    public StandInBrowser finished() throws InterruptedException {
        if (!done.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("the stand-in browser did not finish");
        }
        return this;
    }

    private static boolean isLoopbackAnswer(URI uri) {
        return uri.getPath() != null && uri.getPath().equals("/")
                && (uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1"));
    }

    /** Replaces (or adds) one query parameter of {@code uri}. */
    static URI withParameter(URI uri, String name, String value) {
        StringBuilder query = new StringBuilder();
        boolean replaced = false;
        for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (key.equals(name)) {
                if (value != null) {
                    append(query, name + "=" + value);
                }
                replaced = true;
            } else {
                append(query, pair);
            }
        }
        if (!replaced && value != null) {
            append(query, name + "=" + value);
        }
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()
                + (query.length() == 0 ? "" : "?" + query));
    }

    private static void append(StringBuilder query, String pair) {
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(pair);
    }
}
