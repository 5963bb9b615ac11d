package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import dev.otpverifier.testing.TestCertificate;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.AuthenticationHandlerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * XOAUTH2 over STARTTLS against subethasmtp on 127.0.0.1, a real SMTP server that requires TLS and
 * a login (GreenMail has no STARTTLS). subethasmtp has no XOAUTH2 of its own; the handler below
 * adds it through its public {@link AuthenticationHandlerFactory}, with Google's refusal. Like
 * many servers, subethasmtp refuses lines of 998 characters or more, which is what makes the
 * two-line form necessary: a token can be sent after the prompt that would be refused inline.
 */
class XOAuth2StartTlsIT {

    private static final String ACCOUNT = "kim@example.com";
    /** subethasmtp's CRLFTerminatedReader refuses a line of this many characters or more. */
    private static final int SUBETHASMTP_LINE_LIMIT = 998;

    private SMTPServer server;
    private XOAuth2Handlers handlers;
    private final List<String> recipients = new CopyOnWriteArrayList<>();

    private SmtpSettings start(Set<String> accepted) throws Exception {
        DemoCertificate certificate = TestCertificate.localhost();
        handlers = new XOAuth2Handlers(accepted);
        server = SMTPServer.port(0)
                .bindAddress(InetAddress.getLoopbackAddress())
                .hostName("localhost")
                .enableTLS().requireTLS().requireAuth()
                .startTlsSocketFactory(certificate.serverContext())
                .authenticationHandlerFactory(handlers)
                .messageHandler((context, from, to, data) -> recipients.add(to))
                .connectionTimeout(30_000, TimeUnit.MILLISECONDS)
                .build();
        server.start();
        return SmtpSettings.of("127.0.0.1", server.getPortAllocated(), TransportSecurity.STARTTLS, "", "", ACCOUNT)
                .withTrustCertificate(certificate.certificate())
                .withTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static SmtpCodeSender sender(SmtpSettings settings, FakeTokens tokens) {
        return new SmtpCodeSender(settings.withAccessTokens(tokens), Locale.ENGLISH, Clock.systemUTC());
    }

    @Test
    void aCodeIsSentOverStartTlsSignedInWithTheToken() throws Exception {
        String token = FakeTokens.googleLike(200, 200);
        try (SmtpCodeSender sender = sender(start(Set.of(token)), FakeTokens.of(ACCOUNT, token))) {
            sender.send("bob@example.com", "123456", Duration.ofMinutes(10));
        }

        assertThat(recipients).containsExactly("bob@example.com");
        assertThat(handlers.forms).containsExactly("inline");
        assertThat(handlers.identities).containsExactly(ACCOUNT);
    }

    @Test
    void aTokenTooLongForTheServersCommandLineGoesAfterThePrompt() throws Exception {
        // The longest token whose response still fits on a line of its own, and not on the AUTH line.
        String token = null;
        for (int length = 760; length > 600 && token == null; length--) {
            String candidate = FakeTokens.jwtLike(length, 201);
            int response = encodedResponse(candidate).length();
            if (response < SUBETHASMTP_LINE_LIMIT) {
                token = candidate;
            }
        }
        assertThat(token).isNotNull();
        assertThat(("AUTH XOAUTH2 " + encodedResponse(token)).length())
                .as("inline, subethasmtp would refuse it").isGreaterThanOrEqualTo(SUBETHASMTP_LINE_LIMIT);

        try (SmtpCodeSender sender = sender(start(Set.of(token)), FakeTokens.of(ACCOUNT, token))) {
            sender.send("bob@example.com", "123456", Duration.ofMinutes(10));
        }

        assertThat(recipients).containsExactly("bob@example.com");
        assertThat(handlers.forms).containsExactly("two lines");
    }

    @Test
    void googlesRefusalIsAnsweredAndTheRenewedTokenSends() throws Exception {
        String stale = FakeTokens.googleLike(200, 202);
        String fresh = FakeTokens.googleLike(200, 203);
        FakeTokens tokens = FakeTokens.of(ACCOUNT, stale, fresh);
        try (SmtpCodeSender sender = sender(start(Set.of(fresh)), tokens)) {
            sender.send("bob@example.com", "123456", Duration.ofMinutes(10));
        }

        assertThat(recipients).containsExactly("bob@example.com");
        assertThat(tokens.rejected()).containsExactly(stale);
        assertThat(handlers.answersToChallenge).as("the empty line the server waits for").containsExactly("");
    }

    @Test
    void twoRefusalsSaySignInAgain() throws Exception {
        FakeTokens tokens = FakeTokens.of(ACCOUNT, FakeTokens.googleLike(200, 204), FakeTokens.googleLike(200, 205));
        SmtpSettings settings = start(Set.of());

        assertThatThrownBy(() -> {
            try (SmtpCodeSender sender = sender(settings, tokens)) {
                sender.testConnection();
            }
        }).isInstanceOfSatisfying(DeliveryException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(e.getMessage()).contains("Sign in again in Mail settings.");
        });
        assertThat(tokens.renewals()).isEqualTo(1);
        assertThat(handlers.answersToChallenge).containsExactly("", "");
    }

