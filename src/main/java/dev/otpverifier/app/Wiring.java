package dev.otpverifier.app;

import dev.otpverifier.config.AppConfig;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.mail.SmtpCodeSender;
import dev.otpverifier.mail.SmtpSettings;
import dev.otpverifier.mail.TransportSecurity;
import dev.otpverifier.otp.CodeSender;
import dev.otpverifier.otp.Codes;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.OtpPolicy;
import dev.otpverifier.otp.OtpService;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;

/** Builds the parts from a configuration; the one place that knows both {@code config} and {@code mail}. */
final class Wiring {

    private Wiring() {
    }

    static SmtpSettings smtpSettings(SmtpConfig config, SignIns signIns) {
        SmtpSettings settings = smtpSettings(config);
        return config.oauthSettings().isPresent() ? settings.withAccessTokens(signIns.tokens(config)) : settings;
    }

    static SmtpSettings smtpSettings(SmtpConfig config) {
        TransportSecurity security = switch (config.security()) {
            case STARTTLS -> TransportSecurity.STARTTLS;
            case SSL -> TransportSecurity.SSL;
        };
        return new SmtpSettings(config.host(), config.port(), security, config.username(), config.password(),
                config.trustCertificate(), config.timeout(), config.fromAddress(), config.fromName(),
                config.retryBackoff());
    }

    static SmtpCodeSender sender(SmtpConfig config, Clock clock, PrintStream mailDebug, SignIns signIns) {
        return new SmtpCodeSender(smtpSettings(config, signIns), Locale.getDefault(), clock, mailDebug);
    }

    static OtpService service(AppConfig config, CodeSender sender, Clock clock, LimitLedger ledger) {
        return service(sender, config.policy(), clock, ledger);
    }

    /**
     * The one place a service is made: real mail, demo mode and the terminal all come through here.
     *
     * @param ledger where the counts that protect each address are kept: the owner-only file in the
     *     state directory, so that a restart resets no limit
     */
    static OtpService service(CodeSender sender, OtpPolicy policy, Clock clock, LimitLedger ledger) {
        return new OtpService(sender, policy, clock, Codes.newRandom(), ledger);
    }
}
