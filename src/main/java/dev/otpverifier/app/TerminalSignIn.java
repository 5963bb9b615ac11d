package dev.otpverifier.app;

import dev.otpverifier.auth.BrowserSignIn;
import dev.otpverifier.auth.OAuthAccounts;
import dev.otpverifier.auth.OAuthSettings;
import dev.otpverifier.auth.SignInException;
import dev.otpverifier.auth.SignedIn;
import dev.otpverifier.config.AppConfig;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.console.ConsoleFlow;
import java.io.PrintStream;
import java.util.Optional;

/**
 * {@code --sign-in} and {@code --sign-out} on a terminal: the device grant where the provider allows
 * it (Microsoft: an address and a code for any device, so it works over SSH), otherwise the browser
 * sign-in with the address printed for a person to open.
 */
final class TerminalSignIn {

    private final SignIns signIns;
    private final PrintStream out;
    private final PrintStream err;

    TerminalSignIn(SignIns signIns, PrintStream out, PrintStream err) {
        this.signIns = signIns;
        this.out = out;
        this.err = err;
    }

    int run(Optional<AppConfig> config, boolean signOut) {
        Optional<SmtpConfig> smtp = config.map(AppConfig::smtp).filter(s -> s.oauthSettings().isPresent());
        if (smtp.isEmpty()) {
            err.println("The configuration does not sign in with Microsoft or Google (smtp.auth=oauth2), so there is "
                    + "nothing to sign " + (signOut ? "out of" : "in to") + ". See config.properties.example.");
            return ConsoleFlow.USAGE_ERROR;
        }
        SmtpConfig settings = smtp.get();
        String provider = settings.oauthSettings().get().provider().displayName();
        try {
            OAuthSettings oauth = SignIns.settingsFor(settings);
            OAuthAccounts accounts = signIns.accounts();
            if (signOut) {
                accounts.signOut(oauth, settings.username());
                out.println("Signed out: the " + provider + " sign-in of " + settings.username()
                        + " was removed from " + accounts.storeDescription() + ".");
                return ConsoleFlow.VERIFIED;
            }
            SignedIn signedIn;
            if (oauth.provider().supportsDeviceGrant()) {
                signedIn = accounts.signInOnTerminal(oauth, settings.username(), prompt -> {
                    out.println("To sign in with " + provider + ", open " + prompt.address() + " on any device and "
                            + "enter the code " + prompt.userCode() + " (valid for " + prompt.expiresIn().toMinutes()
                            + " minutes).");
                    out.println("Sign in as " + settings.username() + ". Waiting... (Ctrl+C to stop)");
                    out.flush();
                });
            } else {
                BrowserSignIn attempt = accounts.browserSignIn(oauth, settings.username());
                signedIn = attempt.run(signIns.browser(), address -> {
                    out.println("To sign in with " + provider + ", open this address in a browser on this computer "
                            + "(it is being opened for you if a browser is available):");
                    out.println(address);
                    out.println("Sign in as " + settings.username() + ". Waiting... (Ctrl+C to stop)");
                    out.flush();
                }, BrowserSignIn.DEFAULT_WAIT);
            }
            out.println("Signed in as " + signedIn.account() + ". The sign-in is kept in "
                    + signedIn.storeDescription() + ".");
            return ConsoleFlow.VERIFIED;
        } catch (SignInException e) {
            err.println(e.getMessage());
            return ConsoleFlow.SEND_FAILED;
        } catch (dev.otpverifier.otp.DeliveryException e) {
            err.println(e.getMessage());
            return ConsoleFlow.USAGE_ERROR;
        }
    }
}
