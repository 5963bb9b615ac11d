package dev.otpverifier.auth;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What a person on a terminal must do to sign in (RFC 8628 section 3.3): open an address on any
 * device and enter a code there.
 *
 * @param address the verification address, always {@code https} (or loopback {@code http})
 * @param userCode the code to enter there, printable ASCII
 * @param expiresIn how long the code can be used
 */
public record DevicePrompt(URI address, String userCode, Duration expiresIn) {

    /** Checks that nothing is missing. */
    public DevicePrompt {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(userCode, "userCode");
        Objects.requireNonNull(expiresIn, "expiresIn");
    }
}
