package dev.otpverifier.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otpverifier.app.FastStart.Facts;
import dev.otpverifier.app.FastStart.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastStartTest {

    private static final String JAVA = "/opt/jdk/bin/java";

    @TempDir
    Path dir;

    private Path jar;
    private Path cache;

    @BeforeEach
    void jar() throws IOException {
        jar = Files.writeString(dir.resolve("otp-verifier.jar"), "not really a jar").toRealPath();
        cache = dir.resolve("cache/otp-verifier");
    }

    /** A double-click on Linux with a display: the case the fast start is for. */
    private Facts doubleClick(List<String> jvmOptions) {
        List<String> arguments = new ArrayList<>(jvmOptions);
        arguments.add("-jar");
        arguments.add(jar.toString());
        return new Facts("Linux", "OpenJDK 64-Bit Server VM", false, false, Optional.of(JAVA),
                Optional.of(arguments), Optional.of(jar), "1234/5678", "/opt/jdk/17.0.15", cache, Map.of());
    }

    private Facts doubleClick() {
        return doubleClick(List.of());
    }

    @Test
    void theFirstStartMakesTheArchiveInAPrivateCacheDirectory() throws IOException {
        Plan plan = FastStart.plan(doubleClick(List.of("-Dotp.startup.probe=true", "-Xmx256m"))).orElseThrow();

        Path archive = plan.archive().orElseThrow();
        Path draft = plan.draft().orElseThrow();
        assertThat(archive.getParent()).isEqualTo(cache);
        assertThat(archive.getFileName().toString()).matches("otp-verifier-[0-9a-f]+\\.jsa");
        assertThat(draft.getParent()).isEqualTo(cache);
        assertThat(draft.getFileName().toString()).startsWith(archive.getFileName().toString()).endsWith(".tmp");
        assertThat(plan.command()).containsExactly(JAVA, "-Dotp.startup.probe=true", "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-Xshare:auto",
                "-Xlog:cds*=off",
                "-XX:ArchiveClassesAtExit=" + draft,
                "-Dotp.fastStart.child=true", "-jar", jar.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cache))).isEqualTo("rwx------");
    }

    @Test
    void laterStartsMapTheArchiveAndMarkItUsed() throws IOException {
        Path archive = FastStart.plan(doubleClick()).orElseThrow().archive().orElseThrow();
        Files.writeString(archive, "archive");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("r--r--r--"));
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minus(Duration.ofDays(20))));

        Plan plan = FastStart.plan(doubleClick()).orElseThrow();

        assertThat(Files.getLastModifiedTime(archive).toInstant()).isAfter(Instant.now().minusSeconds(60));
        assertThat(plan.draft()).isEmpty();
        assertThat(plan.command()).contains("-XX:SharedArchiveFile=" + archive)
                .noneMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit"));
    }

    @Test
    void anArchiveOthersCouldWriteIsNotUsedButMadeAgain() throws IOException {
        Path archive = FastStart.plan(doubleClick()).orElseThrow().archive().orElseThrow();
        Files.writeString(archive, "archive");
        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-r--")); // a newer JDK's umask

        Plan plan = FastStart.plan(doubleClick()).orElseThrow();

        assertThat(archive).as("deleted: the private directory holds only this user's files").doesNotExist();
        assertThat(plan.command()).noneMatch(option -> option.startsWith("-XX:SharedArchiveFile"))
                .anyMatch(option -> option.startsWith("-XX:ArchiveClassesAtExit="));
    }

    @Test
    void aCacheDirectoryUnderADirectoryOthersCanWriteIsNotUsed() throws IOException {
        Path open = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        cache = open.resolve("cache/otp-verifier");

        Plan plan = FastStart.plan(doubleClick()).orElseThrow();

        assertThat(plan.archive()).as("someone could swap cache/ between the check and the JVM").isEmpty();
        assertThat(plan.command()).contains("-XX:TieredStopAtLevel=1");
    }

    @Test
    void aCacheDirectoryUnderAStickyDirectoryLikeTmpIsUsed() throws IOException {
        Path sticky = Files.createDirectories(dir.resolve("tmp"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        cache = sticky.resolve("cache/otp-verifier");

        assertThat(FastStart.plan(doubleClick()).orElseThrow().archive()).isPresent();
    }

    @Test
    void aCachePathTheJvmWouldReadAsTwoArchivesIsNotUsed() {
        cache = dir.resolve("a:b/otp-verifier");

        assertThat(FastStart.plan(doubleClick()).orElseThrow().archive()).isEmpty();
    }

    @Test
    void aCacheDirectoryOthersCanEnterIsNotUsed() throws IOException {
        Files.createDirectories(cache);
        Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxr-x"));

        Plan plan = FastStart.plan(doubleClick()).orElseThrow();

        assertThat(plan.archive()).isEmpty();
        assertThat(plan.draft()).isEmpty();
    }

    @Test
    void theArchiveIsNamedAfterTheJarAndTheRuntime() {
        Facts facts = doubleClick();
        Path archive = FastStart.plan(facts).orElseThrow().archive().orElseThrow();
        Facts newerJar = new Facts(facts.osName(), facts.vmName(), false, false, facts.command(), facts.arguments(),
                facts.jar(), "1234/9999", facts.runtimeIdentity(), cache, Map.of());
        Facts otherRuntime = new Facts(facts.osName(), facts.vmName(), false, false, facts.command(),
                facts.arguments(), facts.jar(), facts.jarIdentity(), "/opt/jdk/17.0.16", cache, Map.of());

        assertThat(FastStart.plan(newerJar).orElseThrow().archive()).get().isNotEqualTo(archive);
        assertThat(FastStart.plan(otherRuntime).orElseThrow().archive()).get().isNotEqualTo(archive);
        assertThat(FastStart.plan(doubleClick()).orElseThrow().archive()).contains(archive);
    }

    @Test
    void theAppRunsInThisProcessWhenItCannotBeSureTheSecondGetsTheSame() {
        Facts base = doubleClick();
        List<Facts> cases = List.of(
                new Facts(base.osName(), base.vmName(), true, false, base.command(), base.arguments(), base.jar(),
                        base.jarIdentity(), base.runtimeIdentity(), cache, Map.of()), // already the window process
                new Facts(base.osName(), base.vmName(), false, true, base.command(), base.arguments(), base.jar(),
                        base.jarIdentity(), base.runtimeIdentity(), cache, Map.of()), // no display
                new Facts("Mac OS X", base.vmName(), false, false, base.command(), base.arguments(), base.jar(),
                        base.jarIdentity(), base.runtimeIdentity(), cache, Map.of()),
                new Facts(base.osName(), "Eclipse OpenJ9 VM", false, false, base.command(), base.arguments(),
                        base.jar(), base.jarIdentity(), base.runtimeIdentity(), cache, Map.of()),
                new Facts(base.osName(), base.vmName(), false, false, Optional.empty(), base.arguments(), base.jar(),
                        base.jarIdentity(), base.runtimeIdentity(), cache, Map.of()), // no java executable
                new Facts(base.osName(), base.vmName(), false, false, base.command(), Optional.empty(), base.jar(),
                        base.jarIdentity(), base.runtimeIdentity(), cache, Map.of()), // own command line unknown
                new Facts(base.osName(), base.vmName(), false, false, base.command(), base.arguments(),
                        Optional.empty(), "", base.runtimeIdentity(), cache, Map.of()), // not run from a jar
                new Facts(base.osName(), base.vmName(), false, false, base.command(),
                        Optional.of(List.of("-cp", jar.toString(), "dev.otpverifier.app.Launcher")), base.jar(),
                        base.jarIdentity(), base.runtimeIdentity(), cache, Map.of()), // not started with -jar
                new Facts(base.osName(), base.vmName(), false, false, base.command(),
                        Optional.of(List.of("-jar", dir.resolve("other.jar").toString())), base.jar(),
                        base.jarIdentity(), base.runtimeIdentity(), cache, Map.of()), // -jar names another file
                new Facts(base.osName(), base.vmName(), false, false, base.command(),
                        Optional.of(List.of("-jar", jar.toString(), "--demo")), base.jar(), base.jarIdentity(),
                        base.runtimeIdentity(), cache, Map.of())); // arguments after the jar
        for (Facts facts : cases) {
            assertThat(FastStart.plan(facts)).as(facts.toString()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-XX:+UseSerialGC",
            "-Xshare:off", "-javaagent:/tmp/agent.jar", "--add-opens=java.base/java.lang=ALL-UNNAMED", "@argfile",
            "-verbose:class"})
    void anyOptionBeyondPropertiesMemoryAndAssertionsKeepsTheAppInThisProcess(String option) {
        assertThat(FastStart.plan(doubleClick(List.of("-Dfine=1", option)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS"})
    void optionsFromTheEnvironmentKeepTheAppInThisProcess(String variable) {
        Facts base = doubleClick();
        Facts facts = new Facts(base.osName(), base.vmName(), false, false, base.command(), base.arguments(),
                base.jar(), base.jarIdentity(), base.runtimeIdentity(), cache, Map.of(variable, "-Xint"));

        assertThat(FastStart.plan(facts)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "OFF", "false", "no", "0", " off "})
    void thePersonCanTurnItOff(String value) {
        Facts base = doubleClick();
        Facts facts = new Facts(base.osName(), base.vmName(), false, false, base.command(), base.arguments(),
                base.jar(), base.jarIdentity(), base.runtimeIdentity(), cache, Map.of(FastStart.SWITCH, value));

        assertThat(FastStart.plan(facts)).isEmpty();
    }

    @Test
    void headlessIsDecidedAsAwtDecidesItOnLinux() {
        Map<String, String> withDisplay = new HashMap<>();
        withDisplay.put("DISPLAY", ":0");

        assertThat(FastStart.headless(null, withDisplay)).isFalse();
        assertThat(FastStart.headless(null, Map.of())).isTrue();
        assertThat(FastStart.headless("true", withDisplay)).isTrue();
        assertThat(FastStart.headless("false", Map.of())).isFalse();
    }

    // ---- running the window process (real processes, standing in for the window) --------------

    private static List<String> child(String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), FastStartTestChild.class.getName()));
        command.addAll(List.of(arguments));
        return command;
    }

    @Test
    void theExitStatusOfTheWindowProcessIsPassedOn() throws IOException {
        assertThat(FastStart.run(new Plan(child("0"), Optional.empty(), Optional.empty()))).isEqualTo(0);
        assertThat(FastStart.run(new Plan(child("2"), Optional.empty(), Optional.empty()))).isEqualTo(2);
    }

    @Test
    void aWindowProcessThatCannotStartLetsTheAppRunHere() throws IOException {
        Path archive = Files.writeString(Files.createDirectories(cache).resolve("otp-verifier-1.jsa"), "refused");
        List<String> unknownOption = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+ThisOptionDoesNotExist", "-version");

        assertThat(FastStart.run(new Plan(unknownOption, Optional.of(archive), Optional.empty())))
                .isEqualTo(FastStart.NOT_STARTED);
        assertThat(archive).as("an archive the runtime may have refused is made again next time").doesNotExist();
    }

    @Test
    void aFinishedArchiveReplacesLongUnusedOnesAndTheDraftIsGone() throws IOException {
        Files.createDirectories(cache);
        Path old = Files.writeString(cache.resolve("otp-verifier-0ld.jsa"), "an earlier jar");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(FastStart.UNUSED_FOR).minusSeconds(60)));
        Path otherCopy = Files.writeString(cache.resolve("otp-verifier-c0py.jsa"), "a copy of the jar elsewhere, in use");
        Path abandoned = Files.writeString(cache.resolve("otp-verifier-c0py.jsa.7.tmp"), "a crashed first start");
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path unrelated = Files.writeString(cache.resolve("notes.txt"), "not ours");
        Path archive = cache.resolve("otp-verifier-5ee.jsa");
        Path draft = cache.resolve("otp-verifier-5ee.jsa.42.tmp");

        int status = FastStart.run(new Plan(child("0", draft.toString()), Optional.of(archive), Optional.of(draft)));

        assertThat(status).isZero();
        assertThat(archive).hasContent("archive");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive))).isEqualTo("r--------");
        assertThat(draft).doesNotExist();
        assertThat(old).doesNotExist();
        assertThat(abandoned).doesNotExist();
        assertThat(otherCopy).exists();
        assertThat(unrelated).exists();
    }

    @Test
    void aDraftFromAKilledOrCrashedWindowProcessIsNotKept() throws IOException {
        Files.createDirectories(cache);
        Path archive = cache.resolve("otp-verifier-5ee.jsa");
        Path draft = cache.resolve("otp-verifier-5ee.jsa.42.tmp");

        FastStart.run(new Plan(child("137", draft.toString()), Optional.of(archive), Optional.of(draft)));

        assertThat(archive).as("it may be cut short, and a cut-short archive can crash the JVM").doesNotExist();
        assertThat(draft).doesNotExist();
    }

    @Test
    void aWindowProcessThatCrashesAtOnceLetsTheAppRunHereAndItsArchiveGo() throws IOException {
        Path archive = Files.writeString(Files.createDirectories(cache).resolve("otp-verifier-1.jsa"), "crashed on");

        assertThat(FastStart.run(new Plan(child("135"), Optional.of(archive), Optional.empty())))
                .isEqualTo(FastStart.NOT_STARTED);
        assertThat(archive).doesNotExist();
    }

    @Test
    void aWindowProcessStoppedByTheUserIsNotRunAgain() throws IOException {
        assertThat(FastStart.run(new Plan(child("130"), Optional.empty(), Optional.empty()))).isEqualTo(130);
        assertThat(FastStart.run(new Plan(child("143"), Optional.empty(), Optional.empty()))).isEqualTo(143);
    }

    @Test
    void anUnfinishedDraftIsNotKept() throws IOException {
        Files.createDirectories(cache);
        Path archive = cache.resolve("otp-verifier-5ee.jsa");
        Path draft = cache.resolve("otp-verifier-5ee.jsa.42.tmp");

        FastStart.run(new Plan(child("0"), Optional.of(archive), Optional.of(draft)));

        assertThat(archive).doesNotExist();
        assertThat(draft).doesNotExist();
    }
}
