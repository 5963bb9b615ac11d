package dev.otpverifier.bench;

import dev.otpverifier.mail.SmtpCodeSender;
import dev.otpverifier.mail.SmtpSettings;
import dev.otpverifier.mail.TransportSecurity;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Run in a fresh JVM by {@link Benchmarks}: measures the first send of that JVM and prints
 * {@code FIRST_SEND_MS <millis>}.
 *
 * <p>Arguments: {@code naive|ours host port username password certificate.pem}. For {@code ours} the
 * app's start-up path is imitated: warm-up and {@code prepare()} start in the background at once,
 * then, after a pause standing for the person typing their address (1.5 s), the send is timed.
 */
public final class FirstSend {

    private FirstSend() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String username = args[3];
        String password = args[4];
        Path certificate = Path.of(args[5]);
        double millis;
        if (mode.equals("naive")) {
            NaiveSender naive = new NaiveSender(host, port, username, password, trusting(certificate));
            long start = System.nanoTime();
            naive.send("first@example.com", "123456");
            millis = (System.nanoTime() - start) / 1e6;
        } else {
            SmtpSettings settings = SmtpSettings.of(host, port, TransportSecurity.STARTTLS, username, password,
                    "sender@example.com").withTrustCertificate(certificate);
            try (SmtpCodeSender sender = new SmtpCodeSender(settings, Locale.ENGLISH, Clock.systemUTC())) {
                Thread warmUp = new Thread(sender::warmUp, "warm-up");
                warmUp.start();
                sender.prepare();
                Thread.sleep(1_500);
                System.out.println("PREPARED_BEFORE_SEND " + sender.isPrepared());
                long start = System.nanoTime();
                sender.send("first@example.com", "123456", Duration.ofMinutes(10));
                millis = (System.nanoTime() - start) / 1e6;
            }
        }
        System.out.println("FIRST_SEND_MS " + millis);
    }

    static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (var in = java.nio.file.Files.newInputStream(pem)) {
            store.setCertificateEntry("server",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
