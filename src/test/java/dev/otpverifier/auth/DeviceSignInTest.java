package dev.otpverifier.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.auth.ScriptedAuthServer.Answer;
import dev.otpverifier.auth.SignInException.Problem;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The terminal sign-in (RFC 8628) against a scripted authorization server on 127.0.0.1. */
class DeviceSignInTest {

    private static final String ALICE = "alice@example.com";

    private ScriptedAuthServer server;
    private OAuthSettings settings;
    private final MemoryTokenStore store = new MemoryTokenStore();
    private final List<DevicePrompt> prompts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedAuthServer();
        settings = OAuthSettings.of(Provider.MICROSOFT, server.issuer(), "client-1", "").withTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Answer deviceCode(int interval, int expiresIn) {
        return Answer.json(200, "{\"device_code\":\"dev-123\",\"user_code\":\"ABCD-EFGH\",\"verification_uri\":"
                + "\"https://microsoft.com/devicelogin\",\"expires_in\":" + expiresIn + ",\"interval\":" + interval + "}");
    }

    private SignedIn signIn() {
        return new OAuthAccounts(store, Clock.systemUTC()).signInOnTerminal(settings, ALICE, prompts::add);
    }

    @Test
    void showsTheAddressAndCodeThenWaitsPatientlyAndSlowsDownWhenTold() {
        server.deviceAnswers.add(deviceCode(1, 600));
        server.tokenAnswers.add(Answer.error("authorization_pending"));
        server.tokenAnswers.add(Answer.error("slow_down"));
        server.tokenAnswers.add(Answer.tokens("access-1", "refresh-1", TokenRefreshTest.idToken(server.issuer(), ALICE)));
        long started = System.nanoTime();

        SignedIn signedIn = signIn();

        assertThat(signedIn.account()).isEqualTo(ALICE);
        assertThat(prompts).singleElement().satisfies(prompt -> {
            assertThat(prompt.address()).hasToString("https://microsoft.com/devicelogin");
            assertThat(prompt.userCode()).isEqualTo("ABCD-EFGH");
            assertThat(prompt.expiresIn()).isEqualTo(Duration.ofMinutes(10));
        });
        assertThat(server.tokenRequests).hasSize(3).allSatisfy(body -> assertThat(body)
                .contains("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code", "device_code=dev-123"));
        // 1 s, 1 s, then 1 + 5 s after slow_down: the interval was honoured, not hammered.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(8));
        assertThat(store.tokens).containsEntry(OAuthTokens.storeKey(settings, ALICE), "refresh-1");
    }

