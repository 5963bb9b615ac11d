package dev.otpverifier.app;

import dev.otpverifier.demo.DemoCertificate;
import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.mail.SmtpCodeSender;
import dev.otpverifier.otp.CodeSender;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends a few dummy messages through the app's own SMTP sender to a mail server inside the process,
 * before a person's first code, so that their first send runs compiled code.
 *
 * <p>Why: the first send of a process took about five times as long as a warm one (BENCHMARKS.md,
 * "The first send"). The cold part is not one-time loading, which {@link SmtpCodeSender#warmUp()}
 * does, but the send path itself (the SMTP commands, the message written through the SMTP and TLS
 * streams, the replies read) running in the interpreter until the JIT compiler has seen it often
 * enough. A person's first send cannot be repeated, so this rehearses it: {@link #MESSAGES} sends of
 * the same kind of message, over a connection opened, secured and logged in the same way, to a
 * {@link DemoMailServer#rehearsalSink} on 127.0.0.1.
 *
 * <p>Nothing of the person's is used or leaves the process: the sink has its own random login and a
 * certificate trusted by the rehearsal's sender alone ({@link DemoCertificate#keptIn}, kept in the
 * cache directory so that no start pays for a new key pair but the first), the address and the code
 * are dummies, and the sink keeps nothing. The real sender, its connection and the limits are not
 * touched.
 *
 * <p>A real send stops the rehearsal ({@link #stoppingOnSend}), so that it never competes with the
 * person's own send for more than one dummy message. Thread safe: {@link #run} on one background
 * thread, {@link #stop()} from any.
 */
public final class SendRehearsal {

    /**
     * How many dummy messages. Measured on two shared cores (BENCHMARKS.md, 7 JVMs each): the first
     * send took 12.1 ms median with none, 8.9 ms after 30, 5.2 ms after 100 and 5.6 ms after 250.
     * Most methods of the send path run once per message, and the client compiler takes a method
     * after about 200 calls; a hundred messages compile the parts that run per line and per byte,
     * which is where the time goes. The rehearsal takes about 0.4 s in the background, of which 0.12 s
     * is starting the server and the connection.
     */
    public static final int MESSAGES = 100;
    /** The folder of the cache directory that keeps the sink's certificate. */
    public static final String CERTIFICATE_FOLDER = "loopback-tls";

    static final String ADDRESS = "rehearsal@otp-verifier.localhost";
    static final String CODE = "000000";

    private static final Logger LOG = System.getLogger("dev.otpverifier.app");

    private final Clock clock;
    private final int messages;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();

    /** @param clock the clock of the dummy messages' Date header and of the certificate's expiry check */
    public SendRehearsal(Clock clock) {
        this(clock, MESSAGES);
    }

    /** For tests: a rehearsal of another length. */
    SendRehearsal(Clock clock, int messages) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.messages = messages;
    }

    /**
     * Runs the rehearsal on the calling thread, unless it was stopped. Never throws: a rehearsal that
     * fails leaves the first send as it would have been, and says so in the log at DEBUG.
     *
     * @param cacheDirectory the user's cache directory, made (owner only) if missing
     * @return how many dummy messages the sink accepted
     */
    public int run(Path cacheDirectory) {
        if (stopped.get()) {
            return 0;
        }
        int sent = 0;
        try {
            DemoCertificate certificate = keptCertificate(cacheDirectory, clock);
            try (DemoMailServer sink = DemoMailServer.rehearsalSink(certificate);
                    SmtpCodeSender sender = new SmtpCodeSender(DemoSession.settings(sink), Locale.getDefault(), clock)) {
                while (sent < messages && !stopped.get()) {
                    sender.send(ADDRESS, CODE, Duration.ofMinutes(10));
                    sent++;
                    this.sent.incrementAndGet();
                }
                // Only what the sink has accepted counts: a send that returns without a "250" is a bug.
                sent = Math.min(sent, sink.acceptedCount());
            }
            LOG.log(Level.DEBUG, "Send rehearsal: {0} messages", Integer.toString(sent));
        } catch (IOException | RuntimeException | ServiceConfigurationError | LinkageError e) {
            // A DeliveryException among them; an Error of a broken runtime must not print on the terminal
            // from a thread the person never asked for.
            LOG.log(Level.DEBUG, "Send rehearsal stopped after {0} messages: {1}", Integer.toString(sent),
                    e.getClass().getName());
        }
        return sent;
    }

    /** Stops the rehearsal after the message it is sending, if any; a later {@link #run} does nothing. */
    public void stop() {
        stopped.set(true);
    }

    /** How many dummy messages have gone so far, for tests that must stop a rehearsal under way. */
    int sentSoFar() {
        return sent.get();
    }

    /** Whether {@link #stop()} was called. */
    public boolean isStopped() {
        return stopped.get();
    }

    /** {@code sender} as it is, except that a send first stops this rehearsal. */
    CodeSender stoppingOnSend(CodeSender sender) {
        Objects.requireNonNull(sender, "sender");
        return new CodeSender() {
            @Override
            public void send(String address, String code, Duration validity) {
                stop();
                sender.send(address, code, validity);
            }

            @Override
            public void prepare() {
                sender.prepare();
            }

            @Override
            public boolean reachesTheMailbox() {
                return sender.reachesTheMailbox();
            }
        };
    }

    /**
     * The certificate kept in {@code cacheDirectory}, which is made first (owner only) if missing.
     * Also the demo server's, so that demo mode does not make a key pair at every start either.
     */
    static DemoCertificate keptCertificate(Path cacheDirectory, Clock clock) throws IOException {
        if (!Files.isDirectory(cacheDirectory, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(cacheDirectory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(cacheDirectory);
            }
        }
        return DemoCertificate.keptIn(cacheDirectory.resolve(CERTIFICATE_FOLDER), clock); // safe at the same time
    }
}
