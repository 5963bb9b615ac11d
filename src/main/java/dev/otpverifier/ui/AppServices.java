package dev.otpverifier.ui;

import dev.otpverifier.config.ConfigException;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.ui.inbox.Inbox;
import dev.otpverifier.ui.settings.SettingsServices;
import java.util.List;
import java.util.Optional;

/**
 * What the window needs from the rest of the app. Implemented by the {@code app} package; tests
 * implement it with fakes. What the settings dialog needs is the part it extends,
 * {@link SettingsServices}, so that the dialog sees that part only.
 *
 * <p>Implementations must be thread safe: the window calls the slow methods (marked) from
 * background threads, and the rest from the event dispatch thread.
 */
public interface AppServices extends SettingsServices {

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

    /** Whether codes go to the built-in demo inbox instead of real mail. */
    boolean demoMode();

    /** The demo inbox, present in demo mode. */
    Optional<Inbox> inbox();

    /** Calls {@code listener} (on any thread) after the service or the mode changed. */
    void addChangeListener(Runnable listener);
}
