package dev.otpverifier.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otpverifier.config.OAuthConfig;
import dev.otpverifier.config.OAuthConfig.Provider;
import dev.otpverifier.config.Security;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.ui.common.Tone;
import dev.otpverifier.ui.common.UiText;
import dev.otpverifier.ui.settings.SettingsForm.Field;
import dev.otpverifier.ui.settings.SettingsForm.Problem;
import dev.otpverifier.ui.settings.SignInForm.Identity;
import dev.otpverifier.ui.settings.SignInForm.Row;
import dev.otpverifier.ui.settings.SignInForm.SignInInput;
import dev.otpverifier.ui.settings.SignInForm.Status;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignInFormTest {

    private static final String CLIENT = "11111111-2222-3333-4444-555555555555";

    private static SignInInput microsoft() {
        return new SignInInput(SignInMethod.MICROSOFT, CLIENT, "", "", "");
    }

    private static SignInInput google() {
        return new SignInInput(SignInMethod.GOOGLE, "123-abc.apps.googleusercontent.com", "GOCSPX-secret", "", "");
    }

    private static List<Field> wrongFields(SignInInput input) {
        return SignInForm.problems(input).stream().map(Problem::field).toList();
    }

    // ---- rows -------------------------------------------------------------------------------------

    @Test
    void aPasswordLoginShowsThePasswordAndNoSignIn() {
        assertThat(SignInForm.rows(SignInMethod.PASSWORD)).containsExactly(Row.PASSWORD);
    }

    @Test
    void microsoftShowsTheTenantButNoSecret() {
        assertThat(SignInForm.rows(SignInMethod.MICROSOFT))
                .containsExactlyInAnyOrder(Row.CLIENT_ID, Row.TENANT, Row.ISSUER, Row.SIGN_IN)
                .doesNotContain(Row.PASSWORD, Row.CLIENT_SECRET);
    }

    @Test
    void googleShowsTheSecretButNoTenant() {
        assertThat(SignInForm.rows(SignInMethod.GOOGLE))
                .containsExactlyInAnyOrder(Row.CLIENT_ID, Row.CLIENT_SECRET, Row.ISSUER, Row.SIGN_IN)
                .doesNotContain(Row.PASSWORD, Row.TENANT);
    }

    // ---- methods offered --------------------------------------------------------------------------

    @Test
    void methodChoicesAreTheProvidersInOrder() {
        assertThat(SignInForm.methodChoices(MailProvider.OUTLOOK, SignInMethod.MICROSOFT))
                .containsExactly(SignInMethod.PASSWORD, SignInMethod.MICROSOFT);
        assertThat(SignInForm.methodChoices(MailProvider.YAHOO, SignInMethod.PASSWORD))
                .containsExactly(SignInMethod.PASSWORD);
    }

    @Test
    void theMethodInUseStaysAChoiceWhereTheServerIsNotKnownToTakeIt() {
        assertThat(SignInForm.methodChoices(MailProvider.YAHOO, SignInMethod.GOOGLE))
                .containsExactly(SignInMethod.PASSWORD, SignInMethod.GOOGLE);
        assertThat(SignInForm.methodChoices(MailProvider.GMAIL, SignInMethod.MICROSOFT))
                .containsExactly(SignInMethod.PASSWORD, SignInMethod.MICROSOFT, SignInMethod.GOOGLE);
    }

    @Test
    void aSignInKeepsAUserNameThatIsAnAddressOnly() {
        assertThat(SignInForm.usernameFor(SignInMethod.MICROSOFT, "alice@contoso.com")).isEqualTo("alice@contoso.com");
        assertThat(SignInForm.usernameFor(SignInMethod.GOOGLE, "alice")).isEmpty();
        assertThat(SignInForm.usernameFor(SignInMethod.MICROSOFT, "")).isEmpty();
        assertThat(SignInForm.usernameFor(SignInMethod.PASSWORD, "alice")).as("a password login takes any name")
                .isEqualTo("alice");
    }

    @Test
    void methodsKnowTheirProviderAndLabel() {
        assertThat(SignInMethod.PASSWORD.signsIn()).isFalse();
        assertThat(SignInMethod.PASSWORD.provider()).isEmpty();
        assertThat(SignInMethod.MICROSOFT.provider()).contains(Provider.MICROSOFT);
        assertThat(SignInMethod.GOOGLE.provider()).contains(Provider.GOOGLE);
        assertThat(SignInMethod.of(Optional.empty())).isEqualTo(SignInMethod.PASSWORD);
        assertThat(SignInMethod.of(Optional.of(new OAuthConfig(Provider.GOOGLE, "id", "s", "", ""))))
                .isEqualTo(SignInMethod.GOOGLE);
        assertThat(SignInMethod.PASSWORD.label()).isEqualTo("Password / app password");
        assertThat(SignInMethod.MICROSOFT).hasToString("Microsoft account");
        assertThat(SignInMethod.GOOGLE.label()).isEqualTo("Google account");
        assertThat(UiText.plain(SignInForm.signInKey(SignInMethod.MICROSOFT))).isEqualTo("Sign in with Microsoft…");
        assertThat(UiText.plain(SignInForm.signInKey(SignInMethod.GOOGLE))).isEqualTo("Sign in with Google…");
    }

    // ---- rules --------------------------------------------------------------------------------------

    @Test
    void rightSignInFieldsHaveNoProblem() {
        assertThat(SignInForm.problems(microsoft())).isEmpty();
        assertThat(SignInForm.problems(google())).isEmpty();
        assertThat(SignInForm.problems(new SignInInput(SignInMethod.MICROSOFT, " " + CLIENT + " ", "",
                "contoso.onmicrosoft.com", "https://login.microsoftonline.us/contoso/v2.0"))).isEmpty();
    }

    @Test
    void aPasswordLoginIgnoresTheSignInFields() {
        assertThat(SignInForm.problems(new SignInInput(SignInMethod.PASSWORD, "has space", "a\nb", "??", "ftp://x")))
                .isEmpty();
    }

    @Test
    void theClientIdIsRequired() {
        List<Problem> problems = SignInForm.problems(new SignInInput(SignInMethod.MICROSOFT, "  ", "", "", ""));
        assertThat(problems).map(Problem::field).containsExactly(Field.CLIENT_ID);
        assertThat(problems.get(0).text()).isEqualTo("Client ID: enter the client ID of your own app registration "
                + "(the README shows how to create one).");
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "tab\there", "ünïcode", "new\nline"})
    void aClientIdIsPrintableAsciiWithoutSpaces(String clientId) {
        assertThat(wrongFields(new SignInInput(SignInMethod.GOOGLE, clientId, "secret", "", "")))
                .containsExactly(Field.CLIENT_ID);
    }

    @Test
    void aClientIdOfAtMost256CharactersIsTaken() {
        assertThat(wrongFields(new SignInInput(SignInMethod.MICROSOFT, "a".repeat(256), "", "", ""))).isEmpty();
        assertThat(wrongFields(new SignInInput(SignInMethod.MICROSOFT, "a".repeat(257), "", "", "")))
                .containsExactly(Field.CLIENT_ID);
    }

    @Test
    void googleNeedsTheClientSecretAndMicrosoftDoesNot() {
        List<Problem> problems = SignInForm.problems(new SignInInput(SignInMethod.GOOGLE, "id", " ", "", ""));
        assertThat(problems).map(Problem::field).containsExactly(Field.CLIENT_SECRET);
        assertThat(problems.get(0).text()).startsWith("Client secret: ").contains("Google requires it");
        assertThat(wrongFields(new SignInInput(SignInMethod.GOOGLE, "id", "a\nb", "", "")))
                .containsExactly(Field.CLIENT_SECRET);
        assertThat(wrongFields(new SignInInput(SignInMethod.MICROSOFT, "id", "", "", ""))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"contoso.onmicrosoft.com,true", "common,true", "organizations,true",
            "0a1b2c3d-0000-1111-2222-333344445555,true", "'contoso com',false", "contoso/evil,false", "x?y,false"})
    void theTenantIsADomainOrAnIdAndOnlyMicrosoftsIsChecked(String tenant, boolean right) {
        assertThat(wrongFields(new SignInInput(SignInMethod.MICROSOFT, "id", "", tenant, "")))
                .isEqualTo(right ? List.of() : List.of(Field.TENANT));
        assertThat(wrongFields(new SignInInput(SignInMethod.GOOGLE, "id", "secret", tenant, ""))).as("Google has none")
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"https://login.microsoftonline.us/contoso/v2.0,true", "http://127.0.0.1:8080/default,true",
            "http://localhost:9000,true", "http://login.example.com,false", "ftp://login.example.com,false",
            "https://login.example.com/?tenant=x,false", "https://login.example.com/#x,false", "not a url,false"})
    void theIssuerIsHttpsOrPlainHttpOnThisComputer(String issuer, boolean right) {
        assertThat(wrongFields(new SignInInput(SignInMethod.MICROSOFT, "id", "", "", issuer)))
                .isEqualTo(right ? List.of() : List.of(Field.ISSUER));
    }

    @Test
    void everyWrongSignInFieldIsListedInFormOrder() {
        assertThat(wrongFields(new SignInInput(SignInMethod.MICROSOFT, "", "", "a b", "http://x.example")))
                .containsExactly(Field.CLIENT_ID, Field.TENANT, Field.ISSUER);
        assertThat(wrongFields(new SignInInput(SignInMethod.GOOGLE, "", "", "", "http://x.example")))
                .containsExactly(Field.CLIENT_ID, Field.CLIENT_SECRET, Field.ISSUER);
    }

    // ---- the settings they make ---------------------------------------------------------------------

    @Test
    void microsoftSettingsKeepTheTenantAndDropTheSecret() {
        OAuthConfig oauth = SignInForm.oauth(new SignInInput(SignInMethod.MICROSOFT, " " + CLIENT + " ", "typed once",
                " contoso.onmicrosoft.com ", " https://login.microsoftonline.us/contoso/v2.0 ")).orElseThrow();
        assertThat(oauth).isEqualTo(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "contoso.onmicrosoft.com",
                "https://login.microsoftonline.us/contoso/v2.0"));
    }

    @Test
    void googleSettingsKeepTheSecretAndDropTheTenant() {
        OAuthConfig oauth = SignInForm.oauth(new SignInInput(SignInMethod.GOOGLE, "id.apps.googleusercontent.com",
                " GOCSPX-secret ", "contoso", "")).orElseThrow();
        assertThat(oauth).isEqualTo(new OAuthConfig(Provider.GOOGLE, "id.apps.googleusercontent.com", "GOCSPX-secret",
                "", ""));
    }

    @Test
    void aPasswordLoginMakesNoSignInSettings() {
        assertThat(SignInForm.oauth(SignInInput.password())).isEmpty();
    }

    @Test
    void wrongSignInFieldsMakeNoSettings() {
        assertThatThrownBy(() -> SignInForm.oauth(new SignInInput(SignInMethod.GOOGLE, "id", "", "", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Client secret:");
    }

    @Test
    void theFieldsOfSettingsAreTheirSignIn() {
        OAuthConfig oauth = new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "contoso", "");
        SignInInput input = SignInInput.of(Optional.of(oauth));
        assertThat(input).isEqualTo(new SignInInput(SignInMethod.MICROSOFT, CLIENT, "", "contoso", ""));
        assertThat(SignInForm.oauth(input)).contains(oauth);
        assertThat(SignInInput.of(Optional.empty())).isEqualTo(SignInInput.password());
        assertThat(input.withMethod(SignInMethod.PASSWORD).clientId()).as("kept for switching back").isEqualTo(CLIENT);
    }

    @Test
    void theClientSecretIsNotPrinted() {
        assertThat(google().toString()).contains("clientSecret=(hidden)").doesNotContain("GOCSPX-secret");
        assertThat(microsoft().toString()).contains("clientSecret=(none)");
    }

    // ---- who a sign-in is for -----------------------------------------------------------------------

    @Test
    void anIdentityIsTheServerTheClientAndTheAccountWithoutCase() {
        Identity alice = Identity.of(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "", ""), "Alice@Contoso.com");
        assertThat(alice.tenant()).isEqualTo("common");
        assertThat(alice.account()).as("shown as signed in").isEqualTo("Alice@Contoso.com");
        assertThat(alice.sameAs(Identity.of(new OAuthConfig(Provider.MICROSOFT, CLIENT, "ignored", "Common", ""),
                "alice@contoso.com"))).isTrue();
        assertThat(alice.sameAs(Identity.of(new OAuthConfig(Provider.MICROSOFT, "other-client", "", "", ""),
                "alice@contoso.com"))).isFalse();
        assertThat(alice.sameAs(Identity.of(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "contoso.com", ""),
                "alice@contoso.com"))).isFalse();
        assertThat(alice.sameAs(Identity.of(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "",
                "https://login.microsoftonline.us/common/v2.0"), "alice@contoso.com"))).isFalse();
        assertThat(alice.sameAs(Identity.of(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "", ""),
                "bob@contoso.com"))).isFalse();
        assertThat(Identity.of(new OAuthConfig(Provider.GOOGLE, "id", "s", "contoso", ""), "a@gmail.com").tenant())
                .as("Google has no tenant").isEmpty();
    }

    @Test
    void settingsNameTheirSignInOnlyWithAnAccount() {
        OAuthConfig oauth = new OAuthConfig(Provider.GOOGLE, "id", "s", "", "");
        SmtpConfig signedIn = settings("me@gmail.com", oauth);
        assertThat(Identity.of(signedIn)).contains(Identity.of(oauth, "me@gmail.com"));
        assertThat(Identity.of(settings("", oauth))).isEmpty();
        assertThat(Identity.of(settings("me@gmail.com", null))).as("a password login").isEmpty();
    }

    private static SmtpConfig settings(String username, OAuthConfig oauth) {
        return new SmtpConfig("smtp.gmail.com", 587, Security.STARTTLS, username, "", false, null,
                Duration.ofSeconds(15), List.of(), "me@gmail.com", "Me", oauth);
    }

    // ---- the status line ----------------------------------------------------------------------------

    @Test
    void aSignInKnownForTheseSettingsIsShown() {
        Identity alice = Identity.of(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "", ""), "alice@contoso.com");
        Status known = new Status.SignedIn(alice, "your desktop keyring (Secret Service)");

        assertThat(SignInForm.shown(known, Optional.of(alice))).isEqualTo(known);
        assertThat(known.text()).isEqualTo(
                "Signed in as alice@contoso.com — kept in your desktop keyring (Secret Service).");
        assertThat(known.tone()).isEqualTo(Tone.SUCCESS);
        assertThat(known.busy()).isFalse();
    }

    @Test
    void aSignInKnownForOtherSettingsIsNoneForThese() {
        Identity alice = Identity.of(new OAuthConfig(Provider.MICROSOFT, CLIENT, "", "", ""), "alice@contoso.com");
        Identity otherClient = Identity.of(new OAuthConfig(Provider.MICROSOFT, "other", "", "", ""), "alice@contoso.com");
        Status known = new Status.SignedIn(alice, "memory");

        assertThat(SignInForm.shown(known, Optional.of(otherClient))).isEqualTo(new Status.NotSignedIn());
        assertThat(SignInForm.shown(known, Optional.empty())).isEqualTo(new Status.NotSignedIn());
        assertThat(SignInForm.shown(new Status.CheckFailed(alice, "locked"), Optional.of(otherClient)))
                .isEqualTo(new Status.NotSignedIn());
        Status failed = new Status.CheckFailed(alice, "The keyring is locked.");
        assertThat(SignInForm.shown(failed, Optional.of(alice))).isEqualTo(failed);
        assertThat(failed.text()).isEqualTo("Could not check the sign-in: The keyring is locked.");
        assertThat(failed.tone()).isEqualTo(Tone.ERROR);
    }

    @Test
    void notSignedInStaysSoAndAsksForAction() {
        Status none = new Status.NotSignedIn();
        assertThat(SignInForm.shown(none, Optional.empty())).isEqualTo(none);
        assertThat(none.text()).isEqualTo("Not signed in.");
        assertThat(none.tone()).isEqualTo(Tone.WARNING);
        assertThat(none.busy()).isFalse();
    }

    @Test
    void slowStepsAreBusyAndSaySo() {
        assertThat(new Status.Waiting().text()).isEqualTo("Waiting for you to sign in in your browser…");
        assertThat(new Status.Checking().text()).isEqualTo("Checking whether you are signed in…");
        assertThat(new Status.SigningOut().text()).isEqualTo("Signing out…");
        for (Status status : List.of(new Status.Waiting(), new Status.Checking(), new Status.SigningOut())) {
            assertThat(status.busy()).as(status.toString()).isTrue();
            assertThat(status.tone()).isEqualTo(Tone.INFO);
        }
    }
}
