package dev.otpverifier.ui.settings;

import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.config.SmtpDraft;
import dev.otpverifier.otp.DeliveryException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;


/**
 * What the settings dialog needs from the rest of the app: the mail settings to show, checking
 * them, and saving them. The main window's {@code AppServices} extends it, and the {@code app}
 * package implements both; tests implement it with fakes.
 *
 * <p>Implementations must be thread safe: the dialog calls the slow methods (marked) from
 * background threads, and the rest from the event dispatch thread.
 */
public interface SettingsServices {

    /**
     * The configuration file in use, which {@link #saveAndApply} writes; where it will be created
     * when there is none yet (demo mode). Empty when the settings live in no file at all. The
     * settings dialog shows it, so that a person always knows which file decides where codes and
     * the password go.
     */
    default Optional<Path> settingsFile() {
        return Optional.empty();
    }

    /** The mail settings in use, to fill the settings dialog; empty in demo mode or without configuration. */
    Optional<SmtpConfig> smtpSettings();

    /**
     * While the configuration file is broken, its mail settings as written, so that the settings
     * dialog shows them and only the wrong value needs retyping; empty otherwise.
     */
    default Optional<SmtpDraft> settingsDraft() {
        return Optional.empty();
    }

    /**
     * Connects, secures the connection, checks the certificate and logs in; sends nothing. Slow:
     * call it off the event dispatch thread.
     *
     * @throws DeliveryException with a plain message when any step fails
     */
    void testConnection(SmtpConfig settings);

    /**
     * Sends one test message to the From address. Slow: call it off the event dispatch thread.
     *
     * @throws DeliveryException with a plain message when it fails
     */
    void sendTestMessage(SmtpConfig settings);

    /**
     * Writes the settings to the configuration file in use, or to the user's
     * {@code config.properties} when there is none (readable by the user only; a password that came
     * from the environment is not written), and switches to sending through them at once, leaving
     * demo mode. Slow: call it off the event dispatch thread.
     *
     * @return the file written
     * @throws IOException when the file cannot be written
     */
    Path saveAndApply(SmtpConfig settings) throws IOException;

    /**
     * Prepares a sign-in with the provider of {@code settings.oauthSettings()} (which must be
     * present); {@link SignInAttempt#await} runs it. Slow the first time (it opens the credential
     * store, which can take seconds): call it off the event dispatch thread.
     *
     * @param expectedAccount the From address the sign-in must be for, or empty to accept any account
     * @throws IllegalArgumentException when the sign-in settings are incomplete (no client ID)
     */
    SignInAttempt signIn(SmtpConfig settings, String expectedAccount);

    /**
     * Whether a sign-in is saved for {@code settings.username()} with the provider and client of
     * {@code settings.oauthSettings()}. Slow (reads the credential store): call it off the event
     * dispatch thread.
     *
     * @throws DeliveryException with a plain message when the credential store cannot be read
     */
    boolean isSignedIn(SmtpConfig settings);

    /**
     * Forgets the saved sign-in of {@code settings.username()}. Slow: call it off the event
     * dispatch thread.
     *
     * @throws DeliveryException with a plain message when the credential store refuses
     */
    void signOut(SmtpConfig settings);

    /**
     * Where sign-ins are kept, in plain words ("your desktop keyring (Secret Service)", or "a file
     * only you can read (PATH), because this computer has no credential store"), for the dialog to
     * say. Slow the first time (looks for the credential store): call it off the event dispatch thread.
     */
    String signInStore();
}
