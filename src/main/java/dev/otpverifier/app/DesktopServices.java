package dev.otpverifier.app;

import dev.otpverifier.auth.BrowserSignIn;
import dev.otpverifier.auth.SignInException;
import dev.otpverifier.config.AppConfig;
import dev.otpverifier.config.ConfigException;
import dev.otpverifier.config.ConfigWriter;
import dev.otpverifier.config.SmtpConfig;
import dev.otpverifier.config.SmtpDraft;
import dev.otpverifier.demo.ReceivedMessage;
import dev.otpverifier.mail.SmtpCodeSender;
import dev.otpverifier.otp.CodeSender;
import dev.otpverifier.otp.DeliveryException;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.OtpPolicy;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.ui.AppServices;
import dev.otpverifier.ui.inbox.Inbox;
import dev.otpverifier.ui.inbox.InboxMessage;
import dev.otpverifier.ui.settings.SignInAttempt;
import java.io.IOException;
import java.net.URI;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The window's view of the app: the current service (real mail or demo), the configuration
 * problem if any, the settings actions, and the switch from demo to real mail without a restart.
 *
 * <p>Thread safe: the state is one immutable value behind a volatile field.
 */
final class DesktopServices implements AppServices, AutoCloseable {

    private static final Logger LOG = System.getLogger("dev.otpverifier.app");

    /** What the app sends through right now. */
    private record State(Optional<OtpService> service, Optional<ConfigException> problem, Optional<SmtpConfig> smtp,
            Optional<DemoSession> demo, Optional<SmtpCodeSender> sender, OtpPolicy policy, List<String> warnings) {
    }

    private final Path saveTo;
    private final Clock clock;
    private final SignIns signIns;
    /** Shared by every service this object makes, so that a switch of sender keeps every count. */
    private final LimitLedger ledger;
    /** The broken configuration file's settings as written, to fill the settings dialog with. */
    private final Optional<SmtpDraft> draft;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Run once after start-up; every service this object makes stops it when a real send begins. */
    private final SendRehearsal rehearsal;
    private volatile State state;

    private DesktopServices(State state, Path saveTo, Clock clock, LimitLedger ledger, SignIns signIns,
            SendRehearsal rehearsal) {
        this(state, Optional.empty(), saveTo, clock, ledger, signIns, rehearsal);
    }