    @Test
    void theKeptConnectionIsSignedInAheadOfTheSend() throws Exception {
        String token = FakeTokens.jwtLike(700, 206);
        FakeTokens tokens = FakeTokens.of(ACCOUNT, token);
        try (SmtpCodeSender sender = sender(start(Set.of(token)), tokens)) {
            sender.prepare();
            for (int i = 0; i < 500 && !sender.isPrepared(); i++) {
                Thread.sleep(10);
            }
            assertThat(sender.isPrepared()).isTrue();
            assertThat(handlers.identities).containsExactly(ACCOUNT);

            sender.send("bob@example.com", "123456", Duration.ofMinutes(10));
        }

        assertThat(recipients).containsExactly("bob@example.com");
        assertThat(handlers.identities).as("the send needed no second login").hasSize(1);
        assertThat(tokens.fetches()).isEqualTo(1);
    }

    private static String encodedResponse(String token) {
        return Base64.getEncoder().encodeToString(
                XOAuth2Transport.initialResponse(ACCOUNT, token).getBytes(StandardCharsets.UTF_8));
    }

    /** XOAUTH2 for subethasmtp: Google's answers, and a record of what the client sent. */
    private static final class XOAuth2Handlers implements AuthenticationHandlerFactory {

        private static final String CHALLENGE = Base64.getEncoder().encodeToString(
                XOAuth2Server.GOOGLE_401.getBytes(StandardCharsets.US_ASCII));

        final Set<String> accepted;
        final List<String> forms = new CopyOnWriteArrayList<>();
        final List<String> identities = new CopyOnWriteArrayList<>();
        final List<String> answersToChallenge = new CopyOnWriteArrayList<>();

        XOAuth2Handlers(Set<String> accepted) {
            this.accepted = Set.copyOf(accepted);
        }

        @Override
        public List<String> getAuthenticationMechanisms() {
            return List.of("XOAUTH2");
        }

        @Override
        public AuthenticationHandler create() {
            return new AuthenticationHandler() {
                private boolean challenged;
                private String identity;

                @Override
                public Optional<String> auth(String clientInput, MessageContext context) throws RejectException {
                    if (challenged) {
                        answersToChallenge.add(clientInput);
                        throw new RejectException(535, "5.7.8 Username and Password not accepted.");
                    }
                    String response = clientInput;
                    if (clientInput.regionMatches(true, 0, "AUTH ", 0, 5)) {
                        String[] words = clientInput.strip().split(" +");
                        if (words.length < 3) {
                            forms.add("two lines");
                            return Optional.of("334 ");
                        }
                        forms.add("inline");
                        response = words[2];
                    }
                    String[] fields = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8)
                            .split("\u0001");
                    String user = fields[0].replaceFirst("^user=", "");
                    String token = fields.length > 1 ? fields[1].replaceFirst("^auth=Bearer ", "") : "";
                    if (ACCOUNT.equals(user) && accepted.contains(token)) {
                        identity = user;
                        identities.add(user);
                        return Optional.empty();
                    }
                    challenged = true;
                    return Optional.of("334 " + CHALLENGE);
                }

                @Override
                public Object getIdentity() {
                    return identity;
                }
            };
        }
    }
}
