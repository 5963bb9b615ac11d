package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.ui.Gui;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar double-clicked, under a real display: the window opens in a second process with the
 * fast-start options, the first start leaves a class-data archive behind, the next start maps it,
 * and stopping the first process stops the window process too.
 */
class FastStartIT {

    private static final Path JAR = Path.of("target", "otp-verifier.jar");
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path home;

    @BeforeAll
    static void requireDisplay() {
        Gui.requireDisplay();
    }

    /** A started jar: the first process, and the window process once the window takes input. */
    private record Started(Process process, Optional<ProcessHandle> window, String output) {
    }

    private Started start(Map<String, String> extraEnv) throws Exception {
        assertThat(JAR).as("mvn package builds the jar before the integration tests").isRegularFile();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dotp.startup.probe=true", "-jar", JAR.toAbsolutePath().toString())
                .directory(Files.createDirectories(home.resolve("work")).toFile()).redirectErrorStream(true);
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        for (String variable : List.of("OTP_VERIFIER_CONFIG", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
                FastStart.SWITCH)) {
            builder.environment().remove(variable);
        }
        builder.environment().putAll(extraEnv);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    seen.append(line).append('\n');
                    if (line.strip().equals("READY")) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                return false;
            }
        });
        boolean isReady = ready.get(READY_WITHIN.toSeconds(), TimeUnit.SECONDS);
        assertThat(isReady).as("the window took input; output so far:%n%s", seen).isTrue();
        // The rest of the output is drained so that the process never blocks on a full pipe.
        CompletableFuture.runAsync(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the process ended
            }
        });
        Optional<ProcessHandle> window = process.descendants().filter(FastStartIT::isWindowProcess).findFirst();
        return new Started(process, window, seen.toString());
    }

    private static boolean isWindowProcess(ProcessHandle handle) {
        return arguments(handle).contains("-Dotp.fastStart.child=true");
    }

    private static List<String> arguments(ProcessHandle handle) {
        return handle.info().arguments().map(List::of).orElse(List.of());
    }

    /** Stops the first process as a desktop or a terminal would (SIGTERM) and waits for both. */
    private static void stop(Started started) throws InterruptedException {
        started.process().destroy();
        assertThat(started.process().waitFor(60, TimeUnit.SECONDS)).as("the first process ended").isTrue();
        started.window().ifPresent(window -> assertThat(window.isAlive()).as("the window process ended too").isFalse());
    }

    private List<Path> cacheFiles() throws IOException {
        Path cache = home.resolve("cache/otp-verifier");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.toList();
        }
    }

    @Test
    void theFirstStartMakesTheArchiveAndTheNextMapsIt() throws Exception {
        Started first = start(Map.of());
        assertThat(first.window()).as("the window runs in a second process").isPresent();
        List<String> firstOptions = arguments(first.window().get());
        assertThat(firstOptions).contains("-XX:TieredStopAtLevel=1", "-Dotp.startup.probe=true")
                .anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit="));
        stop(first);

        List<Path> files = cacheFiles();
        assertThat(files).as("one archive, no draft left").hasSize(1);
        Path archive = files.get(0);
        assertThat(archive.getFileName().toString()).matches("otp-verifier-[0-9a-f]+\\.jsa");
        assertThat(Files.size(archive)).isGreaterThan(1_000_000L);

        Started second = start(Map.of());
        assertThat(second.window()).isPresent();
        assertThat(arguments(second.window().get())).contains("-XX:SharedArchiveFile=" + archive)
                .noneMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(second.output()).as("the archive's own notes stay out of the terminal").doesNotContain("[cds]")
                .doesNotContain("warning");
        stop(second);
        assertThat(cacheFiles()).containsExactly(archive);
    }

    @Test
    void turnedOffTheWindowOpensInTheFirstProcess() throws Exception {
        Started started = start(Map.of(FastStart.SWITCH, "off"));

        assertThat(started.process().descendants().filter(handle -> handle.info().command()
                .map(command -> command.endsWith("/java")).orElse(false)).findAny()).isEmpty();
        assertThat(started.window()).isEmpty();
        stop(started);
        assertThat(cacheFiles()).isEmpty();
    }
}
