package dev.otpverifier.config;

import static dev.otpverifier.config.ConfigKeys.*;

import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes settings to a {@code config.properties} that only its owner can read.
 *
 * <p>The file is written to a temporary file in the same directory with POSIX permissions
 * {@code rw-------} from the start (where the file system has POSIX permissions), then moved into
 * place, so no other user ever sees a half-written or readable file. A password that came from the
 * environment variable is never written.
 */
public final class ConfigWriter {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private ConfigWriter() {
    }

    /**
     * Writes the settings and policy to {@code file}, replacing it.
     *
     * @return the file written
     * @throws IOException when the directory or file cannot be written
     */
    public static Path write(Path file, SmtpConfig smtp, OtpPolicy policy) throws IOException {
        replacePrivately(file, render(smtp, policy), ".config-");
        return file;
    }

    /**
     * Replaces {@code file} with {@code text} at once (a private temporary file moved over it), in a
     * directory made readable by the owner only; readers never see half a file.
     *
     * @param prefix the name prefix of the temporary file
     */
    static void replacePrivately(Path file, String text, String prefix) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        createPrivateDirectories(directory);
        Path temporary = createPrivateFile(directory, prefix);
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The text of the file. */
    static String render(SmtpConfig smtp, OtpPolicy policy) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(SMTP_HOST, smtp.host());
        values.put(SMTP_PORT, Integer.toString(smtp.port()));
        values.put(SMTP_SECURITY, smtp.security().key());
        values.put(SMTP_USERNAME, smtp.username());
        if (!smtp.passwordFromEnvironment()) {
            values.put(SMTP_PASSWORD, smtp.password());
        }
        values.put(SMTP_TRUST_CERTIFICATE, smtp.trustCertificateFile().map(Path::toString).orElse(""));
        values.put(SMTP_TIMEOUT_SECONDS, Long.toString(smtp.timeout().toSeconds()));
        values.put(SMTP_RETRY_BACKOFF_SECONDS, smtp.retryBackoff().stream()
                .map(pause -> Long.toString(pause.toSeconds())).collect(Collectors.joining(",")));
        values.put(MAIL_FROM, smtp.fromAddress());
        values.put(MAIL_FROM_NAME, smtp.fromName());
        values.put(OTP_CODE_VALIDITY_SECONDS, Long.toString(policy.codeValidity().toSeconds()));
        values.put(OTP_MAX_ATTEMPTS, Integer.toString(policy.maxAttemptsPerCode()));
        values.put(OTP_RESEND_COOLDOWN_SECONDS, Long.toString(policy.resendCooldown().toSeconds()));
        values.put(OTP_MAX_CODES_PER_WINDOW, Integer.toString(policy.maxCodesPerWindow()));
        values.put(OTP_CODES_WINDOW_SECONDS, Long.toString(policy.codesWindow().toSeconds()));
        values.put(OTP_LOCKOUT_FAILURES, Integer.toString(policy.maxFailuresPerLockWindow()));
        values.put(OTP_LOCKOUT_WINDOW_SECONDS, Long.toString(policy.lockWindow().toSeconds()));
        values.put(OTP_MAX_TRACKED_ADDRESSES, Integer.toString(policy.maxEntries()));
        values.put(OTP_PREVIOUS_CODE_VALID, Boolean.toString(policy.previousCodeValid()));

        StringBuilder out = new StringBuilder();
        out.append("# OTP Verifier configuration, written by the settings dialog.\n");
        out.append("# Every key is explained in config.properties.example.\n");
        if (smtp.passwordFromEnvironment()) {
            out.append("# The password comes from the environment variable ").append(PASSWORD_VARIABLE)
                    .append(" and is not stored here.\n");
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            out.append(entry.getKey()).append('=').append(escape(entry.getValue())).append('\n');
        }
        return out.toString();
    }

    /** Escapes a value exactly as {@link java.util.Properties#store} would, so that it reads back the same. */
    private static String escape(String value) {
        java.util.Properties single = new java.util.Properties();
        single.setProperty("k", value);
        StringWriter writer = new StringWriter();
        try {
            single.store(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : writer.toString().split("\\R")) {
            if (line.startsWith("k=")) {
                return line.substring(2);
            }
        }
        throw new AssertionError("Properties.store wrote no value line");
    }

    /** Makes {@code directory} and its missing parents readable by the owner only (where POSIX). */
    private static void createPrivateDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(directory);
        }
    }

    private static Path createPrivateFile(Path directory, String prefix) throws IOException {
        try {
            return Files.createTempFile(directory, prefix, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(directory, prefix, ".tmp");
        }
    }
}
