package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import dev.otpverifier.testing.ScriptedSmtpServer;
import dev.otpverifier.testing.ScriptedSmtpServer.AuthScript;
import dev.otpverifier.testing.TestCertificate;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * XOAUTH2 against scripted servers on 127.0.0.1 (STARTTLS), for what no real test server does:
 * Gmail's {@code 334 <base64 JSON>} refusal, its command line limit, Microsoft 365's refusals of
 * password logins, servers without XOAUTH2, and servers that repeat the token.
 *
 * <p>Elapsed times are only checked against a generous bound, to catch a hang.
 */
class XOAuth2ScriptedIT {

    private static final String ACCOUNT = "kim@example.com";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Duration HANG = Duration.ofSeconds(20);
    /** subethasmtp's limit, and the order of Gmail's, which refused a line of about 1.4 KB. */
    private static final int GMAIL_LIKE_LINE_LIMIT = 998;

    private static DemoCertificate certificate;
    private static SSLContext serverTls;

    @BeforeAll
    static void makeCertificate() throws Exception {
        certificate = TestCertificate.localhost();
        serverTls = certificate.serverContext();
    }

    private static SmtpSettings settings(ScriptedSmtpServer server) {
        return SmtpSettings.of("127.0.0.1", server.port(), TransportSecurity.STARTTLS, "", "", ACCOUNT)
                .withTrustCertificate(certificate.certificate())
                .withTimeout(TIMEOUT)
                .withRetryBackoff(List.of(Duration.ofMillis(10)));
    }

    private static SmtpCodeSender sender(ScriptedSmtpServer server, FakeTokens tokens) {
        return new SmtpCodeSender(settings(server).withAccessTokens(tokens), Locale.ENGLISH, Clock.systemUTC());
    }

    private static XOAuth2Server gmailLike(String... accepted) {
        return new XOAuth2Server(ACCOUNT, Set.of(accepted), GMAIL_LIKE_LINE_LIMIT);
    }

    private static ScriptedSmtpServer start(AuthScript script) {
        return new ScriptedSmtpServer(serverTls, "LOGIN PLAIN XOAUTH2 PLAIN-CLIENTTOKEN OAUTHBEARER", script);
    }

    private static void send(ScriptedSmtpServer server, FakeTokens tokens) {
        try (SmtpCodeSender sender = sender(server, tokens)) {
            sender.send("bob@example.com", "123456", Duration.ofMinutes(10));
        }
    }

