package dev.otpverifier.app;

import dev.otpverifier.config.AppConfig;
import dev.otpverifier.config.ConfigException;
import dev.otpverifier.config.ConfigKeys;
import dev.otpverifier.config.ConfigLoader;
import dev.otpverifier.config.ConfigLocator;
import dev.otpverifier.config.FilePreferences;
import dev.otpverifier.config.UserDirectories;
import dev.otpverifier.console.ConsoleFlow;
import dev.otpverifier.demo.ReceivedMessage;
import dev.otpverifier.otp.CodeSender;
import dev.otpverifier.otp.EmailAddresses;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.OtpPolicy;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.state.FileLimitLedger;
import dev.otpverifier.ui.FirstFrameWarmUp;
import dev.otpverifier.ui.OtpVerifierWindow;
import java.awt.GraphicsEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.prefs.Preferences;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command line of OTP Verifier.
 *
 * <p>Exit status: 0 verified, 1 not verified, 2 usage or configuration error, 3 the code could not
 * be sent.
 */
@Command(name = "otp-verifier", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false,
        description = "Proves that a person controls an email address: emails a 6-digit code and checks it.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:verified", "1:not verified", "2:usage or configuration error",
                "3:the code could not be sent"},
        footerHeading = "%nConfiguration:%n",
        footer = {"Read from --config FILE, then $OTP_VERIFIER_CONFIG, then the user's configuration directory, "
                + "then config.properties next to the jar; never from the working directory. "
                + "On Linux and macOS the file must belong to you (or root) and only you may write to it "
                + "or to the folders above it. "
                + "OTP_SMTP_PASSWORD overrides smtp.password, except in a file found next to the jar. "
                + "See config.properties.example."})
