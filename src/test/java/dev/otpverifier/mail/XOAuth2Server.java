package dev.otpverifier.mail;

import dev.otpverifier.testing.ScriptedSmtpServer.AuthScript;
import dev.otpverifier.testing.ScriptedSmtpServer.Dialogue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The XOAUTH2 side of a scripted server, modelled on Gmail's answers: takes the initial response
 * inline or after a {@code 334} prompt, accepts the tokens it is given, refuses any other with
 * {@code 334 <base64 JSON>} and, after the client's empty line, a final {@code 535}. Command lines
 * longer than its limit get Gmail's {@code 555-5.5.2} instead.
 *
 * <p>Records each exchange for the test to check. Thread safe.
 */
final class XOAuth2Server implements AuthScript {

    /** How a client sent its response. */
    enum Form { INLINE, TWO_LINES }

    /** One AUTH exchange as the server saw it. */
    record Exchange(String mechanism, Form form, String account, String token, String answerToChallenge) {
    }

    /** Google's challenge for a refused token. */
    static final String GOOGLE_401 = "{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}";

    private final String account;
    private final Set<String> accepted;
    private final int maxCommandLine;
    private volatile String challenge = GOOGLE_401;
    private volatile List<String> finalRefusal = List.of("535-5.7.8 Username and Password not accepted. For more "
            + "information, go to", "535 5.7.8  https://support.google.com/mail/?p=BadCredentials x1-2 - gsmtp");
    private volatile boolean challengeAgain;
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    /**
     * A server for {@code account} that accepts {@code accepted} tokens.
     *
     * @param maxCommandLine the longest command line it takes, CRLF included
     */
    XOAuth2Server(String account, Set<String> accepted, int maxCommandLine) {
        this.account = account;
        this.accepted = Set.copyOf(accepted);
        this.maxCommandLine = maxCommandLine;
    }

    /** Refuses with this JSON in the {@code 334} challenge. */
    XOAuth2Server challenge(String json) {
        challenge = json;
        return this;
    }

    /** Refuses with these final reply lines after the challenge. */
    XOAuth2Server finalRefusal(String... lines) {
        finalRefusal = List.of(lines);
        return this;
    }

    /** Answers the client's empty line with a second challenge instead of a final reply. */
    XOAuth2Server challengeAgain() {
        challengeAgain = true;
        return this;
    }

    /** Every exchange so far, in order. */
    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    @Override
    public void answer(String command, Dialogue dialogue) throws IOException {
        if (command.length() + 2 > maxCommandLine) {
            dialogue.reply("555-5.5.2 Syntax error, command line too long", "555 5.5.2 For more information, go to x");
            exchanges.add(new Exchange("(too long)", Form.INLINE, "", "", null));
            return;
        }
        String[] words = command.split(" ");
        String mechanism = words.length > 1 ? words[1] : "";
        if (!mechanism.equalsIgnoreCase("XOAUTH2")) {
            exchanges.add(new Exchange(mechanism, Form.INLINE, "", "", null));
            dialogue.reply("504 5.7.4 Unrecognized authentication type");
            return;
        }
        Form form = words.length > 2 ? Form.INLINE : Form.TWO_LINES;
        String response;
        if (form == Form.INLINE) {
            response = words[2];
        } else {
            dialogue.reply("334 ");
            response = dialogue.readLine();
            if (response == null) {
                return;
            }
        }
        String[] fields = new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\u0001");
        String user = fields[0].replaceFirst("^user=", "");
        String token = fields.length > 1 ? fields[1].replaceFirst("^auth=Bearer ", "") : "";
        if (user.equals(account) && accepted.contains(token)) {
            exchanges.add(new Exchange(mechanism, form, user, token, null));
            dialogue.reply("235 2.7.0 Accepted");
            return;
        }
        List<String> answers = new ArrayList<>();
        dialogue.reply("334 " + Base64.getEncoder().encodeToString(challenge.getBytes(StandardCharsets.US_ASCII)));
        answers.add(dialogue.readLine());
        if (challengeAgain) {
            dialogue.reply("334 " + Base64.getEncoder().encodeToString(challenge.getBytes(StandardCharsets.US_ASCII)));
            answers.add(dialogue.readLine());
        }
        exchanges.add(new Exchange(mechanism, form, user, token, String.join("|", answers)));
        dialogue.reply(finalRefusal.toArray(String[]::new));
    }
}
