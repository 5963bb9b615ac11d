package dev.otpverifier.ui;

import dev.otpverifier.config.ConfigException;
import dev.otpverifier.config.Security;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.demo.DemoInbox;
import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.demo.ReceivedMessage;
import dev.otpverifier.mail.SmtpCodeSender;
import dev.otpverifier.mail.SmtpSettings;
import dev.otpverifier.mail.TransportSecurity;
import dev.otpverifier.otp.OtpPolicy;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.ui.inbox.Inbox;
import dev.otpverifier.ui.inbox.InboxMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@link AppServices} for window tests: an {@link OtpService} with the real
 * {@link SmtpCodeSender}, talking STARTTLS with a login to a {@link DemoMailServer} on loopback,
 * on a clock the test moves. Thread safe like the contract demands.
 */
final class TestAppServices implements AppServices, AutoCloseable {

    private static final Pattern CODE = Pattern.compile("\\b([0-9]{6})\\b");

    final MutableClock clock = new MutableClock(Instant.parse("2030-05-04T12:00:00Z"), ZoneId.of("UTC"));
    private final DemoMailServer server;
    private final OtpPolicy policy;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Path saveDirectory;
    private volatile OtpService service;
    private volatile SmtpConfig settings;
    private volatile ConfigException problem;
    private volatile List<String> warnings = List.of();
    private volatile boolean demo;
    private volatile Path saved;

