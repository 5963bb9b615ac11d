package dev.otpverifier.ui;

import dev.otpverifier.config.ConfigException;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.config.SmtpDraft;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.OtpService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the window needs from the rest of the app. Implemented by the {@code app} package; tests
 * implement it with fakes.
 *
 * <p>Implementations must be thread safe: the window calls the slow methods (marked) from
 * background threads, and the rest from the event dispatch thread.
 */
public interface AppServices {

    /**
     * The service to request and verify codes with, or empty when the configuration could not be
     * loaded (see {@link #configProblem()}). It may change after {@link #saveAndApply}: read it
     * again for every action.
     */
    Optional<OtpService> otpService();

    /** Why there is no service: the configuration is missing keys or has wrong values. */
    Optional<ConfigException> configProblem();

    /**
     * Things in the configuration that did not stop it from loading, such as an unknown key with the
     * known key it probably meant, in plain words; empty when there is nothing to check.
     */
    default List<String> configWarnings() {
        return List.of();
    }

    /**
     * The configuration file in use, which {@link #saveAndApply} writes; where it will be created
     * when there is none yet (demo mode). Empty when the settings live in no file at all. The
     * settings dialog shows it, so that a person always knows which file decides where codes and
     * the password go.
     */
    default Optional<Path> settingsFile() {
        return Optional.empty();
    }

    /** Whether codes go to the built-in demo inbox instead of real mail. */
    boolean demoMode();

    /** The demo inbox, present in demo mode. */
    Optional<Inbox> inbox();

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

    /** Calls {@code listener} (on any thread) after the service or the mode changed. */
    void addChangeListener(Runnable listener);
}
