package dev.otpverifier.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.config.Security;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MailProviderTest {

    @Test
    void presetsMatchTheProvidersDocumentedServers() {
        assertThat(MailProvider.GMAIL.host()).isEqualTo("smtp.gmail.com");
        assertThat(MailProvider.GMAIL.port()).isEqualTo(587);
        assertThat(MailProvider.GMAIL.security()).isEqualTo(Security.STARTTLS);
        assertThat(MailProvider.OUTLOOK.host()).isEqualTo("smtp.office365.com");
        assertThat(MailProvider.OUTLOOK.port()).isEqualTo(587);
        assertThat(MailProvider.YAHOO.host()).isEqualTo("smtp.mail.yahoo.com");
        assertThat(MailProvider.YAHOO.security()).isEqualTo(Security.SSL);
        assertThat(MailProvider.YAHOO.port()).isEqualTo(465);
        assertThat(MailProvider.ICLOUD.host()).isEqualTo("smtp.mail.me.com");
        assertThat(MailProvider.ICLOUD.port()).isEqualTo(587);
        assertThat(MailProvider.ZOHO.host()).isEqualTo("smtp.zoho.com");
        assertThat(MailProvider.ZOHO.security()).isEqualTo(Security.SSL);
        assertThat(MailProvider.FASTMAIL.host()).isEqualTo("smtp.fastmail.com");
        assertThat(MailProvider.FASTMAIL.port()).isEqualTo(465);
    }

    @Test
    void gmailHintMentionsAppPasswordTwoStepVerificationAndGoogleSignIn() {
        assertThat(MailProvider.GMAIL.hint())
                .isEqualTo("Gmail needs an app password (2-Step Verification on), or sign in with your Google account.");
    }

    @Test
    void outlookSignsInWithMicrosoftAndStillOffersAPassword() {
        assertThat(MailProvider.OUTLOOK.defaultSignIn()).isEqualTo(SignInMethod.MICROSOFT);
        assertThat(MailProvider.OUTLOOK.signInMethods()).containsExactly(SignInMethod.PASSWORD, SignInMethod.MICROSOFT);
        assertThat(MailProvider.OUTLOOK.hint()).startsWith("Sign in with your Microsoft account");
    }

    @Test
    void gmailKeepsTheAppPasswordAsDefaultAndOffersGoogleSignIn() {
        assertThat(MailProvider.GMAIL.defaultSignIn()).isEqualTo(SignInMethod.PASSWORD);
        assertThat(MailProvider.GMAIL.signInMethods()).containsExactly(SignInMethod.PASSWORD, SignInMethod.GOOGLE);
    }

    @ParameterizedTest
    @EnumSource(value = MailProvider.class, names = {"YAHOO", "ICLOUD", "ZOHO", "FASTMAIL"})
    void providersWithAppPasswordsOfferOnlyThePassword(MailProvider provider) {
        assertThat(provider.defaultSignIn()).isEqualTo(SignInMethod.PASSWORD);
        assertThat(provider.signInMethods()).containsExactly(SignInMethod.PASSWORD);
    }

    @Test
    void aCustomServerOffersEveryMethodAndStartsWithThePassword() {
        assertThat(MailProvider.CUSTOM.defaultSignIn()).isEqualTo(SignInMethod.PASSWORD);
        assertThat(MailProvider.CUSTOM.signInMethods()).containsExactly(SignInMethod.values());
    }

    @ParameterizedTest
    @EnumSource(MailProvider.class)
    void theDefaultMethodIsOneOfTheOffered(MailProvider provider) {
        assertThat(provider.signInMethods()).contains(provider.defaultSignIn());
    }

    @ParameterizedTest
    @EnumSource(MailProvider.class)
    void everyProviderHasALabelAndAOneLineHint(MailProvider provider) {
        assertThat(provider.label()).isNotBlank();
        assertThat(provider.hint()).isNotBlank().doesNotContain("\n");
        if (provider.fillsServer()) {
            assertThat(MailProvider.forHost(provider.host().toUpperCase(java.util.Locale.ROOT) + " ")).isEqualTo(provider);
        }
    }

    @Test
    void unknownHostsAreCustom() {
        assertThat(MailProvider.forHost("mail.example.org")).isEqualTo(MailProvider.CUSTOM);
        assertThat(MailProvider.forHost("")).isEqualTo(MailProvider.CUSTOM);
        assertThat(MailProvider.forHost(null)).isEqualTo(MailProvider.CUSTOM);
    }
}