    private TestAppServices(OtpPolicy policy) {
        this.policy = policy;
        try {
            this.server = DemoMailServer.start(clock);
            this.saveDirectory = Files.createTempDirectory("otp-ui-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Real sending through the loopback server, with correct settings. */
    static TestAppServices working() {
        return working(OtpPolicy.defaults());
    }

    /** Real sending through the loopback server, with correct settings and {@code policy}. */
    static TestAppServices working(OtpPolicy policy) {
        TestAppServices services = new TestAppServices(policy);
        services.apply(services.correctSettings());
        return services;
    }

    /** Like {@link #working()}, but sending with {@code settings} made from the correct ones. */
    static TestAppServices sendingWith(java.util.function.UnaryOperator<SmtpConfig> change) {
        TestAppServices services = new TestAppServices(OtpPolicy.defaults());
        services.apply(change.apply(services.correctSettings()));
        return services;
    }

    /** Demo mode: codes go to the loopback server, whose messages form the inbox. */
    static TestAppServices demo() {
        TestAppServices services = working();
        services.demo = true;
        services.settings = null;
        return services;
    }

    /** Like {@link #working()}, with configuration warnings such as an unknown key. */
    static TestAppServices workingWithWarnings(List<String> warnings) {
        TestAppServices services = working();
        services.warnings = List.copyOf(warnings);
        return services;
    }

    /** No service: the configuration has {@code problems}. */
    static TestAppServices brokenConfiguration(ConfigException problems) {
        TestAppServices services = new TestAppServices(OtpPolicy.defaults());
        services.problem = problems;
        return services;
    }

    /** Settings that reach the loopback server: STARTTLS, its login, its certificate. */
    SmtpConfig correctSettings() {
        return new SmtpConfig(server.host(), server.port(), Security.STARTTLS, server.username(), server.password(),
                false, server.certificateFile(), Duration.ofSeconds(5), List.of(), "sender@example.com",
                "OTP Verifier test");
    }

    DemoMailServer server() {
        return server;
    }

    Optional<Path> savedFile() {
        return Optional.ofNullable(saved);
    }

    /** Waits until the server holds {@code count} messages and returns the newest one's code. */
    String awaitCode(int count) throws InterruptedException {
        if (!server.inbox().awaitCount(count, 20, TimeUnit.SECONDS)) {
            throw new AssertionError("the mail server did not receive message " + count + " within 20 s");
        }
        ReceivedMessage newest = server.inbox().messages().get(0);
        Matcher matcher = CODE.matcher(newest.subject());
        if (!matcher.find()) {
            throw new AssertionError("no code in the subject of the newest message");
        }
        return matcher.group(1);
    }

    private void apply(SmtpConfig config) {
        settings = config;
        SmtpCodeSender sender = new SmtpCodeSender(toSettings(config), Locale.ENGLISH, clock);
        // Like the app: the same counts and locks, but the codes of the old settings stop working.
        service = service == null ? new OtpService(sender, policy, clock, new SecureRandom())
                : service.withSender(sender);
        problem = null;
        demo = false;
    }

    private static SmtpSettings toSettings(SmtpConfig config) {
        TransportSecurity security = config.security() == Security.SSL ? TransportSecurity.SSL
                : TransportSecurity.STARTTLS;
        return new SmtpSettings(config.host(), config.port(), security, config.username(), config.password(),
                config.trustCertificate(), config.timeout(), config.fromAddress(), config.fromName(),
                config.retryBackoff());
    }

    @Override
    public Optional<OtpService> otpService() {
        return Optional.ofNullable(service);
    }

    @Override
    public Optional<ConfigException> configProblem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public List<String> configWarnings() {
        return warnings;
    }

    /** Where {@link #saveAndApply} writes, in a directory of its own; missing until the first save. */
    @Override
    public Optional<Path> settingsFile() {
        return Optional.of(saveDirectory.resolve("config.properties"));
    }

    @Override
    public boolean demoMode() {
        return demo;
    }

    @Override
    public Optional<Inbox> inbox() {
        return demo ? Optional.of(new DemoInboxView(server.inbox())) : Optional.empty();
    }

    @Override
    public Optional<SmtpConfig> smtpSettings() {
        return demo ? Optional.empty() : Optional.ofNullable(settings);
    }

    @Override
    public void testConnection(SmtpConfig candidate) {
        new SmtpCodeSender(toSettings(candidate), Locale.ENGLISH, clock).testConnection();
    }

    @Override
    public void sendTestMessage(SmtpConfig candidate) {
        new SmtpCodeSender(toSettings(candidate), Locale.ENGLISH, clock).sendTestMessage();
    }

    /** What the next sign-in answers: an account, or a failure to throw. */
    volatile String nextSignInAccount = "signed-in@example.com";
    volatile RuntimeException nextSignInFailure;
    /** Whether the next sign-in waits, as for a person who never signs in, until it is cancelled. */
    volatile boolean nextSignInWaitsForCancel;
    /** Accounts with a saved sign-in, in lower case. */
    final java.util.Set<String> signedIn = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** What the last sign-in was asked with. */
    volatile SmtpConfig lastSignInSettings;
    volatile String lastExpectedAccount;
    /** Whether the last sign-in was cancelled. */
    volatile boolean lastSignInCancelled;
    /** What the last sign-out was asked with. */
    volatile SmtpConfig lastSignOutSettings;
    /** What {@link #saveAndApply} was last given. */
    volatile SmtpConfig lastSaved;

    @Override
    public dev.otpverifier.ui.settings.SignInAttempt signIn(SmtpConfig settings, String expectedAccount) {
        if (settings.oauthSettings().isEmpty()) {
            throw new IllegalArgumentException("no sign-in settings");
        }
        lastSignInSettings = settings;
        lastExpectedAccount = expectedAccount;
        lastSignInCancelled = false;
        boolean waits = nextSignInWaitsForCancel;
        String account = nextSignInAccount;
        RuntimeException failure = nextSignInFailure;
        java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
        return new dev.otpverifier.ui.settings.SignInAttempt() {
            @Override
            public String await(java.util.function.Consumer<java.net.URI> addressReady) {
                addressReady.accept(java.net.URI.create("https://login.example.com/authorize?client_id="
                        + settings.oauthSettings().orElseThrow().clientId() + "&state=test"));
                if (waits) {
                    try {
                        if (!cancelled.await(60, TimeUnit.SECONDS)) {
                            throw new AssertionError("the sign-in was never cancelled");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (cancelled.getCount() == 0) {
                    lastSignInCancelled = true;
                    throw new dev.otpverifier.otp.DeliveryException(dev.otpverifier.otp.DeliveryException.Reason.OTHER,
                            "The sign-in was cancelled. Nothing was saved.", null);
                }
                if (failure != null) {
                    throw failure;
                }
                signedIn.add(account.toLowerCase(Locale.ROOT));
                return account;
            }

            @Override
            public void cancel() {
                cancelled.countDown();
            }
        };
    }

    @Override
    public boolean isSignedIn(SmtpConfig settings) {
        return signedIn.contains(settings.username().toLowerCase(Locale.ROOT));
    }

    @Override
    public void signOut(SmtpConfig settings) {
        lastSignOutSettings = settings;
        signedIn.remove(settings.username().toLowerCase(Locale.ROOT));
    }

    /** Where sign-ins are said to be kept. */
    volatile String signInStoreDescription = "the test's memory";

    @Override
    public String signInStore() {
        return signInStoreDescription;
    }

    @Override
    public Path saveAndApply(SmtpConfig candidate) throws IOException {
        lastSaved = candidate;
        Path file = settingsFile().orElseThrow();
        Files.writeString(file, "smtp.host=" + candidate.host() + "\nsmtp.port=" + candidate.port() + "\n");
        saved = file;
        apply(candidate);
        listeners.forEach(Runnable::run);
        return file;
    }

    @Override
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (saved != null) {
            Files.deleteIfExists(saved);
        }
        Files.deleteIfExists(saveDirectory);
    }

    /** The demo server's inbox as the window sees it. */
    private static final class DemoInboxView implements Inbox {
        private final DemoInbox inbox;

        DemoInboxView(DemoInbox inbox) {
            this.inbox = inbox;
        }

        @Override
        public List<InboxMessage> messages() {
            return inbox.messages().stream().map(DemoInboxView::convert).toList();
        }

        @Override
        public void addListener(Consumer<InboxMessage> listener) {
            inbox.addListener(message -> listener.accept(convert(message)));
        }

        private static InboxMessage convert(ReceivedMessage message) {
            return new InboxMessage(message.receivedAt(), message.envelopeTo(), message.from(), message.subject(),
                    message.text(), message.html());
        }
    }
}
