package dev.otpverifier.config;

import dev.otpverifier.otp.OtpPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded configuration: mail settings, the code policy, where it came from and what looked odd.
 *
 * @param smtp the mail server settings
 * @param policy the code policy
 * @param source the file it was read from, or {@code null} when built in memory
 * @param warnings things that did not stop loading, such as unknown keys, in plain words
 */
public record AppConfig(SmtpConfig smtp, OtpPolicy policy, Path source, List<String> warnings) {

    /** Checks that nothing is missing. */
    public AppConfig {
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(policy, "policy");
        warnings = List.copyOf(warnings);
    }

    /** The file this configuration came from, if any. */
    public Optional<Path> sourceFile() {
        return Optional.ofNullable(source);
    }
}
