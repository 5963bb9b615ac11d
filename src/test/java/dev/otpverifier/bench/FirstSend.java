package dev.otpverifier.bench;

import dev.otpverifier.app.SendRehearsal;
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
 * <p>Arguments: {@code naive|ours host port username password certificate.pem cache-directory}. For
 * {@code ours} the app's start-up path is imitated: warm-up, then the send rehearsal
 * ({@link SendRehearsal}, its certificate kept in the cache directory), and {@code prepare()} start
 * in the background at once; after a pause standing for the person typing their address (1.5 s),
 * the send is timed. Then, for {@code ours}, 20 warm pre-connected sends after 60 untimed ones are
 * printed ({@code WARM_SEND_MS}): a warm send with the window process's compiler settings, back to
 * back as in part 1; then 3 warm sends each after the same 1.5 s pause as the first
 * ({@code PAUSED_SEND_MS}).
 */
public final class FirstSend {

    /** Sends before and during the like-for-like warm figure, as part 1 of the benchmark does. */
    private static final int WARM_UP = 60;
    private static final int WARM_RUNS = 20;
    private static final int PAUSED_RUNS = 3;

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
            SendRehearsal rehearsal = new SendRehearsal(Clock.systemUTC());
            Path cache = Path.of(args[6]);
            try (SmtpCodeSender sender = new SmtpCodeSender(settings, Locale.ENGLISH, Clock.systemUTC())) {
                int[] rehearsed = new int[1];
                long[] rehearsalNanos = new long[1];
                Thread warmUp = new Thread(() -> {
                    sender.warmUp();
                    long begun = System.nanoTime();
                    rehearsed[0] = rehearsal.run(cache); // as the app's warm-up thread does after its warm-up
                    rehearsalNanos[0] = System.nanoTime() - begun;
                }, "warm-up");
                warmUp.start();
                sender.prepare();
                Thread.sleep(1_500);
                System.out.println("PREPARED_BEFORE_SEND " + sender.isPrepared());
                long start = System.nanoTime();
                rehearsal.stop(); // the app's services stop it when a real send begins, and do not wait for it
                sender.send("first@example.com", "123456", Duration.ofMinutes(10));
                millis = (System.nanoTime() - start) / 1e6;
                warmUp.join();
                System.out.println("REHEARSED " + rehearsed[0] + " " + rehearsalNanos[0] / 1e6);
                // Then warm sends in this JVM, with the window process's compiler settings, as part 1 (c)
                // measures them in the benchmark's own JVM: the like-for-like "warm" for this first send.
                for (int i = 0; i < WARM_UP + WARM_RUNS; i++) {
                    double warm = preparedSend(sender);
                    if (i >= WARM_UP) {
                        System.out.println("WARM_SEND_MS " + warm);
                    }
                }
                // And warm sends after the same pause as the first one: a person's sends are seconds apart,
                // and after a pause the threads and caches of both ends are cold again, whatever the JIT did.
                for (int i = 0; i < PAUSED_RUNS; i++) {
                    sender.prepare();
                    Thread.sleep(1_500);
                    long begun = System.nanoTime();
                    sender.send("bench@example.com", "123456", Duration.ofMinutes(10));
                    System.out.println("PAUSED_SEND_MS " + (System.nanoTime() - begun) / 1e6);
                }
            }
        }
        System.out.println("FIRST_SEND_MS " + millis);
    }

    /**
     * Prepares a connection, waits until it is ready (at most 2 s), then times one send on it: a warm
     * pre-connected send as the app makes it after the address became valid.
     *
     * @return the send's milliseconds
     */
    static double preparedSend(SmtpCodeSender sender) throws InterruptedException {
        sender.prepare();
        for (int wait = 0; wait < 1_000 && !sender.isPrepared(); wait++) {
            Thread.sleep(2);
        }
        long start = System.nanoTime();
        sender.send("bench@example.com", "123456", Duration.ofMinutes(10));
        return (System.nanoTime() - start) / 1e6;
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