    /** Sends once, expecting a failure before the hang bound. */
    private static DeliveryException sendFails(ScriptedSmtpServer server, FakeTokens tokens) {
        long start = System.nanoTime();
        DeliveryException failure = catchThrowableOfType(DeliveryException.class, () -> send(server, tokens));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANG);
        assertThat(failure).as("the send must fail").isNotNull();
        return failure;
    }

    /** The token in every form in which it could slip out. */
    private static List<String> secretForms(String token) {
        Base64.Encoder base64 = Base64.getEncoder();
        return List.of(token, base64.encodeToString(token.getBytes(StandardCharsets.UTF_8)),
                base64.encodeToString(XOAuth2Transport.initialResponse(ACCOUNT, token).getBytes(StandardCharsets.UTF_8)));
    }

    /** Every message and stack trace line of a failure and its causes. */
    private static String everything(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }

    private static void neverMentionsAnotherMechanism(ScriptedSmtpServer server) {
        assertThat(server.commands()).filteredOn(c -> c.startsWith("AUTH"))
                .as("XOAUTH2 only: never PLAIN or LOGIN with the token as a password")
                .isNotEmpty().allMatch(c -> c.equals("AUTH XOAUTH2"));
    }

    @Test
    void aShortTokenGoesInlineAndTheCodeIsSent() throws Exception {
        String token = FakeTokens.googleLike(220, 1);
        XOAuth2Server auth = gmailLike(token);
        try (ScriptedSmtpServer server = start(auth)) {
            send(server, FakeTokens.of(ACCOUNT, token));

            assertThat(auth.exchanges()).singleElement().satisfies(exchange -> {
                assertThat(exchange.form()).isEqualTo(XOAuth2Server.Form.INLINE);
                assertThat(exchange.token()).isEqualTo(token);
                assertThat(exchange.account()).isEqualTo(ACCOUNT);
            });
            assertThat(server.messages()).singleElement().asString().contains("123456");
            neverMentionsAnotherMechanism(server);
            assertThat(server.commands()).containsSubsequence("STARTTLS", "AUTH XOAUTH2", "DATA");
        }
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {1100, 2048, 3000, 4600})
    void aLongTokenGoesOnItsOwnLineAfterThePrompt(int length) throws Exception {
        // Microsoft Entra tokens are JWTs of 1.5 to 3 KB, and since 2025 some exceed 4096 characters
        // (MailKit issue 1948); inline, they break a server's command line limit (angus-mail 201).
        String token = FakeTokens.jwtLike(length, length);
        XOAuth2Server auth = gmailLike(token);
        try (ScriptedSmtpServer server = start(auth)) {
            send(server, FakeTokens.of(ACCOUNT, token));

            assertThat(auth.exchanges()).singleElement().satisfies(exchange -> {
                assertThat(exchange.form()).isEqualTo(XOAuth2Server.Form.TWO_LINES);
                assertThat(exchange.token()).isEqualTo(token);
            });
            assertThat(server.messages()).hasSize(1);
            neverMentionsAnotherMechanism(server);
        }
    }

    @Test
    void theTwoLineFormStartsWhereTheCommandWouldPass512Octets() throws Exception {
        String longest = null;
        for (int length = 300; length < 400 && longest == null; length++) {
            if (!XOAuth2Transport.fitsOnOneLine(ACCOUNT, FakeTokens.googleLike(length + 1, 7))) {
                longest = FakeTokens.googleLike(length, 7);
            }
        }
        assertThat(longest).isNotNull();
        String oneMore = longest + "A";
        String inlineCommand = "AUTH XOAUTH2 " + Base64.getEncoder().encodeToString(
                XOAuth2Transport.initialResponse(ACCOUNT, longest).getBytes(StandardCharsets.UTF_8));
        assertThat(inlineCommand.length() + 2).isLessThanOrEqualTo(512);

        // A server that takes no line over 512 octets: the limit RFC 4954 section 4 holds clients to.
        XOAuth2Server strict = new XOAuth2Server(ACCOUNT, Set.of(longest, oneMore), 512);
        try (ScriptedSmtpServer server = start(strict)) {
            send(server, FakeTokens.of(ACCOUNT, longest));
            send(server, FakeTokens.of(ACCOUNT, oneMore));

            assertThat(strict.exchanges()).extracting(XOAuth2Server.Exchange::form)
                    .containsExactly(XOAuth2Server.Form.INLINE, XOAuth2Server.Form.TWO_LINES);
            assertThat(server.messages()).hasSize(2);
        }
    }

    @Test
    void aServerThatRefusesTheLongFormsFirstLineNeverGetsTheToken() throws Exception {
        String token = FakeTokens.jwtLike(1800, 19);
        String response = Base64.getEncoder().encodeToString(
                XOAuth2Transport.initialResponse(ACCOUNT, token).getBytes(StandardCharsets.UTF_8));
        AuthScript noSecondLine = (command, dialogue) -> dialogue.reply("504 5.5.4 Initial response required");
        try (ScriptedSmtpServer server = start(noSecondLine)) {
            DeliveryException failure = sendFails(server, FakeTokens.of(ACCOUNT, token));

            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).contains("The server said: \"504 5.5.4 Initial response required\"");
            assertThat(server.commands()).filteredOn(c -> c.startsWith("AUTH")).isNotEmpty()
                    .allMatch(c -> c.equals("AUTH XOAUTH2"));
            assertThat(server.commands()).noneMatch(c -> c.contains(response.substring(0, 40)));
            assertThat(server.messages()).isEmpty();
        }
    }

    /**
     * The token goes out only after the server's 334 prompt; any other answer to the bare
     * {@code AUTH XOAUTH2} line is the sign-in's answer as the server gave it, here an acceptance.
     */
    @Test
    void anAnswerOtherThanThePromptToTheLongFormsFirstLineStandsAndTheTokenStaysHome() throws Exception {
        String token = FakeTokens.jwtLike(1800, 20);
        String response = Base64.getEncoder().encodeToString(
                XOAuth2Transport.initialResponse(ACCOUNT, token).getBytes(StandardCharsets.UTF_8));
        AuthScript acceptsAtOnce = (command, dialogue) -> dialogue.reply("235 2.7.0 Accepted");
        try (ScriptedSmtpServer server = start(acceptsAtOnce)) {
            send(server, FakeTokens.of(ACCOUNT, token));

            assertThat(server.commands()).filteredOn(c -> c.startsWith("AUTH")).containsExactly("AUTH XOAUTH2");
            assertThat(server.commands()).noneMatch(c -> c.contains(response.substring(0, 40)));
            assertThat(server.messages()).hasSize(1);
        }
    }

    /** Only the XOAUTH2 command changes form: any other command goes out as it is, and its reply code comes back. */
    @Test
    void otherCommandsPassThroughTheTransportUnchanged() throws Exception {
        String token = FakeTokens.googleLike(200, 21);
        Properties props = new Properties();
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.auth.mechanisms", "XOAUTH2");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        props.put("mail.smtp.ssl.socketFactory",
                TlsSockets.context(Optional.of(certificate.certificate())).getSocketFactory());
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        for (String timeout : List.of("mail.smtp.connectiontimeout", "mail.smtp.timeout", "mail.smtp.writetimeout")) {
            props.put(timeout, Long.toString(TIMEOUT.toMillis()));
        }
        try (ScriptedSmtpServer server = start(gmailLike(token))) {
            XOAuth2Transport transport = new XOAuth2Transport(Session.getInstance(props),
                    new URLName("smtp", "127.0.0.1", server.port(), null, null, null));
            transport.connect("127.0.0.1", server.port(), ACCOUNT, token);
            try {
                assertThat(transport.simpleCommand("NOOP")).isEqualTo(250);
                assertThat(transport.simpleCommand("VRFY kim")).isEqualTo(500);
            } finally {
                transport.close();
            }

            assertThat(server.commands()).containsSubsequence("AUTH XOAUTH2", "NOOP", "VRFY kim");
        }
    }

    @Test
    void aRefusedTokenIsRenewedOnceAndTheRenewedOneSends() throws Exception {
        String stale = FakeTokens.googleLike(200, 2);
        String fresh = FakeTokens.googleLike(200, 3);
        XOAuth2Server auth = gmailLike(fresh);
        FakeTokens tokens = FakeTokens.of(ACCOUNT, stale, fresh);
        try (ScriptedSmtpServer server = start(auth)) {
            send(server, tokens);

            assertThat(tokens.rejected()).containsExactly(stale);
            assertThat(auth.exchanges()).extracting(XOAuth2Server.Exchange::token).containsExactly(stale, fresh);
            assertThat(auth.exchanges().get(0).answerToChallenge())
                    .as("the client answers the 334 challenge with an empty line, as the server expects").isEmpty();
            assertThat(server.count("STARTTLS")).as("the retry uses a new connection").isEqualTo(2);
            assertThat(server.messages()).hasSize(1);
            neverMentionsAnotherMechanism(server);
        }
    }

    @Test
    void aSecondRefusalSaysSignInAgainAfterExactlyOneRenewal() throws Exception {
        String stale = FakeTokens.jwtLike(1800, 4);
        String alsoStale = FakeTokens.jwtLike(1800, 5);
        XOAuth2Server auth = gmailLike();
        FakeTokens tokens = FakeTokens.of(ACCOUNT, stale, alsoStale, "never-asked-for-token");
        try (ScriptedSmtpServer server = start(auth)) {
            DeliveryException failure = sendFails(server, tokens);

            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).startsWith("The mail server 127.0.0.1 did not accept your sign-in: it may "
                    + "have expired or been withdrawn. Sign in again in Mail settings.")
                    .contains("The server said: \"535-5.7.8 Username and Password not accepted.");
            assertThat(tokens.renewals()).isEqualTo(1);
            assertThat(tokens.rejected()).containsExactly(stale);
            assertThat(auth.exchanges()).hasSize(2).allSatisfy(exchange -> {
                assertThat(exchange.form()).isEqualTo(XOAuth2Server.Form.TWO_LINES);
                assertThat(exchange.answerToChallenge()).isEmpty();
            });
            assertThat(server.messages()).isEmpty();
            neverMentionsAnotherMechanism(server);
            List<String> secrets = new ArrayList<>(secretForms(stale));
            secrets.addAll(secretForms(alsoStale));
            for (String secret : secrets) {
                assertThat(everything(failure)).doesNotContain(secret);
            }
        }
    }

    @Test
    void aMissingPermissionIsNamedAndNotRenewed() throws Exception {
        XOAuth2Server auth = gmailLike().challenge(
                "{\"status\":\"403\",\"schemes\":\"Bearer\",\"scope\":\"https://outlook.office.com/SMTP.Send\"}");
        FakeTokens tokens = FakeTokens.of(ACCOUNT, FakeTokens.jwtLike(1500, 6));
        try (ScriptedSmtpServer server = start(auth)) {
            DeliveryException failure = sendFails(server, tokens);

            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).startsWith("Your sign-in does not allow sending mail through 127.0.0.1 (the "
                    + "server asks for permission \"https://outlook.office.com/SMTP.Send\"). Sign in again in Mail "
                    + "settings and allow the app to send email.");
            assertThat(tokens.renewals()).as("a renewed token has the same permissions").isZero();
            assertThat(server.count("STARTTLS")).isEqualTo(1);
        }
    }

    @Test
    void aChallengeThatComesAgainEndsTheLoginWithoutAHang() throws Exception {
        XOAuth2Server auth = gmailLike().challengeAgain();
        FakeTokens tokens = FakeTokens.of(ACCOUNT, FakeTokens.googleLike(200, 8), FakeTokens.googleLike(200, 9));
        try (ScriptedSmtpServer server = start(auth)) {
            DeliveryException failure = sendFails(server, tokens);

            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).contains("Sign in again in Mail settings");
            assertThat(tokens.renewals()).isEqualTo(1);
        }
    }

    @Test
    void microsoftTurningSmtpAuthOffIsExplainedAndNotRenewed() throws Exception {
        XOAuth2Server auth = new XOAuth2Server(ACCOUNT, Set.of(), GMAIL_LIKE_LINE_LIMIT)
                .challenge("{\"status\":\"401\"}")
                .finalRefusal("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the "
                        + "Tenant. Visit https://aka.ms/smtp_auth_disabled for more information. [AM0PR01CA0001]");
        FakeTokens tokens = FakeTokens.of(ACCOUNT, FakeTokens.jwtLike(2200, 10));
        try (ScriptedSmtpServer server = start(auth)) {
            DeliveryException failure = sendFails(server, tokens);

            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).startsWith("Microsoft 365 does not allow sending through 127.0.0.1 for this "
                    + "mailbox: SMTP AUTH is turned off. Ask your mail administrator to turn on SMTP AUTH")
                    .contains("The server said: \"535 5.7.139 Authentication unsuccessful");
            assertThat(tokens.renewals()).isZero();
        }
    }

    /** Microsoft 365's answers to a password login where it takes none, as the server sends them. */
    @ParameterizedTest
    @ValueSource(strings = {
        "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit "
                + "https://aka.ms/smtp_auth_disabled for more information. [AM0PR01CA0001.eurprd01.prod.exchangelabs.com]",
        "535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [DB9PR02CA0001.eurprd02.prod]",
        "535 5.7.30 Basic authentication is not supported for Client Submission. [PH0PR03CA0001.namprd03.prod]"})
    void aPasswordMicrosoftNoLongerTakesIsExplained(String refusal) throws Exception {
        AuthScript microsoft = (command, dialogue) -> {
            dialogue.reply("334 VXNlcm5hbWU6");
            dialogue.readLine();
            dialogue.reply("334 UGFzc3dvcmQ6");
            dialogue.readLine();
            dialogue.reply(refusal);
        };
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(serverTls, "LOGIN XOAUTH2", microsoft);
                SmtpCodeSender sender = new SmtpCodeSender(SmtpSettings.of("127.0.0.1", server.port(),
                        TransportSecurity.STARTTLS, ACCOUNT, "correct-horse", ACCOUNT)
                        .withTrustCertificate(certificate.certificate()).withTimeout(TIMEOUT), Locale.ENGLISH,
                        Clock.systemUTC())) {
            DeliveryException failure = catchThrowableOfType(DeliveryException.class, sender::testConnection);

            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).startsWith("Microsoft no longer accepts a password for sending mail through "
                    + "127.0.0.1. Choose \"Microsoft account\" sign-in in Mail settings, or ask your mail administrator "
                    + "to turn on SMTP AUTH for this mailbox.")
                    .contains("The server said: \"" + refusal.substring(0, 40))
                    .doesNotContain("app password").doesNotContain("correct-horse");
            assertThat(server.commands()).contains("AUTH LOGIN").doesNotContain("AUTH XOAUTH2");
        }
    }

    @Test
    void aServerWithoutXOAuth2GetsNoLoginAndNoMessage() throws Exception {
        AuthScript anything = (command, dialogue) -> dialogue.reply("235 2.7.0 Accepted");
        FakeTokens tokens = FakeTokens.of(ACCOUNT, FakeTokens.googleLike(200, 11));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(serverTls, "PLAIN LOGIN", anything)) {
            DeliveryException failure = sendFails(server, tokens);

            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).isEqualTo("The mail server 127.0.0.1:" + server.port() + " does not offer "
                    + "sign-in with a Microsoft or Google account (XOAUTH2). Check the host and port in Mail settings, "
                    + "or sign in with a password instead.");
            assertThat(server.commands()).noneMatch(c -> c.startsWith("AUTH")).noneMatch(c -> c.startsWith("MAIL"));
            assertThat(tokens.renewals()).isZero();
        }
    }

    @Test
    void aServerOfferingNoLoginAtAllIsNotSentToUnsignedIn() throws Exception {
        AuthScript never = (command, dialogue) -> dialogue.reply("503 5.5.1 Not now");
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(serverTls, "", never)) {
            DeliveryException failure = sendFails(server, FakeTokens.of(ACCOUNT, FakeTokens.googleLike(200, 12)));

            assertThat(failure.getMessage()).contains("does not offer sign-in with a Microsoft or Google account");
            assertThat(server.commands()).contains("STARTTLS").noneMatch(c -> c.startsWith("MAIL"))
                    .noneMatch(c -> c.startsWith("AUTH"));
        }
    }

    @Test
    void aServerThatRepeatsTheTokenDoesNotGetItIntoTheMessage() throws Exception {
        String token = FakeTokens.jwtLike(1200, 13);
        String response = Base64.getEncoder().encodeToString(
                XOAuth2Transport.initialResponse(ACCOUNT, token).getBytes(StandardCharsets.UTF_8));
        AuthScript echo = (command, dialogue) -> {
            dialogue.reply("334 ");
            dialogue.readLine();
            dialogue.reply("535 5.7.8 Bad token " + token.substring(0, 150) + " in " + response.substring(0, 120));
        };
        FakeTokens tokens = FakeTokens.of(ACCOUNT, token);
        try (ScriptedSmtpServer server = start(echo)) {
            DeliveryException failure = sendFails(server, tokens);

            assertThat(failure.getMessage()).contains("The server said: \"535 5.7.8 Bad token (hidden) in (hidden)\"");
            for (String secret : secretForms(token)) {
                assertThat(everything(failure)).doesNotContain(secret.substring(0, 12));
            }
        }
    }

    @Test
    void aDeliveryExceptionFromTheTokenSourcePassesThroughUnchanged() throws Exception {
        DeliveryException signedOut = new DeliveryException(Reason.AUTHENTICATION,
                "You are signed out of your Microsoft account. Sign in again in Mail settings.", null);
        FakeTokens tokens = FakeTokens.of(ACCOUNT, "unused-token-value").failingWith(signedOut);
        try (ScriptedSmtpServer server = start(gmailLike())) {
            DeliveryException failure = sendFails(server, tokens);

            assertThat(failure).isSameAs(signedOut);
            assertThat(server.connections()).as("no token, no connection").isZero();
        }
    }

    @Test
    void aDeliveryExceptionWhileOpeningTheKeptConnectionReachesTheSendUnchanged() throws Exception {
        DeliveryException expired = new DeliveryException(Reason.AUTHENTICATION,
                "Your Google sign-in has expired. Sign in again in Mail settings.", null);
        FakeTokens tokens = FakeTokens.of(ACCOUNT, "unused-token-value").failingWith(expired);
        try (ScriptedSmtpServer server = start(gmailLike()); SmtpCodeSender sender = sender(server, tokens)) {
            // The token is asked for on the keeper's thread. A send during that attempt reports its
            // failure; a send after it has failed tries afresh: either way, the same exception.
            sender.prepare();

            DeliveryException failure = catchThrowableOfType(DeliveryException.class,
                    () -> sender.send("bob@example.com", "123456", Duration.ofMinutes(10)));

            assertThat(failure).isSameAs(expired);
            assertThat(tokens.fetches()).isBetween(1, 2);
            assertThat(server.connections()).isZero();
        }
    }

    @Test
    void aDeliveryExceptionFromTheRenewalPassesThroughUnchanged() throws Exception {
        DeliveryException unreachable = new DeliveryException(Reason.OTHER,
                "The Microsoft sign-in service could not be reached. Try again later.", null);
        FakeTokens tokens = FakeTokens.of(ACCOUNT, FakeTokens.googleLike(200, 14)).renewalFailingWith(unreachable);
        try (ScriptedSmtpServer server = start(gmailLike())) {
            assertThat(sendFails(server, tokens)).isSameAs(unreachable);
            assertThat(server.count("STARTTLS")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "line\r\nbreak", "ctrl\u0001field", "caf\u00e9"})
    void aTokenThatCannotGoIntoTheResponseIsRefusedBeforeConnecting(String token) throws Exception {
        try (ScriptedSmtpServer server = start(gmailLike())) {
            DeliveryException failure = sendFails(server, FakeTokens.of(ACCOUNT, token));

            assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
            assertThat(failure.getMessage()).isEqualTo("The sign-in gave an access token that cannot be sent to the mail "
                    + "server. Sign in again in Mail settings.");
            assertThat(server.connections()).isZero();
        }
    }

    @Test
    void aTemporaryRefusalIsRetriedButNotRenewed() throws Exception {
        String token = FakeTokens.googleLike(200, 15);
        List<String> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        AuthScript busyOnce = (command, dialogue) -> {
            if (answers.isEmpty()) {
                answers.add("454");
                dialogue.reply("454 4.7.0 Temporary authentication failure");
            } else {
                answers.add("235");
                dialogue.reply("235 2.7.0 Accepted");
            }
        };
        FakeTokens tokens = FakeTokens.of(ACCOUNT, token);
        try (ScriptedSmtpServer server = start(busyOnce)) {
            send(server, tokens);

            assertThat(answers).containsExactly("454", "235");
            assertThat(tokens.renewals()).isZero();
            assertThat(server.messages()).hasSize(1);
        }
    }

    @Test
    void theTraceShowsTheLoginButNeverTheToken() throws Exception {
        String shortToken = FakeTokens.googleLike(200, 16);
        String longToken = FakeTokens.jwtLike(2600, 17);
        String refused = FakeTokens.jwtLike(2600, 18);
        XOAuth2Server auth = gmailLike(shortToken, longToken);
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        try (ScriptedSmtpServer server = start(auth)) {
            for (FakeTokens tokens : List.of(FakeTokens.of(ACCOUNT, shortToken), FakeTokens.of(ACCOUNT, refused, longToken))) {
                try (SmtpCodeSender sender = new SmtpCodeSender(settings(server).withAccessTokens(tokens), Locale.ENGLISH,
                        Clock.systemUTC(), new PrintStream(trace, true, StandardCharsets.UTF_8))) {
                    sender.send("bob@example.com", "123456", Duration.ofMinutes(10));
                }
            }

            String shown = trace.toString(StandardCharsets.UTF_8);
            assertThat(shown).as("the trace is on").contains("STARTTLS", "XOAUTH2", "250 OK queued");
            assertThat(auth.exchanges()).extracting(XOAuth2Server.Exchange::form).containsExactly(
                    XOAuth2Server.Form.INLINE, XOAuth2Server.Form.TWO_LINES, XOAuth2Server.Form.TWO_LINES);
            for (String token : List.of(shortToken, longToken, refused)) {
                for (String secret : secretForms(token)) {
                    assertThat(shown).doesNotContain(secret);
                }
            }
            assertThat(shown).doesNotContain("123456");
        }
    }
}
