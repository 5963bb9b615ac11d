package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link BearerChallenge}: the error a server sends as {@code 334 <base64 JSON>}, read as hostile input. */
class BearerChallengeTest {

    private static String reply(String json) {
        return "334 " + Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.ISO_8859_1)) + "\n";
    }

    @Test
    void readsGooglesRefusal() {
        assertThat(BearerChallenge.parse(reply("{\"status\":\"401\",\"schemes\":\"Bearer\",\"scope\":\"https://mail.google.com/\"}")))
                .contains(new BearerChallenge("401", "https://mail.google.com/"));
    }

    @Test
    void readsPrettyPrintedJsonAndNumbers() {
        assertThat(BearerChallenge.parse(reply("{\n\t\"status\" : 400,\r\n  \"scope\": \"https://outlook.office.com/SMTP.Send\"\n}")))
                .contains(new BearerChallenge("400", "https://outlook.office.com/SMTP.Send"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"403", "insufficient_scope", "INSUFFICIENT_SCOPE"})
    void aMissingPermissionIsAScopeProblem(String status) {
        BearerChallenge challenge = BearerChallenge.parse(reply("{\"status\":\"" + status + "\",\"scope\":\"s\"}"))
                .orElseThrow();

        assertThat(challenge.scopeMissing()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"401", "400", "invalid_token", "invalid_request"})
    void aRefusedTokenIsNoScopeProblem(String status) {
        BearerChallenge challenge = BearerChallenge.parse(reply("{\"status\":\"" + status + "\"}")).orElseThrow();

        assertThat(challenge.scopeMissing()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "334 ",                        // an empty prompt, as before XOAUTH2's two-line response
        "334 not*base64!",
        "334 e30=",                    // {}: names neither field
        "235 2.7.0 Accepted",
        "535 5.7.8 Username and Password not accepted",
        ""})
    void anythingElseHasNoDetails(String text) {
        assertThat(BearerChallenge.parse(text)).isEmpty();
        assertThat(BearerChallenge.parse(null)).isEmpty();
    }

    @Test
    void controlCharactersAndNonAsciiMeanNoDetails() {
        assertThat(BearerChallenge.parse(reply("{\"status\":\"401\u001b[2J\"}"))).isEmpty();
        assertThat(BearerChallenge.parse(reply("{\"status\":\"401\",\"scope\":\"caf\u00e9\"}"))).isEmpty();
        assertThat(BearerChallenge.parse(reply("{\"status\":\"401\"}\u0000"))).isEmpty();
    }

    @Test
    void anOversizedChallengeIsNotEvenDecoded() {
        String padding = "x".repeat(BearerChallenge.MAX_ENCODED_LENGTH);
        String big = reply("{\"status\":\"401\",\"pad\":\"" + padding + "\"}");

        assertThat(big.length()).isGreaterThan(BearerChallenge.MAX_ENCODED_LENGTH);
        assertThat(BearerChallenge.parse(big)).isEmpty();
    }

    @Test
    void fieldsAreCutTo200PrintableCharacters() {
        BearerChallenge challenge = BearerChallenge.parse(reply("{\"status\":\"401\",\"scope\":\"" + "a".repeat(300) + "\"}"))
                .orElseThrow();

        assertThat(challenge.scope()).hasSize(200);
    }

    @Test
    void anEscapedQuoteEndsNothingItShouldNot() {
        // A value with an escape is not read at all, rather than read wrongly.
        assertThat(BearerChallenge.parse(reply("{\"status\":\"401\",\"scope\":\"a\\\"b\"}")))
                .contains(new BearerChallenge("401", ""));
    }

    @Test
    void onlyTheFirstLineOfTheReplyCounts() {
        String twoLines = reply("{\"status\":\"401\"}").strip() + "\n334 " + "A".repeat(8) + "\n";

        assertThat(BearerChallenge.parse(twoLines)).contains(new BearerChallenge("401", ""));
    }

    @Test
    void aReplyWhoseFirstLineIsEmptyHasNoDetails() {
        assertThat(BearerChallenge.parse("\n" + reply("{\"status\":\"401\"}"))).isEmpty();
    }

    @Test
    void aChallengeOfExactlyTheLimitIsReadAndOneLongerIsNot() {
        String empty = "{\"status\":\"401\",\"pad\":\"\"}";
        String atLimit = reply("{\"status\":\"401\",\"pad\":\"" + "x".repeat(3072 - empty.length()) + "\"}");
        String overLimit = reply("{\"status\":\"401\",\"pad\":\"" + "x".repeat(3075 - empty.length()) + "\"}");

        assertThat(atLimit.strip()).hasSize("334 ".length() + BearerChallenge.MAX_ENCODED_LENGTH);
        assertThat(BearerChallenge.parse(atLimit)).contains(new BearerChallenge("401", ""));
        assertThat(overLimit.strip()).hasSize("334 ".length() + BearerChallenge.MAX_ENCODED_LENGTH + 4);
        assertThat(BearerChallenge.parse(overLimit)).isEmpty();
    }

    @Test
    void everyPrintableCharacterIsReadAndDeleteIsNot() {
        String printable = "https://example.com/~mail?a=1&b=[x]{y}|z^`'";

        assertThat(BearerChallenge.parse(reply("{\"status\":\"403\",\"scope\":\"" + printable + "\"}")))
                .contains(new BearerChallenge("403", printable));
        assertThat(BearerChallenge.parse(reply("{\"status\":\"403\",\"scope\":\"a\u007fb\"}"))).isEmpty();
    }
}
