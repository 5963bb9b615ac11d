package dev.otpverifier.config;

import static dev.otpverifier.config.ConfigKeys.*;

import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Writes settings to a {@code config.properties} that only its owner can read.
 *
 * <p>The file is written to a temporary file in the same directory, made private before anything
 * is written to it, then moved into place (a move keeps its permissions), so no other user ever
 * sees a half-written or readable file. Private means: on a file system with POSIX permissions,
 * {@code rw-------} from the start; on one with access control lists and no POSIX permissions
 * (NTFS on Windows), an access control list with one entry, for the file's owner, in place of the
 * one the folder would pass on ({@link #ownerOnlyAcl}); elsewhere (FAT), nothing can be done. A
 * password that came from the environment variable is never written.
 *
 * <p>What the tests on Linux cannot show, because Linux file systems offer no
 * {@link AclFileAttributeView}: that Windows accepts the list and reports it back unchanged, and
 * that it adds no inherited entry to it. The list is set with {@link AclFileAttributeView#setAcl}
 * after the empty file was created, rather than given as an attribute at creation, because Windows
 * merges a folder's inheritable entries into a list given at creation unless the descriptor is
 * marked protected, which Java's API cannot do; {@code setAcl} writes the list as given. For the
 * same reason a later change to the folder's permissions that is pushed down to the files in it
 * (Explorer's "replace all child object permission entries", {@code icacls /reset /t}) can add
 * inherited entries again. The file's owner is taken from the new file itself: normally the user;
 * for an elevated administrator on a system set up that way, the Administrators group.
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
        if (smtp.oauthSettings().isPresent()) {
            OAuthConfig oauth = smtp.oauthSettings().get();
            values.put(SMTP_AUTH, "oauth2");
            values.put(OAUTH_PROVIDER, oauth.provider().key());
            values.put(OAUTH_CLIENT_ID, oauth.clientId());
            if (!oauth.clientSecret().isEmpty()) {
                values.put(OAUTH_CLIENT_SECRET, oauth.clientSecret());
            }
            if (!oauth.tenant().isEmpty()) {
                values.put(OAUTH_TENANT, oauth.tenant());
            }
            if (!oauth.issuer().isEmpty()) {
                values.put(OAUTH_ISSUER, oauth.issuer());
            }
        } else if (!smtp.passwordFromEnvironment()) {
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
        if (smtp.oauthSettings().isPresent()) {
            out.append("# The sender signs in with ").append(smtp.oauthSettings().get().provider().displayName())
                    .append("; the sign-in is kept in your credential store, not here.\n");
        } else if (smtp.passwordFromEnvironment()) {
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

    /** How a new file is kept from other users on a file system. */
    enum Protection {
        /** POSIX permissions {@code rw-------}, given at creation. */
        POSIX,
        /** An access control list for the owner only, set before anything is written (Windows). */
        OWNER_ONLY_ACL,
        /** The file system has neither (FAT): the file gets what the folder gives. */
        NONE
    }

    /**
     * Chooses the protection from the attribute views a file store supports.
     *
     * @param supportsView {@link FileStore#supportsFileAttributeView(String)} of the store
     */
    static Protection protection(Predicate<String> supportsView) {
        if (supportsView.test("posix")) {
            return Protection.POSIX;
        }
        return supportsView.test("acl") ? Protection.OWNER_ONLY_ACL : Protection.NONE;
    }

    /**
     * The access control list of a file that only {@code owner} may use: a single entry that allows
     * the owner everything (so that they can still change it), with no inheritance flags, and no
     * other entry: not for the folder's users, not for Administrators, not for SYSTEM.
     */
    static List<AclEntry> ownerOnlyAcl(UserPrincipal owner) {
        return List.of(AclEntry.newBuilder()
                .setType(AclEntryType.ALLOW)
                .setPrincipal(owner)
                .setPermissions(EnumSet.allOf(AclEntryPermission.class))
                .build());
    }

    private static Path createPrivateFile(Path directory, String prefix) throws IOException {
        FileStore store = Files.getFileStore(directory);
        return switch (protection(store::supportsFileAttributeView)) {
            case POSIX -> Files.createTempFile(directory, prefix, ".tmp",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            case OWNER_ONLY_ACL -> restrictToOwner(Files.createTempFile(directory, prefix, ".tmp"));
            case NONE -> Files.createTempFile(directory, prefix, ".tmp");
        };
    }

    /** Replaces the empty {@code file}'s access control list with {@link #ownerOnlyAcl}; deletes it on failure. */
    private static Path restrictToOwner(Path file) throws IOException {
        try {
            AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
            acl.setAcl(ownerOnlyAcl(acl.getOwner()));
            return file;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }
}