public final class Main implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Read the configuration from FILE.")
    Path config;

    @Option(names = "--console", description = "Run in the terminal instead of opening a window.")
    boolean console;

    @Option(names = "--email", paramLabel = "ADDRESS", description = "Send the code to ADDRESS without asking "
            + "(terminal mode).")
    String email;

    @Option(names = "--demo", description = "Use the built-in mail server on 127.0.0.1 and its inbox instead of "
            + "real email (the default when no configuration is found).")
    boolean demo;

    @Option(names = "--sign-in", description = "Sign in to the mail provider that the configuration names "
            + "(smtp.auth=oauth2), then exit. Microsoft: shows an address and a code to enter on any device, so it "
            + "works over SSH. Google: opens the browser on this computer, or shows the address to open.")
    boolean signIn;

    @Option(names = "--sign-out", description = "Forget the saved sign-in of the configuration's account, then exit.")
    boolean signOut;

    @Option(names = "--smtp-debug", description = "Print the SMTP conversation to standard error "
            + "(the password and the login exchange are never shown).")
    boolean smtpDebug;

    private final Map<String, String> env;
    private final InputStream stdin;
    private final PrintStream stdout;
    private final PrintStream stderr;

    Main(Map<String, String> env, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        this.env = env;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Asked for when needed: the first logger of a process costs about 30 ms, which the window need not wait for. */
    private static System.Logger log() {
        return System.getLogger("dev.otpverifier.app");
    }

    /** What {@link #run} returns when a window was opened: the process lives until it is closed. */
    static final int WINDOW_OPEN = -1;

    /** Runs the program and exits with its status, or leaves it to the window. */
    public static void main(String[] args) {
        StartupProbe.mark("main");
        int status = run(args, System.getenv(), System.in, System.out, System.err);
        if (status != WINDOW_OPEN) {
            System.exit(status);
        }
    }

    /** Runs the program and returns its exit status; for tests and embedding. */
    static int run(String[] args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        Main main = new Main(env, in, out, err);
        if (args.length == 0) {
            // A double-click: nothing to parse, so the option parser (a fifth of the start-up time) is skipped.
            return main.callReportingErrors();
        }
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        commandLine.setExitCodeExceptionMapper(exception -> ConsoleFlow.USAGE_ERROR);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> reportUnexpected(err, exception));
        return commandLine.execute(args);
    }

    private int callReportingErrors() {
        try {
            return call();
        } catch (RuntimeException e) {
            return reportUnexpected(stderr, e);
        }
    }

    private static int reportUnexpected(PrintStream err, Exception exception) {
        err.println("OTP Verifier stopped because of an unexpected error (" + exception.getClass().getSimpleName()
                + "). Details are in the log file.");
        log().log(System.Logger.Level.ERROR, "Unexpected error", exception);
        return ConsoleFlow.USAGE_ERROR;
    }

    @Override
    public Integer call() {
        UserDirectories directories = UserDirectories.of(System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home", ".")), env);
        StartupProbe.mark("command line parsed");
        if (email != null && !EmailAddresses.isValid(email)) {
            stderr.println("--email: \"" + EmailAddresses.mask(email) + "\" is not an email address we can send to "
                    + "(for example: name@example.com). Nothing was sent.");
            return ConsoleFlow.USAGE_ERROR;
        }
        boolean headless = GraphicsEnvironment.isHeadless();
        FilePreferences preferences = null;
        if (signIn || signOut) {
            console = true; // the sign-in talks on the terminal, whatever the display
        }
        if (!console && !headless) {
            // Fonts and the HTML style sheet on a second thread while this one connects to the display.
            FirstFrameWarmUp.start();
            // The look and feel first: the event dispatch thread sets it up while this thread opens the
            // log and loads the configuration.
            preferences = FilePreferences.open(directories.windowPreferences());
            OtpVerifierWindow.prepareLookAndFeel(preferences);
        }
        LogSetup.install(directories.logs());
        StartupProbe.mark("log file open");
        if (preferences != null) {
            preferences.readProblem().ifPresent(problem -> log().log(System.Logger.Level.WARNING, problem));
        }
        ConfigLocator locator = new ConfigLocator(env, jarDirectory(), directories);
        if (preferences != null) {
            return openWindow(locator, preferences, directories);
        }
        Optional<AppConfig> appConfig = Optional.empty();
        // The first line names the file in use: it decides where the codes and the password go.
        if (demo) {
            stdout.println("Demo mode (--demo): no configuration file is read.");
        } else {
            try {
                Optional<Path> file = locator.locate(Optional.ofNullable(config));
                if (file.isPresent()) {
                    stdout.println("Configuration: " + ConfigLocator.printable(file.get()));
                    appConfig = Optional.of(load(file.get(), locator, named()));
                } else {
                    stdout.println("No configuration file found (looked for " + String.join(" and ",
                            locator.searchedPlaces().stream().map(ConfigLocator::printable).toList())
                            + "): demo mode.");
                }
            } catch (ConfigException e) {
                stderr.println(e.getMessage());
                return ConsoleFlow.USAGE_ERROR;
            }
        }
        if (!console && headless) {
            stderr.println("No display found, so OTP Verifier runs in the terminal (--console).");
        }
        appConfig.ifPresent(loaded -> loaded.warnings().forEach(warning -> stderr.println("Warning: " + warning)));
        Clock clock = Clock.systemDefaultZone();
        SignIns signIns = SignIns.forUser(directories.state(), env, clock);
        if (signIn || signOut) {
            return new TerminalSignIn(signIns, stdout, stderr).run(appConfig, signOut);
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(stdin, Charset.defaultCharset()));
        LimitLedger ledger = openLedger(directories, appConfig.map(AppConfig::policy).orElse(OtpPolicy.defaults()),
                clock, true);
        if (appConfig.isEmpty()) {
            return runDemoInTerminal(clock, reader, locator.userConfigFile(), ledger);
        }
        PrintStream mailDebug = smtpDebug ? stderr : null;
        OtpService service = Wiring.service(appConfig.get(),
                Wiring.sender(appConfig.get().smtp(), clock, mailDebug, signIns), clock, ledger);
        return new ConsoleFlow(service, reader, stdout, stderr, Locale.getDefault()).run(Optional.ofNullable(email));
    }

    /**
     * Loads a configuration file and logs what looked odd in it (the window and the terminal also show
     * it). {@code OTP_SMTP_PASSWORD} is not given to a file that was found beside the jar without being
     * named: such a file may have come with a download, and would decide where the password goes.
     */
    private AppConfig load(Path file, ConfigLocator locator, boolean named) {
        String password = env.get(ConfigKeys.PASSWORD_VARIABLE);
        boolean withheld = !named && password != null && !password.isEmpty() && locator.besideTheJar(file);
        AppConfig loaded;
        if (withheld) {
            Map<String, String> withoutPassword = new java.util.HashMap<>(env);
            withoutPassword.remove(ConfigKeys.PASSWORD_VARIABLE);
            String why = "is not used with " + ConfigLocator.printable(file) + ", which was found beside the jar: "
                    + "such a file may have come with a download. To use the variable with it, name it with "
                    + "--config or " + ConfigLocator.CONFIG_VARIABLE + ", or move it to "
                    + ConfigLocator.printable(locator.userConfigFile()) + ".";
            try {
                AppConfig partial = new ConfigLoader(withoutPassword).load(file);
                List<String> warnings = new java.util.ArrayList<>(partial.warnings());
                warnings.add(ConfigKeys.PASSWORD_VARIABLE + " " + why);
                loaded = new AppConfig(partial.smtp(), partial.policy(), partial.source(), warnings);
            } catch (ConfigException e) {
                List<ConfigException.Problem> problems = new java.util.ArrayList<>(e.problems());
                problems.add(new ConfigException.Problem(ConfigKeys.PASSWORD_VARIABLE, why));
                throw new ConfigException(e.sourceDescription(), problems);
            }
        } else {
            loaded = new ConfigLoader(env).load(file);
        }
        loaded.warnings().forEach(warning -> log().log(System.Logger.Level.WARNING, warning));
        return loaded;
    }

    /** Whether the configuration file was named (option or variable) rather than found. */
    private boolean named() {
        String fromEnv = env.get(ConfigLocator.CONFIG_VARIABLE);
        return config != null || (fromEnv != null && !fromEnv.isBlank());
    }

    /** Opens the window and returns {@link #WINDOW_OPEN}: the window decides when the process ends. */
    private int openWindow(ConfigLocator locator, Preferences preferences, UserDirectories directories) {
        StartupProbe.installIfRequested(stdout);
        Clock clock = Clock.systemDefaultZone();
        SignIns signIns = SignIns.forUser(directories.state(), env, clock);
        DesktopServices services;
        if (demo) {
            services = DesktopServices.demoNotStarted(locator.userConfigFile(), clock,
                    openLedger(directories, OtpPolicy.defaults(), clock, false), signIns, directories.cache());
        } else {
            Optional<Path> file = Optional.empty();
            try {
                file = locator.locate(Optional.ofNullable(config));
                if (file.isPresent()) {
                    AppConfig loaded = load(file.get(), locator, named());
                    // Saved where it was read from: a file earlier in the search order would otherwise win
                    // at the next start and the saved settings would seem lost.
                    services = DesktopServices.real(loaded, file.get(), clock,
                            openLedger(directories, loaded.policy(), clock, false), signIns);
                } else {
                    services = DesktopServices.demoNotStarted(locator.userConfigFile(), clock,
                            openLedger(directories, OtpPolicy.defaults(), clock, false), signIns,
                            directories.cache());
                }
            } catch (ConfigException e) {
                services = DesktopServices.broken(e, file.flatMap(new ConfigLoader(env)::draft),
                        file.orElse(locator.userConfigFile()), clock,
                        openLedger(directories, OtpPolicy.defaults(), clock, false), signIns);
            }
        }
        StartupProbe.mark("configuration loaded, services built");
        DesktopServices opened = services;
        OtpVerifierWindow.open(opened, preferences, () -> {
            // Saying QUIT to a slow server must not freeze the closing window: close in the
            // background, and exit after at most two seconds whatever the server does.
            Thread closing = new Thread(opened::close, "otp-close");
            closing.setDaemon(true);
            closing.start();
            try {
                closing.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.exit(ConsoleFlow.VERIFIED);
        });
        StartupProbe.mark("window requested");
        // Background work that would compete with the first frame for the two processors of a small
        // machine waits a moment; a valid address or a click starts the demo server earlier if need be.
        javax.swing.Timer later = new javax.swing.Timer(1_000, event -> {
            opened.startDemoServer();
            // Then the send rehearsal, so that the first code a person sends does not wait for the JIT.
            opened.warmUpInBackground(Optional.of(directories.cache()));
        });
        later.setRepeats(false);
        later.start();
        return WINDOW_OPEN;
    }

    private int runDemoInTerminal(Clock clock, BufferedReader reader, Path userConfigFile, LimitLedger ledger) {
        stdout.println("Demo mode: codes go to a built-in mail server on 127.0.0.1, not to the real address. "
                + "Each message it receives is printed here.");
        stdout.println("To send real email, copy config.properties.example to "
                + ConfigLocator.printable(userConfigFile) + " and fill in your mail server.");
        try (DemoSession session = DemoSession.start(clock)) {
            java.util.concurrent.Semaphore printed = new java.util.concurrent.Semaphore(0);
            session.onMessage(message -> {
                printDemoMessage(message);
                printed.release();
            });
            CodeSender demoSender = session.sender();
            // The message is printed before "Code sent", so the prompt for the code comes last.
            CodeSender printedFirst = new CodeSender() {
                @Override
                public void send(String address, String code, java.time.Duration validity) {
                    demoSender.send(address, code, validity);
                    try {
                        printed.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void prepare() {
                    demoSender.prepare();
                }

                @Override
                public boolean reachesTheMailbox() {
                    return demoSender.reachesTheMailbox();
                }
            };
            OtpService service = Wiring.service(printedFirst, OtpPolicy.defaults(), clock, ledger);
            return new ConsoleFlow(service, reader, stdout, stderr, Locale.getDefault())
                    .run(Optional.ofNullable(email));
        }
    }

    private void printDemoMessage(ReceivedMessage message) {
        synchronized (stdout) {
            stdout.println();
            stdout.println("----- New message in the demo inbox -----");
            stdout.println("To:      " + message.envelopeTo());
            stdout.println("From:    " + message.from());
            stdout.println("Subject: " + message.subject());
            stdout.println();
            stdout.println(message.text().strip());
            stdout.println("-----------------------------------------");
            stdout.flush();
        }
    }

    /**
     * The file that keeps the counts protecting each address across restarts, in the state directory.
     * What went wrong with it (a damaged file set aside, a directory that cannot be written) is logged
     * and, in the terminal, printed: the app goes on either way.
     */
    private LimitLedger openLedger(UserDirectories directories, OtpPolicy policy, Clock clock, boolean inTerminal) {
        java.util.function.Supplier<LimitLedger> opener = () -> FileLimitLedger.open(directories.state(), policy, clock,
                warning -> {
                    log().log(System.Logger.Level.WARNING, warning);
                    if (inTerminal) {
                        stderr.println("Warning: " + warning);
                    }
                });
        // The terminal opens it at once, so that a warning comes before the prompts; the window opens it
        // in the background after the first frame (DesktopServices.warmUpInBackground) or on first use.
        return inTerminal ? opener.get() : new LazyLedger(opener);
    }

    private static Optional<Path> jarDirectory() {
        try {
            Path location = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return location.toString().endsWith(".jar") ? Optional.ofNullable(location.getParent()) : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Reads the version that Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                // fall through to "unknown"
            }
            return new String[] {"OTP Verifier " + properties.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