    private DesktopServices(State state, Optional<SmtpDraft> draft, Path saveTo, Clock clock, LimitLedger ledger,
            SignIns signIns, SendRehearsal rehearsal) {
        this.rehearsal = Objects.requireNonNull(rehearsal, "rehearsal");
        this.signIns = Objects.requireNonNull(signIns, "signIns");
        this.state = state;
        this.draft = draft;
        this.saveTo = saveTo;
        this.clock = clock;
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** Real mail through a loaded configuration. */
    static DesktopServices real(AppConfig config, Path saveTo, Clock clock, LimitLedger ledger, SignIns signIns) {
        SmtpCodeSender sender = Wiring.sender(config.smtp(), clock, null, signIns);
        SendRehearsal rehearsal = new SendRehearsal(clock);
        OtpService service = Wiring.service(config, rehearsal.stoppingOnSend(sender), clock, ledger);
        return new DesktopServices(new State(Optional.of(service), Optional.empty(), Optional.of(config.smtp()),
                Optional.empty(), Optional.of(sender), config.policy(), config.warnings()), saveTo, clock, ledger,
                signIns, rehearsal);
    }

    /**
     * No service: the configuration has problems the window must show.
     *
     * @param draft the file's mail settings as written, if it could be read, for the settings dialog
     */
    static DesktopServices broken(ConfigException problem, Optional<SmtpDraft> draft, Path saveTo, Clock clock,
            LimitLedger ledger, SignIns signIns) {
        return new DesktopServices(new State(Optional.empty(), Optional.of(problem), Optional.empty(), Optional.empty(),
                Optional.empty(), OtpPolicy.defaults(), List.of()), draft, saveTo, clock, ledger, signIns,
                new SendRehearsal(clock));
    }

    /** Demo mode: the built-in server starts in the background; sends wait for it. */
    static DesktopServices demo(Path saveTo, Clock clock, LimitLedger ledger, SignIns signIns) {
        DesktopServices services = demoNotStarted(saveTo, clock, ledger, signIns);
        services.startDemoServer();
        return services;
    }

    /**
     * Demo mode whose server starts on {@link #startDemoServer()}, on the first send, or when the
     * address becomes valid, whichever comes first: the window comes up without waiting for it.
     */
    static DesktopServices demoNotStarted(Path saveTo, Clock clock, LimitLedger ledger, SignIns signIns) {
        return demoNotStarted(DemoSession.prepared(clock), saveTo, clock, ledger, signIns);
    }

    /**
     * Like {@link #demoNotStarted(Path, Clock, LimitLedger, SignIns)}, with the demo server's
     * certificate kept in {@code cacheDirectory} between starts (see {@link DemoSession#prepared(Clock, Path)}).
     */
    static DesktopServices demoNotStarted(Path saveTo, Clock clock, LimitLedger ledger, SignIns signIns,
            Path cacheDirectory) {
        return demoNotStarted(DemoSession.prepared(clock, cacheDirectory), saveTo, clock, ledger, signIns);
    }

    private static DesktopServices demoNotStarted(DemoSession session, Path saveTo, Clock clock, LimitLedger ledger,
            SignIns signIns) {
        SendRehearsal rehearsal = new SendRehearsal(clock);
        OtpService service = Wiring.service(rehearsal.stoppingOnSend(session.sender()), OtpPolicy.defaults(), clock,
                ledger);
        return new DesktopServices(new State(Optional.of(service), Optional.empty(), Optional.empty(),
                Optional.of(session), Optional.empty(), OtpPolicy.defaults(), List.of()), saveTo, clock, ledger,
                signIns, rehearsal);
    }

    /** Starts the demo server in the background, if in demo mode and not started yet. */
    void startDemoServer() {
        state.demo().ifPresent(DemoSession::begin);
    }

    @Override
    public Optional<OtpService> otpService() {
        return state.service();
    }

    @Override
    public Optional<ConfigException> configProblem() {
        return state.problem();
    }

    @Override
    public List<String> configWarnings() {
        return state.warnings();
    }

    @Override
    public Optional<Path> settingsFile() {
        return Optional.of(saveTo);
    }

    @Override
    public boolean demoMode() {
        return state.demo().isPresent();
    }

    @Override
    public Optional<Inbox> inbox() {
        return state.demo().map(DemoInboxView::new);
    }

    @Override
    public Optional<SmtpConfig> smtpSettings() {
        return state.smtp();
    }

    @Override
    public Optional<SmtpDraft> settingsDraft() {
        return state.problem().isPresent() ? draft : Optional.empty();
    }

    @Override
    public void testConnection(SmtpConfig settings) {
        rehearsal.stop(); // a person waits for this answer: nothing else on the processors meanwhile
        try (SmtpCodeSender sender = sender(settings)) {
            sender.testConnection();
        }
    }

    @Override
    public void sendTestMessage(SmtpConfig settings) {
        rehearsal.stop();
        try (SmtpCodeSender sender = sender(settings)) {
            sender.sendTestMessage();
        }
    }

    @Override
    public Path saveAndApply(SmtpConfig settings) throws IOException {
        SmtpCodeSender sender = sender(settings);
        State before = state;
        Path written = ConfigWriter.write(saveTo, settings, before.policy());
        // Same counters and locks: saving settings must not be a way to lift a lockout. The codes sent
        // so far stop verifying: the old settings may have delivered them anywhere (the demo inbox).
        CodeSender sending = rehearsal.stoppingOnSend(sender);
        OtpService service = before.service().map(current -> current.withSender(sending))
                .orElseGet(() -> Wiring.service(sending, before.policy(), clock, ledger));
        state = new State(Optional.of(service), Optional.empty(), Optional.of(settings), Optional.empty(),
                Optional.of(sender), before.policy(), List.of());
        LOG.log(Level.INFO, "Settings saved to {0}; now sending through {1}", written, settings.host());
        before.demo().ifPresent(DemoSession::close);
        before.sender().ifPresent(SmtpCodeSender::close);
        listeners.forEach(Runnable::run);
        return written;
    }

    @Override
    public SignInAttempt signIn(SmtpConfig settings, String expectedAccount) {
        BrowserSignIn attempt;
        try {
            attempt = signIns.accounts().browserSignIn(SignIns.settingsFor(settings), expectedAccount);
        } catch (SignInException e) {
            throw SignIns.delivery(e);
        }
        return new SignInAttempt() {
            @Override
            public String await(Consumer<URI> addressReady) {
                try {
                    return attempt.run(signIns.browser(), addressReady, BrowserSignIn.DEFAULT_WAIT).account();
                } catch (SignInException e) {
                    throw SignIns.delivery(e);
                }
            }

            @Override
            public void cancel() {
                attempt.cancel();
            }
        };
    }

    @Override
    public boolean isSignedIn(SmtpConfig settings) {
        try {
            return signIns.accounts().isSignedIn(SignIns.settingsFor(settings), settings.username());
        } catch (SignInException e) {
            throw SignIns.delivery(e);
        }
    }

    @Override
    public void signOut(SmtpConfig settings) {
        try {
            signIns.accounts().signOut(SignIns.settingsFor(settings), settings.username());
        } catch (SignInException e) {
            throw SignIns.delivery(e);
        }
    }

    @Override
    public String signInStore() {
        try {
            return signIns.accounts().storeDescription();
        } catch (SignInException e) {
            return "your keyring, which did not answer (unlock it and try again)";
        }
    }

    @Override
    public void addChangeListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Does the slow first-send work (trust store, mail classes, TLS) on a background thread; call it
     * once the window is up, so that it delays neither the first frame nor the first click.
     */
    void warmUpInBackground() {
        warmUpInBackground(Optional.empty());
    }

    /**
     * Like {@link #warmUpInBackground()}, then, on the same thread, the send rehearsal
     * ({@link SendRehearsal}) with its certificate kept in {@code cacheDirectory}, unless a real send
     * has begun by then.
     */
    void warmUpInBackground(Optional<Path> cacheDirectory) {
        Thread thread = new Thread(() -> {
            try {
                State current = state;
                if (ledger instanceof LazyLedger lazy) {
                    lazy.open();
                }
                current.service().ifPresent(OtpService::warmUp);
                current.sender().ifPresent(SmtpCodeSender::warmUp);
                current.demo().ifPresent(DemoSession::warmUp);
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "Warm-up failed: {0}", e.getClass().getName());
            }
            cacheDirectory.ifPresent(rehearsal::run);
        }, "otp-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /** The send rehearsal that this object's services stop, for tests. */
    SendRehearsal rehearsal() {
        return rehearsal;
    }

    /** Stops the demo server and closes kept connections. */
    @Override
    public void close() {
        rehearsal.stop();
        State current = state;
        current.demo().ifPresent(DemoSession::close);
        current.sender().ifPresent(SmtpCodeSender::close);
    }

    private SmtpCodeSender sender(SmtpConfig settings) {
        try {
            return Wiring.sender(settings, clock, null, signIns);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(DeliveryException.Reason.OTHER,
                    "These settings cannot be used: " + e.getMessage() + ".", e);
        }
    }

    /** The demo inbox as the window sees it. */
    private static final class DemoInboxView implements Inbox {
        private final DemoSession session;

        DemoInboxView(DemoSession session) {
            this.session = session;
        }

        @Override
        public List<InboxMessage> messages() {
            return session.messages().stream().map(DemoInboxView::shown).toList();
        }

        @Override
        public void addListener(Consumer<InboxMessage> listener) {
            session.onMessage(message -> listener.accept(shown(message)));
        }

        private static InboxMessage shown(ReceivedMessage message) {
            return new InboxMessage(message.receivedAt(), message.envelopeTo(), message.from(), message.subject(),
                    message.text(), message.html());
        }
    }
}