    @Test
    void aDeclinedSignInEndsWithThePlainReason() {
        server.deviceAnswers.add(deviceCode(1, 600));
        server.tokenAnswers.add(Answer.error("access_denied"));

        assertThatThrownBy(this::signIn).isInstanceOf(SignInException.class).hasMessageContaining("not allowed")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.DENIED);
        assertThat(store.tokens).isEmpty();
    }

    @Test
    void anExpiredCodeEndsTheWait() {
        server.deviceAnswers.add(deviceCode(1, 600));
        server.tokenAnswers.add(Answer.error("expired_token"));

        assertThatThrownBy(this::signIn).isInstanceOf(SignInException.class).hasMessageContaining("expired")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.CANCELLED);
    }

    @Test
    void theCodesOwnLifetimeBoundsTheWait() {
        server.deviceAnswers.add(deviceCode(1, 1));
        for (int i = 0; i < 5; i++) {
            server.tokenAnswers.add(Answer.error("authorization_pending"));
        }

        assertThatThrownBy(this::signIn).isInstanceOf(SignInException.class).hasMessageContaining("expired");
        assertThat(server.tokenRequests).hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void publicClientFlowsTurnedOffPointsToTheRegistrationSetting() {
        server.deviceAnswers.add(Answer.json(400, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000218: "
                + "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.\"}"));

        assertThatThrownBy(this::signIn).isInstanceOf(SignInException.class)
                .hasMessageContaining("AADSTS7000218").hasMessageContaining("Allow public client flows")
                .extracting(e -> ((SignInException) e).problem()).isEqualTo(Problem.MISCONFIGURED);
    }

    @Test
    void googleHasNoTerminalSignInForMail() {
        OAuthSettings google = OAuthSettings.of(Provider.GOOGLE, server.issuer(), "client-1", "secret");

        assertThatThrownBy(() -> new OAuthAccounts(store, Clock.systemUTC()).signInOnTerminal(google, ALICE, prompts::add))
                .isInstanceOf(SignInException.class).hasMessageContaining("Sign in from the window");
        assertThat(prompts).isEmpty();
    }

    @Test
    void aVerificationAddressWithoutHttpsIsNeverShown() {
        server.deviceAnswers.add(Answer.json(200, "{\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":"
                + "\"http://phish.example/login\",\"expires_in\":600,\"interval\":1}"));

        assertThatThrownBy(this::signIn).isInstanceOf(SignInException.class).hasMessageContaining("unusable address");
        assertThat(prompts).isEmpty();
    }

    @Test
    void anAddressWithCharactersATerminalWouldHideIsNeverShown() {
        server.deviceAnswers.add(Answer.json(200, "{\"device_code\":\"d\",\"user_code\":\"U\",\"verification_uri\":"
                + "\"https://microsoft.com/device\u202Elogin\",\"expires_in\":600,\"interval\":1}"));

        assertThatThrownBy(this::signIn).isInstanceOf(SignInException.class).hasMessageContaining("unusable address");
        assertThat(prompts).isEmpty();
    }

    @Test
    void aServerAskingForDaysIsHeldToHalfAnHour() {
        server.deviceAnswers.add(deviceCode(1, 999_999_999));
        server.tokenAnswers.add(Answer.error("expired_token"));

        assertThatThrownBy(this::signIn).isInstanceOf(SignInException.class).hasMessageContaining("expired");
        assertThat(prompts).singleElement().satisfies(p -> assertThat(p.expiresIn()).isEqualTo(Duration.ofMinutes(30)));
    }

    @Test
    void aCodeWithoutALifetimeIsNoDeviceCode() {
        // RFC 8628 3.2: expires_in is required, and a code that has already expired is of no use.
        server.deviceAnswers.add(deviceCode(1, 0));

        assertThatThrownBy(this::signIn).isInstanceOfSatisfying(SignInException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.SERVER_UNAVAILABLE);
            assertThat(e.getMessage()).contains("not a device code");
        });
        assertThat(prompts).isEmpty();
        assertThat(server.tokenRequests).isEmpty();
    }

    @Test
    void interruptingTheWaitCancels() throws Exception {
        server.deviceAnswers.add(deviceCode(30, 600));
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread waiting = new Thread(() -> {
            try {
                signIn();
            } catch (SignInException e) {
                thrown.add(e);
            }
        });
        waiting.start();
        while (prompts.isEmpty()) {
            Thread.sleep(20);
        }
        waiting.interrupt();
        waiting.join(5000);

        assertThat(thrown).singleElement().satisfies(e -> assertThat(((SignInException) e).problem())
                .isEqualTo(Problem.CANCELLED));
    }

    @Test
    void anIntervalOfZeroMeansTheDefaultFiveSeconds() {
        server.deviceAnswers.add(deviceCode(0, 600));
        server.tokenAnswers.add(Answer.error("access_denied"));
        long started = System.nanoTime();

        assertThatThrownBy(this::signIn).isInstanceOfSatisfying(SignInException.class,
                e -> assertThat(e.problem()).as(e.getMessage()).isEqualTo(Problem.DENIED));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("RFC 8628 3.5: five seconds unless told")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(server.tokenRequests).hasSize(1);
    }

    @Test
    void withoutAnExpectedAccountAnyAccountIsTaken() {
        server.deviceAnswers.add(deviceCode(1, 600));
        server.tokenAnswers.add(Answer.tokens("access-1", "refresh-1", TokenRefreshTest.idToken(server.issuer(),
                "bob@example.com")));

        SignedIn signedIn = new OAuthAccounts(store, Clock.systemUTC()).signInOnTerminal(settings, null, prompts::add);

        assertThat(signedIn.account()).isEqualTo("bob@example.com");
    }

    @Test
    void anInterruptedWaitKeepsTheInterrupt() throws Exception {
        server.deviceAnswers.add(deviceCode(30, 600));
        List<Boolean> stillInterrupted = new CopyOnWriteArrayList<>();
        Thread waiting = new Thread(() -> {
            try {
                signIn();
            } catch (SignInException e) {
                stillInterrupted.add(Thread.currentThread().isInterrupted());
            }
        });
        waiting.start();
        while (prompts.isEmpty()) {
            Thread.sleep(20);
        }
        waiting.interrupt();
        waiting.join(5000);

        assertThat(stillInterrupted).containsExactly(true);
    }
}
