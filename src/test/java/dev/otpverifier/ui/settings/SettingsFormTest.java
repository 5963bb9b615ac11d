package dev.otpverifier.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.OAuthConfig.Provider;
import dev.otpverifier.config.Security;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.config.SmtpDraft;
import dev.otpverifier.ui.settings.SettingsForm.Field;
import dev.otpverifier.ui.settings.SettingsForm.Input;
import dev.otpverifier.ui.settings.SignInForm.Identity;
import dev.otpverifier.ui.settings.SignInForm.SignInInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFormTest {

    private static Input valid() {
        return new Input("smtp.gmail.com", "587", Security.STARTTLS, "me@gmail.com", "app-password", false, "",
                "15", "me@gmail.com", "OTP Verifier");
    }

    private static Input with(Input base, Field field, String value) {
        return new Input(field == Field.HOST ? value : base.host(), field == Field.PORT ? value : base.port(),
                base.security(), field == Field.USERNAME ? value : base.username(),
                field == Field.PASSWORD ? value : base.password(), base.passwordFromEnvironment(),
                field == Field.TRUST ? value : base.trust(), field == Field.TIMEOUT ? value : base.timeout(),
                field == Field.FROM ? value : base.from(), field == Field.FROM_NAME ? value : base.fromName());
    }

    private static Optional<Field> wrongField(Input input) {
        return SettingsForm.check(input).map(SettingsForm.Problem::field);
    }

    @Test
    void validInputMakesTheConfig() {
        assertThat(SettingsForm.check(valid())).isEmpty();
        SmtpConfig config = SettingsForm.toConfig(valid(), Optional.empty());
        assertThat(config.host()).isEqualTo("smtp.gmail.com");
        assertThat(config.port()).isEqualTo(587);
        assertThat(config.security()).isEqualTo(Security.STARTTLS);
        assertThat(config.username()).isEqualTo("me@gmail.com");
        assertThat(config.password()).isEqualTo("app-password");
        assertThat(config.passwordFromEnvironment()).isFalse();
        assertThat(config.trustCertificateFile()).isEmpty();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.retryBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(config.fromAddress()).isEqualTo("me@gmail.com");
        assertThat(config.fromName()).isEqualTo("OTP Verifier");
    }

    @Test
    void everyWrongFieldIsListedOnceInFormOrder() {
        Input broken = with(with(with(with(valid(), Field.FROM, "not an address"), Field.TIMEOUT, "0"),
                Field.PORT, "x"), Field.HOST, "");

        assertThat(SettingsForm.problems(broken)).map(SettingsForm.Problem::field)
                .containsExactly(Field.HOST, Field.PORT, Field.TIMEOUT, Field.FROM);
        assertThat(SettingsForm.check(broken)).isEqualTo(Optional.of(SettingsForm.problems(broken).get(0)));
        assertThat(SettingsForm.problems(valid())).isEmpty();
    }

    @Test
    void aWrongUserNameIsNamedAloneNotAlsoThePasswordAndFromThatFollowFromIt() {
        Input input = with(with(with(valid(), Field.USERNAME, "me\u0007@gmail.com"), Field.PASSWORD, ""), Field.FROM, "");

        assertThat(SettingsForm.problems(input)).map(SettingsForm.Problem::field).containsExactly(Field.USERNAME);
        assertThat(SettingsForm.problems(with(input, Field.USERNAME, "me@gmail.com"))).map(SettingsForm.Problem::field)
                .containsExactly(Field.PASSWORD);
    }

    @Test
    void severalProblemsAreShownOneALineAndEscaped() {
        assertThat(SettingsDialog.problemText(List.of())).isEqualTo(" ");
        SettingsForm.Problem port = new SettingsForm.Problem(Field.PORT, "must be a number.");
        assertThat(SettingsDialog.problemText(List.of(port))).isEqualTo(port.text());
        SettingsForm.Problem odd = new SettingsForm.Problem(Field.FROM, "<b>is</b> & wrong");

        String text = SettingsDialog.problemText(List.of(port, odd));

        assertThat(text).startsWith("<html>").endsWith("</html>")
                .contains(port.text() + "<br>")
                .contains("&lt;b&gt;is&lt;/b&gt; &amp; wrong")
                .doesNotContain("<b>");
    }

    @Test
    void eachWrongFieldIsNamed() {
        assertThat(wrongField(with(valid(), Field.HOST, ""))).contains(Field.HOST);
        assertThat(wrongField(with(valid(), Field.HOST, "smtp gmail.com"))).contains(Field.HOST);
        assertThat(wrongField(with(valid(), Field.PORT, ""))).contains(Field.PORT);
        assertThat(wrongField(with(valid(), Field.PORT, "0"))).contains(Field.PORT);
        assertThat(wrongField(with(valid(), Field.PORT, "65536"))).contains(Field.PORT);
        assertThat(wrongField(with(valid(), Field.PORT, "58x"))).contains(Field.PORT);
        assertThat(wrongField(with(valid(), Field.PASSWORD, ""))).contains(Field.PASSWORD);
        assertThat(wrongField(with(valid(), Field.PASSWORD, "a\nb"))).contains(Field.PASSWORD);
        assertThat(wrongField(with(valid(), Field.TRUST, "/no/such/file.pem"))).contains(Field.TRUST);
        assertThat(wrongField(with(valid(), Field.TIMEOUT, "0"))).contains(Field.TIMEOUT);
        assertThat(wrongField(with(valid(), Field.TIMEOUT, "601"))).contains(Field.TIMEOUT);
        assertThat(wrongField(with(valid(), Field.FROM, "not-an-address"))).contains(Field.FROM);
        assertThat(wrongField(with(valid(), Field.FROM_NAME, "x".repeat(101)))).contains(Field.FROM_NAME);
    }

    @Test
    void problemTextNamesTheField() {
        assertThat(SettingsForm.check(with(valid(), Field.PORT, "x")).orElseThrow().text())
                .startsWith("Port: ").contains("1 to 65535");
        assertThat(SettingsForm.check(with(valid(), Field.HOST, "")).orElseThrow().text())
                .startsWith("Server: ");
    }

    @Test
    void theFirstWrongFieldInFormOrderIsReported() {
        Input twoWrong = with(with(valid(), Field.TIMEOUT, "0"), Field.PORT, "0");
        assertThat(wrongField(twoWrong)).contains(Field.PORT);
    }

    @Test
    void emptyFromUsesTheUserNameWhenThatIsAnAddress() {
        Input input = with(valid(), Field.FROM, "");
        assertThat(SettingsForm.check(input)).isEmpty();
        assertThat(SettingsForm.toConfig(input, Optional.empty()).fromAddress()).isEqualTo("me@gmail.com");
        Input noAddress = with(input, Field.USERNAME, "me");
        assertThat(wrongField(noAddress)).contains(Field.FROM);
    }

    @Test
    void noLoginNeedsNoPassword() {
        Input relay = with(with(valid(), Field.USERNAME, ""), Field.PASSWORD, "");
        assertThat(SettingsForm.check(relay)).isEmpty();
        assertThat(SettingsForm.toConfig(relay, Optional.empty()).password()).isEmpty();
    }

    @Test
    void existingTrustFileIsAccepted(@TempDir Path directory) throws IOException {
        Path pem = Files.writeString(directory.resolve("server.pem"), "-----BEGIN CERTIFICATE-----\n");
        Input input = with(valid(), Field.TRUST, pem.toString());
        assertThat(SettingsForm.check(input)).isEmpty();
        assertThat(SettingsForm.toConfig(input, Optional.empty()).trustCertificateFile()).contains(pem);
    }

    @Test
    void environmentPasswordAndRetryPausesOfThePreviousSettingsAreKept() {
        SmtpConfig previous = new SmtpConfig("smtp.gmail.com", 587, Security.STARTTLS, "me@gmail.com",
                "from-env", true, null, Duration.ofSeconds(20), List.of(Duration.ofSeconds(2)), "me@gmail.com",
                "Me");
        Input input = SettingsForm.inputOf(previous);
        assertThat(input.password()).isEmpty();
        assertThat(input.passwordFromEnvironment()).isTrue();
        assertThat(SettingsForm.check(input)).isEmpty();
        SmtpConfig saved = SettingsForm.toConfig(input, Optional.of(previous));
        assertThat(saved.password()).isEqualTo("from-env");
        assertThat(saved.passwordFromEnvironment()).isTrue();
        assertThat(saved.retryBackoff()).containsExactly(Duration.ofSeconds(2));
        assertThat(saved.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(saved.toString()).doesNotContain("from-env");
    }

    @Test
    void blankFormStartsWithGmail() {
        Input blank = SettingsForm.blank();
        assertThat(blank.host()).isEqualTo("smtp.gmail.com");
        assertThat(blank.timeout()).isEqualTo("15");
        assertThat(wrongField(blank)).contains(Field.FROM);
    }

    @Test
    void toConfigRefusesWrongInput() {
        assertThatThrownBy(() -> SettingsForm.toConfig(with(valid(), Field.PORT, "x"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Port");
    }

    @Test
    void aBrokenFilesSettingsFillTheFormAndOnlyTheWrongValueIsNamed() {
        SmtpDraft draft = new SmtpDraft("mail.example.com", "abc", "ssl", "alice", "secret", false, "", "", "alice@example.com",
                "");
        Input input = SettingsForm.inputOf(draft);
        assertThat(input.host()).isEqualTo("mail.example.com");
        assertThat(input.port()).isEqualTo("abc");
        assertThat(input.security()).isEqualTo(Security.SSL);
        assertThat(input.username()).isEqualTo("alice");
        assertThat(input.password()).isEqualTo("secret");
        assertThat(input.timeout()).as("missing: the default").isEqualTo("15");
        assertThat(input.fromName()).as("missing: the default").isEqualTo("OTP Verifier");
        assertThat(SettingsForm.check(input)).map(SettingsForm.Problem::field).contains(Field.PORT);

        Input noPort = SettingsForm.inputOf(new SmtpDraft("mail.example.com", "", "starttls", "", "", true,
                "", "", "a@example.com", "Alice"));
        assertThat(noPort.port()).isEqualTo("587");
        assertThat(noPort.passwordFromEnvironment()).isTrue();
        assertThat(SettingsForm.check(noPort)).isEmpty();
    }

    @Test
    void aBrokenFileThatSignsInKeepsItsSignInFieldsInTheForm() {
        SmtpDraft draft = new SmtpDraft("smtp.office365.com", "587", "starttls", "alice@contoso.com", "", false, "",
                "abc", "alice@contoso.com", "", "OAuth2", "Microsoft", "client-1", "", "contoso.onmicrosoft.com", "");

        Input input = SettingsForm.inputOf(draft);

        assertThat(input.method()).isEqualTo(SignInMethod.MICROSOFT);
        assertThat(input.signIn().clientId()).isEqualTo("client-1");
        assertThat(input.signIn().tenant()).isEqualTo("contoso.onmicrosoft.com");
        assertThat(SettingsForm.check(input)).map(SettingsForm.Problem::field).contains(Field.TIMEOUT);
        assertThat(draft.toString()).contains("auth=OAuth2", "clientId=client-1");
    }

    @Test
    void aBrokenFileWithAnUnknownProviderOpensAsAPasswordLogin() {
        Input input = SettingsForm.inputOf(new SmtpDraft("h.example.com", "", "", "", "", false, "", "", "", "",
                "oauth2", "yahoo", "c", "", "", ""));

        assertThat(input.method()).isEqualTo(SignInMethod.PASSWORD);
    }

    @Test
    void theFileLineSaysWhetherTheFileIsThereYet() {
        Path file = Path.of("/home/ann/.config/otp-verifier/config.properties");

        assertThat(SettingsForm.fileLine(file, true))
                .isEqualTo("Settings file: /home/ann/.config/otp-verifier/config.properties");
        assertThat(SettingsForm.fileLine(file, false))
                .isEqualTo("Not saved yet: will be saved to /home/ann/.config/otp-verifier/config.properties");
        assertThat(SettingsForm.fileLine(Path.of("/tmp/a\u202Eb/config.properties"), true))
                .as("a direction override in a folder name is not obeyed").isEqualTo("Settings file: /tmp/a?b/config.properties");
    }

    // ---- signing in instead of a password -----------------------------------------------------------

    private static final SignInInput MICROSOFT = new SignInInput(SignInMethod.MICROSOFT, "client-1", "", "", "");

    /** Outlook with a Microsoft sign-in for alice, the password field left as typed before. */
    private static Input microsoft(String username, String from) {
        return new Input("smtp.office365.com", "587", Security.STARTTLS, username, "left-over", false, "", "15", from,
                "OTP Verifier", MICROSOFT);
    }

    @Test
    void aSignInMakesSettingsWithItsProviderAndNoPassword() {
        Input input = microsoft("alice@contoso.com", "");
        assertThat(SettingsForm.problems(input)).isEmpty();

        SmtpConfig config = SettingsForm.toConfig(input, Optional.empty());

        assertThat(config.oauthSettings()).contains(new OAuthConfig(Provider.MICROSOFT, "client-1", "", "", ""));
        assertThat(config.password()).as("the password typed before is not sent or saved").isEmpty();
        assertThat(config.passwordFromEnvironment()).isFalse();
        assertThat(config.username()).isEqualTo("alice@contoso.com");
        assertThat(config.fromAddress()).as("From defaults to the account").isEqualTo("alice@contoso.com");
        assertThat(config.host()).isEqualTo("smtp.office365.com");
        assertThat(config.retryBackoff()).isEqualTo(SettingsForm.DEFAULT_RETRY_BACKOFF);
    }

    @Test
    void beforeSigningInTheSettingsLogInAsTheFromAddressAsTheFileDoes() {
        SmtpConfig config = SettingsForm.toConfig(microsoft("", "alice@contoso.com"), Optional.empty());
        assertThat(config.username()).isEqualTo("alice@contoso.com");
        assertThat(config.oauthSettings()).isPresent();
    }

    @Test
    void aSignInNeedsNoPasswordButAFromAddress() {
        Input noFrom = new Input("smtp.office365.com", "587", Security.STARTTLS, "", "", false, "", "15", "", "Me",
                MICROSOFT);
        List<SettingsForm.Problem> problems = SettingsForm.problems(noFrom);
        assertThat(problems).map(SettingsForm.Problem::field).containsExactly(Field.FROM);
        assertThat(problems.get(0).text()).isEqualTo("From address: enter the sender address, or sign in: your "
                + "account fills it in.");
        assertThat(SettingsForm.check(with(with(valid(), Field.FROM, ""), Field.USERNAME, "me")).orElseThrow().text())
                .as("a password login has no account to fill it in")
                .isEqualTo("From address: enter the sender address, e.g. you@example.com.");
    }

    @Test
    void aSignInAccountMustBeAnAddress() {
        assertThat(SettingsForm.problems(microsoft("alice", "alice@contoso.com"))).map(SettingsForm.Problem::field)
                .containsExactly(Field.USERNAME);
        assertThat(SettingsForm.problems(microsoft("alice", "alice@contoso.com")).get(0).text())
                .isEqualTo("User name: must be the email address you sign in with.");
    }

    @Test
    void theSignInFieldsRulesApplyOnlyWithASignIn() {
        Input noClient = new Input("smtp.office365.com", "587", Security.STARTTLS, "alice@contoso.com", "", false, "",
                "15", "", "Me", new SignInInput(SignInMethod.MICROSOFT, "", "", "", ""));
        assertThat(SettingsForm.problems(noClient)).map(SettingsForm.Problem::field).containsExactly(Field.CLIENT_ID);
        Input password = new Input("smtp.office365.com", "587", Security.STARTTLS, "alice@contoso.com", "pw", false,
                "", "15", "", "Me", new SignInInput(SignInMethod.PASSWORD, "", "", "a b", ""));
        assertThat(SettingsForm.problems(password)).isEmpty();
        assertThat(SettingsForm.toConfig(password, Optional.empty()).oauthSettings()).isEmpty();
    }

    @Test
    void settingsThatSignInOpenAsTheySaveAgain() {
        SmtpConfig saved = new SmtpConfig("smtp.gmail.com", 587, Security.STARTTLS, "me@gmail.com", "", false, null,
                Duration.ofSeconds(20), List.of(Duration.ofSeconds(2)), "me@gmail.com", "Me",
                new OAuthConfig(Provider.GOOGLE, "id.apps.googleusercontent.com", "GOCSPX-s", "", ""));

        Input input = SettingsForm.inputOf(saved);

        assertThat(input.method()).isEqualTo(SignInMethod.GOOGLE);
        assertThat(input.password()).isEmpty();
        assertThat(input.signIn().clientSecret()).isEqualTo("GOCSPX-s");
        assertThat(SettingsForm.toConfig(input, Optional.of(saved))).isEqualTo(saved);
        assertThat(input.toString()).doesNotContain("GOCSPX-s");
    }

    @Test
    void aSignInCanStartWhileFieldsItDoesNotUseAreWrong() {
        Input unfinished = new Input("smtp.office365.com", "x", Security.SSL, "", "", false, "/no/such.pem", "0", "",
                "", MICROSOFT);
        assertThat(SettingsForm.problems(unfinished)).isNotEmpty();

        SmtpConfig candidate = SettingsForm.signInSettings(unfinished, Optional.empty());

        assertThat(candidate.oauthSettings()).contains(new OAuthConfig(Provider.MICROSOFT, "client-1", "", "", ""));
        assertThat(candidate.port()).as("the security's port").isEqualTo(465);
        assertThat(candidate.timeout()).isEqualTo(Duration.ofSeconds(SettingsForm.DEFAULT_TIMEOUT_SECONDS));
        assertThat(candidate.username()).isEmpty();
        assertThat(candidate.password()).isEmpty();
    }

    @Test
    void noSignInWithWrongSignInFieldsOrAPassword() {
        Input noClient = new Input("h", "587", Security.STARTTLS, "", "", false, "", "15", "", "",
                new SignInInput(SignInMethod.GOOGLE, "id", "", "", ""));
        assertThatThrownBy(() -> SettingsForm.signInSettings(noClient, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Client secret:");
        assertThatThrownBy(() -> SettingsForm.signInSettings(valid(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSignInMustBeForTheFromAddressWhenOneIsTyped() {
        assertThat(SettingsForm.expectedAccount(microsoft("", " bob@contoso.com "))).isEqualTo("bob@contoso.com");
        assertThat(SettingsForm.expectedAccount(microsoft("alice@contoso.com", ""))).as("any account, then filled in")
                .isEmpty();
        assertThat(SettingsForm.expectedAccount(microsoft("", "bob@"))).isEmpty();
    }

    @Test
    void theFieldsNameTheSavedSignInTheyWouldSendWith() {
        assertThat(SettingsForm.identity(microsoft("Alice@contoso.com", "")))
                .contains(Identity.of(new OAuthConfig(Provider.MICROSOFT, "client-1", "", "", ""), "Alice@contoso.com"));
        assertThat(SettingsForm.identity(microsoft("", "bob@contoso.com")).map(Identity::account))
                .as("the From address until someone signs in").contains("bob@contoso.com");
        assertThat(SettingsForm.identity(microsoft("", ""))).isEmpty();
        assertThat(SettingsForm.identity(valid())).as("a password login").isEmpty();
        assertThat(SettingsForm.identity(new Input("h", "587", Security.STARTTLS, "a@b.example", "", false, "", "15",
                "", "", new SignInInput(SignInMethod.MICROSOFT, "", "", "", "")))).as("no client ID").isEmpty();
    }
}
