package dev.otpverifier.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.DeliveryException.Reason;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SmtpErrors} for refused logins, without a server: which words a person gets for a password
 * Microsoft 365 no longer takes and for each kind of refused sign-in, which refusals are worth a
 * renewed token, and {@link XOAuth2Transport}'s cutting of secrets out of replies.
 */
class SignInErrorsTest {

    private static final SmtpSettings PASSWORD = SmtpSettings.of("smtp.office365.com", 587, TransportSecurity.STARTTLS,
            "kim@example.com", "hunter2", "kim@example.com");
    private static final SmtpSettings OAUTH = PASSWORD.withPassword("")
            .withAccessTokens(FakeTokens.of("kim@example.com", "token-value-1"));

    private static DeliveryException translate(MessagingException failure, SmtpSettings settings) {
        return SmtpErrors.translate(failure, settings, "bob@example.com", Locale.ENGLISH);
    }

    private static SignInRefusedException refused(String reply) {
        return new SignInRefusedException(SignInRefusedException.Kind.REFUSED, reply, null);
    }

    private static SignInRefusedException refused(String reply, String status, String scope) {
        return new SignInRefusedException(SignInRefusedException.Kind.REFUSED, reply, new BearerChallenge(status, scope));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "535 5.7.30 Basic authentication is not supported for Client Submission.",
        "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.",
        "535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully.",
        "535 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox."})
    void aPasswordMicrosoftNoLongerTakesGetsTheWayOut(String reply) {
        DeliveryException failure = translate(new AuthenticationFailedException(reply), PASSWORD);

        assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(failure.getMessage()).startsWith("Microsoft no longer accepts a password for sending mail through "
                + "smtp.office365.com. Choose \"Microsoft account\" sign-in in Mail settings, or ask your mail "
                + "administrator to turn on SMTP AUTH for this mailbox. The server said: \"535 ")
                .doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"535 5.7.3 Authentication unsuccessful", "535 5.7.8 Error: authentication failed",
        "535 5.7.1390 made-up code"})
    void anyOtherRefusedPasswordIsStillAWrongPassword(String reply) {
        assertThat(translate(new AuthenticationFailedException(reply), PASSWORD).getMessage())
                .startsWith("The mail server smtp.office365.com refused the user name or password.");
    }

    @Test
    void aRefusedSignInSaysSignInAgainAndNeverMentionsPasswords() {
        DeliveryException failure = translate(refused("535 5.7.3 Authentication unsuccessful"), OAUTH);

        assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(failure.getMessage()).isEqualTo("The mail server smtp.office365.com did not accept your sign-in: it "
                + "may have expired or been withdrawn. Sign in again in Mail settings. The server said: \"535 5.7.3 "
                + "Authentication unsuccessful\"");
    }

    @Test
    void microsoftTurningSmtpAuthOffForASignInAsksForTheAdministrator() {
        DeliveryException failure = translate(refused("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication "
                + "is disabled for the Tenant."), OAUTH);

        assertThat(failure.getMessage()).startsWith("Microsoft 365 does not allow sending through smtp.office365.com for "
                + "this mailbox: SMTP AUTH is turned off.").contains("signing in again does not help");
    }

    @Test
    void aMissingPermissionNamesTheScopeMadePrintable() {
        DeliveryException failure = translate(refused("535 5.7.8 no", "403", "https://mail.google.com/\u001b[31m"),
                OAUTH);

        assertThat(failure.getMessage()).startsWith("Your sign-in does not allow sending mail through smtp.office365.com "
                + "(the server asks for permission \"https://mail.google.com/[31m\").");
    }

    @Test
    void noXOAuth2HasItsOwnWordsAndNoServerQuote() {
        DeliveryException failure = translate(
                new SignInRefusedException(SignInRefusedException.Kind.NOT_OFFERED, null, null), OAUTH);

        assertThat(failure.getMessage()).isEqualTo("The mail server smtp.office365.com:587 does not offer sign-in with a "
                + "Microsoft or Google account (XOAUTH2). Check the host and port in Mail settings, or sign in with a "
                + "password instead.");
    }

    @Test
    void onlyAPermanentRefusalOfTheTokenItselfIsWorthARenewal() {
        assertThat(SmtpErrors.isTokenRefused(refused("535 5.7.8 Username and Password not accepted."))).isTrue();
        assertThat(SmtpErrors.isTokenRefused(refused("535 5.7.8 no", "401", ""))).isTrue();
        assertThat(SmtpErrors.isTokenRefused(refused("535 5.7.8 no", "invalid_token", ""))).isTrue();

        assertThat(SmtpErrors.isTokenRefused(refused("535 5.7.8 no", "403", "s"))).as("scope").isFalse();
        assertThat(SmtpErrors.isTokenRefused(refused("454 4.7.0 Temporary authentication failure")))
                .as("temporary").isFalse();
        assertThat(SmtpErrors.isTokenRefused(refused("535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication "
                + "is disabled for the Tenant."))).as("policy").isFalse();
        assertThat(SmtpErrors.isTokenRefused(refused("[EOF]"))).as("hung up").isFalse();
        assertThat(SmtpErrors.isTokenRefused(
                new SignInRefusedException(SignInRefusedException.Kind.NOT_OFFERED, null, null))).isFalse();
        assertThat(SmtpErrors.isTokenRefused(new AuthenticationFailedException("535 5.7.8 password"))).isFalse();
    }

    @Test
    void secretsAreCutOutOfRepliesWholeOrInPart() {
        String token = FakeTokens.jwtLike(600, 1);
        String response = "dXNlcj1raW1AZXhhbXBsZS5jb20BYXV0aD1CZWFyZXIg" + token.substring(0, 40);
        String reply = "535 5.7.8 token " + token + " or a piece " + token.substring(300, 340) + " or the response "
                + response.substring(10, 50) + " end";

        String cut = XOAuth2Transport.withoutSecrets(reply, List.of(token, response));

        assertThat(cut).isEqualTo("535 5.7.8 token (hidden) or a piece (hidden) or the response (hidden) end");
    }

    @Test
    void repliesWithoutSecretsStayAsTheyAre() {
        String reply = "535-5.7.8 Username and Password not accepted. For more information, go to\n535 5.7.8 "
                + "https://support.google.com/mail/?p=BadCredentials";

        assertThat(XOAuth2Transport.withoutSecrets(reply, List.of(FakeTokens.googleLike(220, 2)))).isEqualTo(reply);
        assertThat(XOAuth2Transport.withoutSecrets(null, List.of("x"))).isNull();
    }

    @Test
    void aPieceOfASecretIsHiddenAtEitherEndOfAReply() {
        String token = FakeTokens.jwtLike(600, 3);

        assertThat(XOAuth2Transport.withoutSecrets("535 5.7.8 bad token " + token.substring(100, 112), List.of(token)))
                .isEqualTo("535 5.7.8 bad token (hidden)");
        assertThat(XOAuth2Transport.withoutSecrets(token.substring(200, 230) + " was refused", List.of(token)))
                .isEqualTo("(hidden) was refused");
        assertThat(XOAuth2Transport.withoutSecrets("535 " + token.substring(0, 11), List.of(token)))
                .as("shorter than a piece: too little of the secret to tell").isEqualTo("535 " + token.substring(0, 11));
    }

    @Test
    void aShortSecretIsHiddenWhole() {
        assertThat(XOAuth2Transport.withoutSecrets("535 token abc123 refused", List.of("abc123", "")))
                .isEqualTo("535 token (hidden) refused");
    }

    @Test
    void onlyTheFirst1000CharactersOfAReplyAreKept() {
        String reply = "535 " + "x".repeat(2000);

        assertThat(XOAuth2Transport.withoutSecrets(reply, List.of("secret-value-1"))).isEqualTo(reply.substring(0, 1000));
    }
}
