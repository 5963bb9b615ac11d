package dev.otpverifier.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.otpverifier.otp.OtpPolicy;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWriterTest {

    @TempDir
    Path dir;

    private static SmtpConfig smtp(boolean passwordFromEnvironment) {
        return new SmtpConfig("smtp.example.com", 2525, Security.SSL, "me@example.com", "p@ss=wörd:#!",
                passwordFromEnvironment, null, Duration.ofSeconds(7), List.of(Duration.ofSeconds(2)),
                "me@example.com", "Ünïcode Sender");
    }

    @Test
    void writesAFileThatLoadsBackTheSame() throws IOException {
        OtpPolicy policy = OtpPolicy.defaults().withMaxAttemptsPerCode(3).withCodeValidity(Duration.ofMinutes(5))
                .withPreviousCodeValid(true);
        Path file = ConfigWriter.write(dir.resolve("sub/config.properties"), smtp(false), policy);

        AppConfig loaded = new ConfigLoader(Map.of()).load(file);

        assertThat(loaded.smtp()).isEqualTo(smtp(false));
        assertThat(loaded.policy()).isEqualTo(policy);
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void fileAndDirectoryAreReadableByTheOwnerOnly() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = ConfigWriter.write(dir.resolve("new/config.properties"), smtp(false), OtpPolicy.defaults());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aPasswordFromTheEnvironmentIsNeverWritten() throws IOException {
        Path file = ConfigWriter.write(dir.resolve("config.properties"), smtp(true), OtpPolicy.defaults());

        String text = Files.readString(file);
        assertThat(text).doesNotContain("p@ss").doesNotContain("smtp.password=").contains("OTP_SMTP_PASSWORD");
    }

    @Test
    void posixPermissionsWinWhereTheyExistAndAnAclOnlyWhereTheyDoNot() {
        assertThat(ConfigWriter.protection(Set.of("basic", "posix", "unix", "acl")::contains))
                .as("a POSIX system that also has lists (ZFS on Solaris)").isEqualTo(ConfigWriter.Protection.POSIX);
        assertThat(ConfigWriter.protection(Set.of("basic", "owner", "dos", "acl", "user")::contains))
                .as("NTFS on Windows").isEqualTo(ConfigWriter.Protection.OWNER_ONLY_ACL);
        assertThat(ConfigWriter.protection(Set.of("basic", "owner", "dos")::contains))
                .as("FAT on Windows").isEqualTo(ConfigWriter.Protection.NONE);
    }

    @Test
    void thisMachinesTemporaryDirectoryGetsPosixPermissions() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");

        assertThat(ConfigWriter.protection(Files.getFileStore(dir)::supportsFileAttributeView))
                .isEqualTo(ConfigWriter.Protection.POSIX);
    }

    /**
     * The list Windows gets. Setting it on a real file needs NTFS: Linux file systems have no
     * {@code AclFileAttributeView}, so that part is not tested here (see ConfigWriter's javadoc).
     */
    @Test
    void theWindowsAccessListHasOneEntryForTheOwnerAndInheritsNothing() throws IOException {
        UserPrincipal owner = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");

        List<AclEntry> acl = ConfigWriter.ownerOnlyAcl(owner);

        assertThat(acl).singleElement().satisfies(entry -> {
            assertThat(entry.type()).isEqualTo(AclEntryType.ALLOW);
            assertThat(entry.principal()).isEqualTo(owner);
            assertThat(entry.permissions()).as("the owner can still read, write, delete and change the list")
                    .containsExactlyInAnyOrder(AclEntryPermission.values());
            assertThat(entry.flags()).as("nothing passed on, nothing marked as inherited").isEmpty();
        });
    }
}
