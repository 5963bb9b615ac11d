package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loopback listener: loopback only, one answer, a page that shows nothing from the request. */
class LoopbackReceiverTest {

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void takesTheFirstAnswerOnlyAndEchoesNothing() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("127.0.0.1")) {
            URI redirect = receiver.redirectUri();
            assertThat(redirect.getHost()).isEqualTo("127.0.0.1");
            assertThat(redirect.getPort()).isPositive();

            HttpResponse<String> first = get(URI.create(redirect + "?code=c1&state=%3Cscript%3Ealert(1)%3C%2Fscript%3E"));
            HttpResponse<String> second = get(URI.create(redirect + "?code=c2&state=s2"));

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("You can close this tab").doesNotContain("script>alert", "c1");
            assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(receiver.answer().get().get("code")).containsExactly("c1");
        }
    }

    @Test
    void otherPathsAndEmptyRequestsAreNotAnswers() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("localhost")) {
            URI base = URI.create("http://127.0.0.1:" + receiver.redirectUri().getPort());
            assertThat(receiver.redirectUri().toString()).startsWith("http://localhost:");

            assertThat(get(base.resolve("/favicon.ico?code=x")).statusCode()).isEqualTo(404);
            assertThat(get(base.resolve("/")).statusCode()).isEqualTo(400);
            assertThat(receiver.answer()).isNotDone();
        }
    }

    @Test
    void listensOnTheLoopbackAddressOnly() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("127.0.0.1")) {
            int port = receiver.redirectUri().getPort();
            for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                    if (address.isLoopbackAddress() || address instanceof java.net.Inet6Address) {
                        continue;
                    }
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress(address, port), 500);
                        throw new AssertionError("the listener answered on " + address);
                    } catch (java.io.IOException refused) {
                        // expected: nothing listens there
                    }
                }
            }
        }
    }

    @Test
    void aPortThatIsTakenIsSaidPlainly() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> LoopbackReceiver.open("127.0.0.1",
                    taken.getLocalPort())).isInstanceOf(SignInException.class)
                    .hasMessageContaining("Could not open a local port for the browser's answer")
                    .extracting(e -> ((SignInException) e).problem()).isEqualTo(SignInException.Problem.NO_REDIRECT_PORT);
        }
    }

    @Test
    void everyPageForbidsScriptsReferrersAndCaching() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("127.0.0.1")) {
            URI redirect = receiver.redirectUri();
            List<HttpResponse<String>> pages = List.of(get(URI.create(redirect + "?code=c1&state=s1")),
                    get(URI.create(redirect + "?code=c2&state=s2")), get(redirect),
                    get(redirect.resolve("/favicon.ico")));

            assertThat(pages).extracting(HttpResponse::statusCode).containsExactly(200, 409, 400, 404);
            for (HttpResponse<String> page : pages) {
                assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
                assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
                assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
                assertThat(page.headers().firstValue("Content-Security-Policy"))
                        .hasValue("default-src 'none'; style-src 'unsafe-inline'");
            }
        }
    }

    @Test
    void anErrorAnswerGetsItsOwnPage() throws Exception {
        try (LoopbackReceiver receiver = LoopbackReceiver.open("127.0.0.1")) {
            HttpResponse<String> page = get(URI.create(receiver.redirectUri() + "?error=access_denied&state=s"));

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Sign-in not completed").doesNotContain("access_denied");
            assertThat(receiver.answer().get().get("error")).containsExactly("access_denied");
        }
    }

    @Test
    void closingStopsListeningAtOnce() throws Exception {
        LoopbackReceiver receiver = LoopbackReceiver.open("localhost");
        int port = receiver.redirectUri().getPort();

        receiver.close();

        try (java.net.Socket socket = new java.net.Socket()) {
            assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000))
                    .isInstanceOf(java.io.IOException.class);
        }
    }

    /** The sign-in closes the listener as soon as it has the answer; the browser must still get its page. */
    @Test
    void theBrowserGetsItsPageEvenWhenTheAppStopsListeningAtOnce() throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            LoopbackReceiver receiver = LoopbackReceiver.open("127.0.0.1");
            Thread app = new Thread(() -> {
                try {
                    receiver.answer().get();
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    receiver.close();
                }
            });
            app.start();

            HttpResponse<String> page = get(URI.create(receiver.redirectUri() + "?error=access_denied&state=s"));

            assertThat(page.statusCode()).as("attempt " + attempt).isEqualTo(200);
            assertThat(page.body()).contains("Sign-in not completed");
            app.join(5000);
        }
    }

    /** A wanted port (tests) that another program holds on ::1 fails at once and leaves 127.0.0.1 free. */
    @Test
    void aWantedPortTakenOnTheIpv6LoopbackIsSaidPlainlyAndHoldsNothing() throws Exception {
        try (java.net.ServerSocket onIpv6 = new java.net.ServerSocket()) {
            try {
                onIpv6.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 0));
            } catch (java.io.IOException noIpv6) {
                org.junit.jupiter.api.Assumptions.abort("this computer has no IPv6 loopback address");
            }
            int port = onIpv6.getLocalPort();
            try (java.net.ServerSocket onIpv4 = new java.net.ServerSocket()) {
                onIpv4.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), port));
            } catch (java.io.IOException takenThereToo) {
                org.junit.jupiter.api.Assumptions.abort("port " + port + " is taken on 127.0.0.1 as well");
            }

            assertThatThrownBy(() -> LoopbackReceiver.open("localhost", port))
                    .isInstanceOfSatisfying(SignInException.class, e -> {
                        assertThat(e.problem()).isEqualTo(SignInException.Problem.NO_REDIRECT_PORT);
                        assertThat(e.getMessage()).contains("Could not open a local port for the browser's answer");
                        assertThat(e.getCause()).as("the system's own reason, for the log")
                                .isInstanceOf(java.net.BindException.class).hasMessageContaining("in use");
                    });
            try (java.net.ServerSocket again = new java.net.ServerSocket(port, 1,
                    java.net.InetAddress.getByName("127.0.0.1"))) {
                assertThat(again.getLocalPort()).as("the half-opened listener let go of 127.0.0.1").isEqualTo(port);
            }
        }
    }

    /** Browsers may try ::1 first for "localhost" (Microsoft's redirect host); 127.0.0.1 (Google's) is IPv4 only. */
    @Test
    void localhostIsAnsweredOnTheIpv6LoopbackTooWhereThereIsOne() throws Exception {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), 0));
        } catch (java.io.IOException noIpv6) {
            org.junit.jupiter.api.Assumptions.abort("this computer has no IPv6 loopback address");
        }
        try (LoopbackReceiver localhost = LoopbackReceiver.open("localhost");
                LoopbackReceiver ipv4 = LoopbackReceiver.open("127.0.0.1")) {
            int localhostPort = localhost.redirectUri().getPort();
            int ipv4Port = ipv4.redirectUri().getPort();

            assertThat(get(URI.create("http://[::1]:" + localhostPort + "/?code=c&state=s")).statusCode()).isEqualTo(200);
            assertThat(localhost.answer().get().get("code")).containsExactly("c");
            try (java.net.Socket socket = new java.net.Socket()) {
                assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress("::1", ipv4Port), 2000))
                        .isInstanceOf(java.io.IOException.class);
            }
        }
    }
}
