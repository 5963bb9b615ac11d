package dev.otpverifier.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate kept between starts for the servers the app runs on 127.0.0.1 for itself: made
 * once, used again while it lasts, made again when it does not, and never a way to touch a file it
 * did not make. Each key pair costs keytool a second or two, so the tests make as few as they can.
 */
class KeptCertificateIT {

    @TempDir
    Path cache;

    @Test
    void isMadeOnceOwnerOnlyAndUsedAgainUntilADayBeforeItExpires() throws Exception {
        Path folder = cache.resolve("loopback-tls");
        Instant now = Instant.now();

        DemoCertificate first = DemoCertificate.keptIn(folder, Clock.fixed(now, ZoneOffset.UTC));
        byte[] made = Files.readAllBytes(first.keyStore());
        DemoCertificate again = DemoCertificate.keptIn(folder, Clock.fixed(now.plus(Duration.ofDays(30)),
                ZoneOffset.UTC));

        assertThat(again.keyStore()).isEqualTo(first.keyStore());
        assertThat(Files.readAllBytes(again.keyStore())).as("used again, not made again").isEqualTo(made);
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(first.keyStore()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(first.certificate()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(entries()).as("no temporary folder left beside it").containsExactlyInAnyOrder(folder, lock());
        X509Certificate certificate = read(first.certificate());
        assertThat(certificate.getNotAfter().toInstant())
                .isBetween(now.plus(Duration.ofDays(DemoCertificate.KEPT_VALIDITY_DAYS - 1)),
                        now.plus(Duration.ofDays(DemoCertificate.KEPT_VALIDITY_DAYS + 1)));

        // keytool dates a new certificate by the system clock, so renewal itself is shown with a
        // certificate that is unusable for another reason (below); here, when it is due.
        Instant end = certificate.getNotAfter().toInstant();
        Duration renewal = DemoCertificate.KEPT_RENEWAL;
        assertThat(DemoCertificate.readKept(folder, Clock.fixed(end.minus(renewal).minus(Duration.ofHours(1)),
                ZoneOffset.UTC))).as("more than a week left").isPresent();
        assertThat(DemoCertificate.readKept(folder, Clock.fixed(end.minus(renewal).plus(Duration.ofHours(1)),
                ZoneOffset.UTC))).as("less than a week left: made again").isEmpty();
        assertThat(DemoCertificate.readKept(folder, Clock.fixed(now.minus(Duration.ofHours(2)), ZoneOffset.UTC)))
                .as("not valid yet").isEmpty();
    }

    @Test
    void aKeyStoreThatCannotBeReadIsMadeAgain() throws Exception {
        Path folder = cache.resolve("loopback-tls");
        DemoCertificate kept = DemoCertificate.keptIn(folder, Clock.systemUTC());
        Files.write(kept.keyStore(), new byte[] {0x30, 0x03, 0x02, 0x01, 0x03});

        DemoCertificate remade = DemoCertificate.keptIn(folder, Clock.systemUTC());

        assertThat(remade.serverContext()).isNotNull();
        assertThat(DemoCertificate.readKept(folder, Clock.systemUTC())).isPresent();
        assertThat(entries()).as("no temporary folder left beside it").containsExactlyInAnyOrder(folder, lock());
    }

    @Test
    void aStrayFileInTheFolderDoesNotStopItBeingMadeAgainOnce() throws Exception {
        Path folder = cache.resolve("loopback-tls");
        DemoCertificate kept = DemoCertificate.keptIn(folder, Clock.systemUTC());
        Files.writeString(folder.resolve(".DS_Store"), "a file manager's note");
        Files.write(kept.keyStore(), new byte[] {1, 2, 3});

        DemoCertificate remade = DemoCertificate.keptIn(folder, Clock.systemUTC());
        byte[] made = Files.readAllBytes(remade.keyStore());
        DemoCertificate next = DemoCertificate.keptIn(folder, Clock.systemUTC());

        assertThat(Files.readAllBytes(next.keyStore())).as("the next start uses it").isEqualTo(made);
        try (var entries = Files.list(cache)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("the old folder, set aside, keeps only the stray file; no key is left in it")
                    .filteredOn(name -> name.startsWith("loopback-tls.old-")).singleElement()
                    .satisfies(name -> assertThat(cache.resolve(name)).isDirectoryContaining("glob:**/.DS_Store")
                            .isDirectoryNotContaining("glob:**.p12").isDirectoryNotContaining("glob:**.pem"));
        }
    }

    @Test
    void aFolderOthersCanReadIsNotUsed() throws Exception {
        Path folder = cache.resolve("loopback-tls");
        DemoCertificate kept = DemoCertificate.keptIn(folder, Clock.systemUTC());
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(DemoCertificate.readKept(folder, Clock.systemUTC())).isEmpty();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(kept.keyStore(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(DemoCertificate.readKept(folder, Clock.systemUTC())).isEmpty();

        DemoCertificate.keptIn(folder, Clock.systemUTC());

        assertThat(DemoCertificate.readKept(folder, Clock.systemUTC())).isPresent();
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aCertificateForOtherNamesIsNotUsed() throws Exception {
        Path folder = Files.createDirectory(cache.resolve("loopback-tls"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DemoCertificate other = DemoCertificate.generate(folder, java.util.List.of("dns:localhost", "dns:mail.example"),
                DemoCertificate.KEPT_PASSWORD.clone(), 90);
        Files.setPosixFilePermissions(other.keyStore(), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(other.certificate(), PosixFilePermissions.fromString("rw-------"));

        assertThat(DemoCertificate.readKept(folder, Clock.systemUTC())).isEmpty();
        DemoCertificate remade = DemoCertificate.keptIn(folder, Clock.systemUTC());

        assertThat(read(remade.certificate()).getSubjectAlternativeNames().stream().map(entry -> String.valueOf(entry.get(1))))
                .containsExactlyInAnyOrder("localhost", "127.0.0.1");
    }

    @Test
    void twoThreadsAskingAtOnceGetTheSameOne() throws Exception {
        Path folder = cache.resolve("loopback-tls");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> DemoCertificate.keptIn(folder, Clock.systemUTC()));
            var second = pool.submit(() -> DemoCertificate.keptIn(folder, Clock.systemUTC()));

            assertThat(read(first.get().certificate())).isEqualTo(read(second.get().certificate()));
        } finally {
            pool.shutdownNow();
        }
        assertThat(entries()).containsExactlyInAnyOrder(folder, lock());
    }

    private java.util.List<Path> entries() throws IOException {
        try (var entries = Files.list(cache)) {
            return entries.toList();
        }
    }

    private Path lock() {
        return cache.resolve("loopback-tls.lock");
    }

    @Test
    void aCertificateThatIsNotTheKeyStoresOwnIsNotUsed() throws Exception {
        Path folder = cache.resolve("loopback-tls");
        DemoCertificate kept = DemoCertificate.keptIn(folder, Clock.systemUTC());
        Path other = Files.createDirectory(cache.resolve("other"));
        DemoCertificate stranger = DemoCertificate.generate(other);
        Files.copy(stranger.certificate(), kept.certificate(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThat(DemoCertificate.readKept(folder, Clock.systemUTC())).isEmpty();
        DemoCertificate remade = DemoCertificate.keptIn(folder, Clock.systemUTC());

        assertThat(read(remade.certificate())).isNotEqualTo(read(stranger.certificate()));
        assertThat(DemoCertificate.readKept(folder, Clock.systemUTC())).isPresent();
    }

    @Test
    void aLinkInItsPlaceIsNeitherFollowedNorRemoved() throws Exception {
        Path elsewhere = Files.createDirectory(cache.resolve("elsewhere"));
        Path file = Files.writeString(elsewhere.resolve("demo-server.pem"), "someone else's file");
        Path folder = Files.createSymbolicLink(cache.resolve("loopback-tls"), elsewhere);

        assertThatThrownBy(() -> DemoCertificate.keptIn(folder, Clock.systemUTC()))
                .isInstanceOf(IOException.class).hasMessageContaining("not a directory");

        assertThat(Files.isSymbolicLink(folder)).isTrue();
        assertThat(Files.readString(file)).isEqualTo("someone else's file");
        assertThat(entries()).as("no key pair made for nothing").containsExactlyInAnyOrder(folder, elsewhere, lock());
    }

    @Test
    void aServerOnAKeptCertificateLeavesItInPlaceWhenItStops() throws Exception {
        DemoCertificate kept = DemoCertificate.keptIn(cache.resolve("loopback-tls"), Clock.systemUTC());

        try (DemoMailServer sink = DemoMailServer.rehearsalSink(kept)) {
            assertThat(sink.certificateFile()).isEqualTo(kept.certificate());
        }
        try (DemoMailServer demo = DemoMailServer.start(Clock.systemUTC(), kept)) {
            assertThat(demo.isRunning()).isTrue();
        }

        assertThat(DemoCertificate.readKept(cache.resolve("loopback-tls"), Clock.systemUTC())).isPresent();
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
