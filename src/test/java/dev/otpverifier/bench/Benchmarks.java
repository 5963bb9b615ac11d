package dev.otpverifier.bench;

import dev.otpverifier.app.SendRehearsal;
import dev.otpverifier.demo.DemoMailServer;
import dev.otpverifier.mail.SmtpCodeSender;
import dev.otpverifier.mail.SmtpSettings;
import dev.otpverifier.mail.TransportSecurity;
import dev.otpverifier.otp.Codes;
import dev.otpverifier.otp.LimitLedger;
import dev.otpverifier.otp.OtpPolicy;
import dev.otpverifier.otp.OtpService;
import dev.otpverifier.state.FileLimitLedger;
import dev.otpverifier.testing.PrivateFiles;
import java.awt.GraphicsEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark of BENCHMARKS.md: send latency, first send in a fresh JVM, time to a usable window,
 * and what keeping the limits in a file costs per code, each against its baseline in the same run, on
 * 127.0.0.1 only.
 *
 * <p>Run with {@code mvn -B -q -Pbenchmark -DskipTests verify} (the window part needs a display).
 * System properties: {@code bench.runs} (default 40), {@code bench.jvmRuns} (default 7),
 * {@code bench.windowRuns} (default 21).
 */
public final class Benchmarks {

    private static final int RUNS = Integer.getInteger("bench.runs", 40);
    private static final int JVM_RUNS = Integer.getInteger("bench.jvmRuns", 7);
    private static final int WARM_UP = Integer.getInteger("bench.warmUp", 60);
    private static final int WINDOW_RUNS = Integer.getInteger("bench.windowRuns", 21);

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "target/otp-verifier.jar");
        printMachine();
        List<Stats> results = new ArrayList<>();
        try (DemoMailServer server = DemoMailServer.start(Clock.systemUTC())) {
            SmtpSettings settings = SmtpSettings.of(server.host(), server.port(), TransportSecurity.STARTTLS,
                    server.username(), server.password(), "sender@example.com")
                    .withTrustCertificate(server.certificateFile());

            Stats naive = naive(server);
            Stats fresh;
            Stats prepared;
            try (SmtpCodeSender sender = new SmtpCodeSender(settings, Locale.ENGLISH, Clock.systemUTC())) {
                fresh = ours(sender, false);
                prepared = ours(sender, true);
            }
            results.add(naive);
            results.add(fresh);
            results.add(prepared);
            System.out.println();
            System.out.println("1. Send latency per code, request to \"250 accepted\" (" + RUNS + " runs after "
                    + WARM_UP + " warm-up sends)");
            System.out.println(Stats.header());
            System.out.println(naive.row());
            System.out.println(fresh.row());
            System.out.println(prepared.row());
            ratio("(a) naive / (b) ours fresh", naive, fresh);
            ratio("(a) naive / (c) ours pre-connected", naive, prepared);

            Stats firstNaive = firstSend("naive", server);
            Stats firstOurs = firstSend("ours", server);
            System.out.println();
            System.out.println("2. First send in a fresh JVM (" + JVM_RUNS + " JVMs each)");
            System.out.println(Stats.header());
            System.out.println(firstNaive.row());
            System.out.println(firstOurs.row());
            Stats warmLikeTheWindow = new Stats("(c) warm, in those JVMs after the first (20 each after 60)",
                    warmInChild);
            Stats warmAfterPause = new Stats("(c) warm, in those JVMs, each after a 1.5 s pause (3 each)",
                    pausedInChild);
            System.out.println(warmLikeTheWindow.row());
            System.out.println(warmAfterPause.row());
            System.out.println(rehearsalLine);
            ratio("(a) naive / (c) ours pre-connected", firstNaive, firstOurs);
            ratio("(c) first send / (c) warm, part 1 (back to back)", firstOurs, prepared);
            ratio("(c) first send / (c) warm in the same JVMs (back to back)", firstOurs, warmLikeTheWindow);
            ratio("(c) first send / (c) warm in the same JVMs (after a pause)", firstOurs, warmAfterPause);

            System.out.println();
            System.out.println("3. Window ready: process start to the main window shown and taking input ("
                    + WINDOW_RUNS + " starts each, taken in turns)");
            if (GraphicsEnvironment.isHeadless()) {
                System.out.println("  skipped: no display (set DISPLAY, e.g. under Xvfb with a window manager)");
            } else if (!Files.isRegularFile(jar)) {
                System.out.println("  skipped: " + jar + " not found (run mvn package first)");
            } else {
                windowReady(server, jar);
            }
            System.out.println();
            System.out.println("4. The counts that outlive a restart: one request and one wrong try through OtpService, "
                    + "with a sender that does nothing (" + RUNS + " runs after " + WARM_UP + " warm-up rounds)");
            System.out.println(Stats.header());
            Stats memory = limits(false);
            Stats file = limits(true);
            System.out.println(memory.row());
            System.out.println(file.row());
            System.out.printf(Locale.ROOT, "  added by the file, difference of medians: %8.2f ms%n",
                    file.median() - memory.median());

            System.out.println();
            System.out.println("5. The window while the send rehearsal runs: delay of a task posted to the event "
                    + "dispatch thread every 5 ms (" + JVM_RUNS + " rehearsals, after one that made the certificate)");
            if (GraphicsEnvironment.isHeadless()) {
                System.out.println("  skipped: no display (set DISPLAY, e.g. under Xvfb with a window manager)");
            } else {
                eventQueueDuringRehearsal();
            }

            System.out.println();
            System.out.println("Targets: (c) warm pre-connected median <= 5 ms and >= 10x faster than (a); "
                    + "first send after start-up <= 30 ms and <= 2x (c) warm; window ready <= 1.3x the bare JFrame, "
                    + "installed package <= 1.0x.");
        }
    }

    /**
     * A request and a wrong try for a new address each round, so that the ledger reads and merges
     * (with the file: re-read, write, fsync, atomic move, fsync of the directory) as the app does.
     */
    private static Stats limits(boolean file) throws IOException {
        Path directory = Files.createTempDirectory("otp-bench-limits-");
        OtpPolicy policy = OtpPolicy.defaults();
        Clock clock = Clock.systemUTC();
        LimitLedger ledger = file ? FileLimitLedger.open(directory.resolve("state"), policy, clock) : LimitLedger.none();
        OtpService service = new OtpService((address, code, validity) -> { }, policy, clock, Codes.newRandom(), ledger);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + RUNS; i++) {
            String address = "bench" + i + "@example.com";
            long start = System.nanoTime();
            service.requestCode(address);
            service.verify(address, "000000"); // wrong, or right once in a million: either way a ledger merge
            if (i >= WARM_UP) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return new Stats(file ? "(e) limits in the owner-only file (as the app keeps them)"
                : "(d) limits in memory only (before issue 12)", millis);
    }

    private static Stats naive(DemoMailServer server) throws Exception {
        NaiveSender naive = new NaiveSender(server.host(), server.port(), server.username(), server.password(),
                FirstSend.trusting(server.certificateFile()));
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + RUNS; i++) {
            long start = System.nanoTime();
            naive.send("bench@example.com", "123456");
            if (i >= WARM_UP) {
                millis.add((System.nanoTime() - start) / 1e6);
            }
        }
        return new Stats("(a) naive: Transport.send, fresh connection", millis);
    }

    private static Stats ours(SmtpCodeSender sender, boolean preConnected) throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < WARM_UP + RUNS; i++) {
            double sent;
            if (preConnected) {
                sent = FirstSend.preparedSend(sender);
            } else {
                sender.closeIdleConnection();
                long start = System.nanoTime();
                sender.send("bench@example.com", "123456", Duration.ofMinutes(10));
                sent = (System.nanoTime() - start) / 1e6;
            }
            if (i >= WARM_UP) {
                millis.add(sent);
            }
        }
        return new Stats(preConnected ? "(c) ours, warmed up and pre-connected (as the app sends)"
                : "(b) ours, fresh connection", millis);
    }

    /**
     * Posts a task to the event dispatch thread every 5 ms while the rehearsal runs in this JVM, as
     * in the app, and prints how late the tasks ran: what a person typing meanwhile would feel.
     * This JVM's compilers are warm from the parts before, so the rehearsal is lighter here than
     * at a real start; the app's window process also compiles on one thread at the client level.
     */
    private static void eventQueueDuringRehearsal() throws Exception {
        Path cache = Files.createTempDirectory("otp-bench-cache-");
        javax.swing.JFrame[] frame = new javax.swing.JFrame[1];
        try {
            javax.swing.SwingUtilities.invokeAndWait(() -> {
                frame[0] = new javax.swing.JFrame("rehearsal benchmark");
                frame[0].add(new javax.swing.JTextField(20));
                frame[0].pack();
                frame[0].setVisible(true);
            });
            new SendRehearsal(Clock.systemUTC()).run(cache); // makes the certificate, as a first start does
            List<Double> idle = new ArrayList<>();
            List<Double> busy = new ArrayList<>();
            for (int i = 0; i < JVM_RUNS; i++) {
                idle.addAll(eventQueueDelays(() -> sleepQuietly(500)));
                busy.addAll(eventQueueDelays(() -> new SendRehearsal(Clock.systemUTC()).run(cache)));
            }
            Stats quiet = new Stats("event queue delay, nothing else running", idle);
            Stats rehearsing = new Stats("event queue delay, during the rehearsal", busy);
            System.out.println(Stats.header());
            System.out.println(quiet.row());
            System.out.println(rehearsing.row());
            System.out.printf(Locale.ROOT, "  99th percentile: %.2f ms nothing else running, %.2f ms during the rehearsal%n",
                    percentile(idle, 0.99), percentile(busy, 0.99));
        } finally {
            javax.swing.SwingUtilities.invokeAndWait(() -> frame[0].dispose());
            deleteTree(cache);
        }
    }

    private static List<Double> eventQueueDelays(Runnable meanwhile) throws InterruptedException {
        List<Double> delays = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            javax.swing.SwingUtilities.invokeLater(() -> delays.add((System.nanoTime() - posted) / 1e6));
        }, 0, 5, TimeUnit.MILLISECONDS);
        meanwhile.run();
        ticker.shutdown();
        ticker.awaitTermination(1, TimeUnit.SECONDS);
        Thread.sleep(50); // the last tasks posted
        synchronized (delays) {
            return new ArrayList<>(delays);
        }
    }

    private static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * fraction)));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the first-send children said about their rehearsal, printed under their row. */
    private static String rehearsalLine = "";
    /** Warm sends timed in the first-send children, with the window process's compiler settings. */
    private static final List<Double> warmInChild = new ArrayList<>();
    /** Warm sends timed in the first-send children after the same 1.5 s pause as their first send. */
    private static final List<Double> pausedInChild = new ArrayList<>();

    private static Stats firstSend(String mode, DemoMailServer server) throws IOException, InterruptedException {
        // The app keeps the rehearsal's certificate in the user's cache directory, made at its first start:
        // made here once, so that every child JVM starts like a second start of the app.
        Path cache = Files.createTempDirectory("otp-bench-cache-");
        try {
            if (mode.equals("ours")) {
                new SendRehearsal(Clock.systemUTC()).run(cache);
            }
            return firstSend(mode, server, cache);
        } finally {
            deleteTree(cache);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Stats firstSend(String mode, DemoMailServer server, Path cache)
            throws IOException, InterruptedException {
        List<Double> millis = new ArrayList<>();
        List<String> rehearsed = new ArrayList<>();
        List<Double> rehearsalMillis = new ArrayList<>();
        for (int i = 0; i < JVM_RUNS; i++) {
            List<String> arguments = new ArrayList<>();
            if (mode.equals("ours")) {
                // The window process sends with the client compiler only (FastStart.WINDOW_OPTIONS).
                arguments.add("-XX:TieredStopAtLevel=1");
                arguments.add("-XX:CICompilerCount=1");
            }
            arguments.addAll(List.of("-cp", System.getProperty("java.class.path"), FirstSend.class.getName(), mode,
                    server.host(), Integer.toString(server.port()), server.username(), server.password(),
                    server.certificateFile().toString(), cache.toString()));
            Process process = new ProcessBuilder(javaCommand(arguments)).redirectErrorStream(true).start();
            String found = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("FIRST_SEND_MS ")) {
                        found = line.substring("FIRST_SEND_MS ".length());
                    } else if (line.startsWith("PAUSED_SEND_MS ")) {
                        pausedInChild.add(Double.parseDouble(line.substring("PAUSED_SEND_MS ".length())));
                    } else if (line.startsWith("WARM_SEND_MS ")) {
                        warmInChild.add(Double.parseDouble(line.substring("WARM_SEND_MS ".length())));
                    } else if (line.startsWith("REHEARSED ")) {
                        rehearsed.add(line.substring("REHEARSED ".length()).split(" ")[0]);
                        rehearsalMillis.add(Double.parseDouble(line.substring("REHEARSED ".length()).split(" ")[1]));
                    }
                }
            }
            process.waitFor(60, TimeUnit.SECONDS);
            if (found == null) {
                throw new IllegalStateException("the " + mode + " first-send JVM printed no result");
            }
            millis.add(Double.parseDouble(found));
        }
        if (mode.equals("ours")) {
            rehearsalLine = String.format(Locale.ROOT, "  (c) had a send rehearsal before it, per JVM: %s of %d dummy "
                    + "messages, %.0f ms median in the background", String.join(", ", rehearsed), SendRehearsal.MESSAGES,
                    new Stats("rehearsal", rehearsalMillis).median());
        }
        return new Stats(mode.equals("naive") ? "(a) naive, first send of the JVM"
                : "(c) ours, first send after start-up, pre-connected", millis);
    }

    /** One way of starting a window: its command line, and what it needs in its environment for each start. */
    private record WindowStart(String name, List<String> command, java.util.function.Supplier<Map<String, String>> env) {
    }

    /**
     * The installed package's command (packaging/, {@code apt install ./otp-verifier_*.deb}); its rows
     * are measured when it is there. {@code bench.installed} names another.
     */
    private static final Path INSTALLED = Path.of(System.getProperty("bench.installed", "/usr/bin/otp-verifier"));

    /**
     * Starts each way in turn, {@link #WINDOW_RUNS} times, so that a slow moment of a shared machine
     * falls on all of them alike, and prints medians and ratios.
     */
    private static void windowReady(DemoMailServer server, Path jar) throws Exception {
        Path home = Files.createTempDirectory("otp-bench-home");
        Path configDir = PrivateFiles.directories(home.resolve("config/otp-verifier"));
        PrivateFiles.write(configDir.resolve("config.properties"), String.join("\n",
                "smtp.host=" + server.host(), "smtp.port=" + server.port(), "smtp.username=" + server.username(),
                "smtp.trust.certificate=" + server.certificateFile(), "mail.from=sender@example.com", ""));
        Map<String, String> configured = Map.of("XDG_CONFIG_HOME", home.resolve("config").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(), "XDG_CACHE_HOME", home.resolve("cache").toString(),
                "OTP_SMTP_PASSWORD", server.password());
        // Each mode starts with the archive an earlier start in that mode made: a person who has not
        // set up mail yet has one from demo-mode starts. One made by a configured start lacks the
        // demo's classes (about 20 ms, BENCHMARKS.md).
        Map<String, String> demo = Map.of("XDG_CONFIG_HOME", home.resolve("empty").toString(),
                "XDG_STATE_HOME", home.resolve("state").toString(), "XDG_CACHE_HOME",
                home.resolve("cache-demo").toString());
        Map<String, String> oneProcess = new java.util.HashMap<>(configured);
        oneProcess.put("OTP_VERIFIER_FAST_START", "off");
        java.util.concurrent.atomic.AtomicInteger freshCaches = new java.util.concurrent.atomic.AtomicInteger();
        List<String> app = javaCommand(List.of("-Dotp.startup.probe=true", "-jar", jar.toString()));
        // The floors get a class path of what they use and nothing more: started with the benchmark's
        // whole test class path (about a hundred jars) a bare JFrame took 47 ms (19 %) longer, measured
        // on 2026-12-02, which made every ratio below look better than it was.
        String bareClassPath = Path.of(BareFrame.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        String flatLafClassPath = bareClassPath + java.io.File.pathSeparator + Path.of(
                com.formdev.flatlaf.FlatLaf.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<WindowStart> starts = new ArrayList<>(List.of(
                new WindowStart("bare JFrame with two text fields (floor)", javaCommand(List.of("-cp",
                        bareClassPath, BareFrame.class.getName())), Map::of),
                new WindowStart("bare JFrame with FlatLaf (floor of a FlatLaf app)", javaCommand(List.of("-cp",
                        flatLafClassPath, BareFrame.class.getName(), "flatlaf")), Map::of),
                new WindowStart("app jar, configured", app, () -> configured),
                new WindowStart("app jar, demo mode (no mail set up yet)", app, () -> demo),
                new WindowStart("app jar, configured, OTP_VERIFIER_FAST_START=off", app, () -> oneProcess),
                new WindowStart("app jar, very first start (makes its archive)", app, () -> {
                    Map<String, String> fresh = new java.util.HashMap<>(configured);
                    fresh.put("XDG_CACHE_HOME", home.resolve("cache-" + freshCaches.incrementAndGet()).toString());
                    return fresh;
                })));
        boolean installed = Files.isExecutable(INSTALLED);
        if (installed) {
            // The package's launcher honours OTP_VERIFIER_JAVA_OPTIONS; its archive came with the package.
            Map<String, String> installedConfigured = new java.util.HashMap<>(configured);
            installedConfigured.put("OTP_VERIFIER_JAVA_OPTIONS", "-Dotp.startup.probe=true");
            Map<String, String> installedDemo = new java.util.HashMap<>(demo);
            installedDemo.put("OTP_VERIFIER_JAVA_OPTIONS", "-Dotp.startup.probe=true");
            starts.add(new WindowStart("installed package, configured", List.of(INSTALLED.toString()),
                    () -> installedConfigured));
            starts.add(new WindowStart("installed package, demo mode", List.of(INSTALLED.toString()),
                    () -> installedDemo));
        }
        // The start before the first measured one makes the class-data archive, as a person's first start does.
        windowReadyOnce("app jar, first start", app, configured);
        windowReadyOnce("app jar, first start in demo mode", app, demo);
        List<List<Double>> millis = new ArrayList<>();
        starts.forEach(start -> millis.add(new ArrayList<>()));
        for (int run = 0; run < WINDOW_RUNS; run++) {
            for (int i = 0; i < starts.size(); i++) {
                WindowStart start = starts.get(i);
                millis.get(i).add(windowReadyOnce(start.name(), start.command(), start.env().get()));
            }
        }
        List<Stats> stats = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            stats.add(new Stats(starts.get(i).name(), millis.get(i)));
        }
        System.out.println(Stats.header());
        stats.forEach(row -> System.out.println(row.row()));
        Stats bare = stats.get(0);
        ratio("app configured / bare JFrame", stats.get(2), bare);
        ratio("app demo mode / bare JFrame", stats.get(3), bare);
        ratio("bare FlatLaf JFrame / bare JFrame", stats.get(1), bare);
        ratio("app configured / bare FlatLaf JFrame", stats.get(2), stats.get(1));
        ratio("app in one process / bare JFrame", stats.get(4), bare);
        ratio("app very first start / bare JFrame", stats.get(5), bare);
        if (installed) {
            ratio("installed configured / bare JFrame", stats.get(6), bare);
            ratio("installed demo mode / bare JFrame", stats.get(7), bare);
            ratio("installed configured / app jar configured", stats.get(6), stats.get(2));
        } else {
            System.out.println("  installed package: not measured (no " + INSTALLED + "; see packaging/)");
        }
    }

    /** Starts one JVM and returns the milliseconds from its start to READY; stops it (and waits for it) after. */
    private static double windowReadyOnce(String name, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        Path workDir = Files.createTempDirectory("otp-bench-cwd");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .directory(workDir.toFile());
        builder.environment().remove("OTP_VERIFIER_FAST_START");
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.strip().equals("READY")) {
                    return (System.nanoTime() - start) / 1e6;
                }
                output.append("\n    ").append(line);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        throw new IllegalStateException(name + ": the window never reported READY (" + String.join(" ", command)
                + ", exit " + process.exitValue() + "); its output:" + output);
    }

    private static List<String> javaCommand(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        return command;
    }

    private static void ratio(String name, Stats numerator, Stats denominator) {
        System.out.printf(Locale.ROOT, "  ratio of medians, %-60s %8.2fx%n", name + ":",
                numerator.median() / denominator.median());
    }

    private static void printMachine() throws IOException {
        String cpu = "unknown";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
        }
        System.out.println("OTP Verifier benchmark");
        System.out.println("  machine: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        System.out.println("  java:    " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }
}
