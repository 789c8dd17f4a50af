package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transformation cache as a user meets it: the second run of the same program reports exactly what the first
 * did without loading Byte Buddy; a damaged cache file is reported, ignored and replaced; {@code cache=off}
 * writes nothing.
 */
class TransformCacheIT {
    private static final String MAIN = "dev.custody.metal.Main";
    private static final String BYTE_BUDDY = "dev.custody.agent.shaded.net.bytebuddy.";

    @TempDir
    Path dir;

    @Test
    void secondRun_reportsTheSameFindingsWithSites_withoutLoadingByteBuddy() throws IOException {
        Path cache = dir.resolve("cache");
        Run cold = run("cache=" + cache, "cold");
        List<Path> files = cacheFiles(cache);
        assertThat(files).as(cold.result.toString()).hasSize(1);
        Run warm = run("cache=" + cache, "warm");

        assertThat(cold.loadedByteBuddy)
                .as("the cold run builds the transformations")
                .isTrue();
        assertThat(warm.loadedByteBuddy).as("the warm run replays them").isFalse();
        assertThat(cold.findings).as(cold.result.toString()).isNotEmpty();
        assertThat(warm.findings).isEqualTo(cold.findings);
        assertThat(String.join("\n", warm.findings)).contains("BugInjector.injectLeak(BugInjector.java:");
        assertThat(warm.result.stderr()).doesNotContain("custody: transformation cache");
        assertThat(cacheFiles(cache)).as("nothing new to save").isEqualTo(files);
    }

    @Test
    void damagedCacheFile_isReportedIgnoredAndReplaced() throws IOException {
        Path cache = dir.resolve("cache");
        Run cold = run("cache=" + cache, "cold");
        Path file = cacheFiles(cache).get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);

        Run damaged = run("cache=" + cache, "damaged");

        assertThat(damaged.result.stderr())
                .as(damaged.result.toString())
                .contains("custody: transformation cache: " + file + " is damaged (checksum mismatch); ignored");
        assertThat(damaged.findings).isEqualTo(cold.findings);
        assertThat(damaged.loadedByteBuddy).isTrue();
        Run repaired = run("cache=" + cache, "repaired");
        assertThat(repaired.loadedByteBuddy).as("the damaged file was replaced").isFalse();
        assertThat(repaired.findings).isEqualTo(cold.findings);
    }

    @Test
    void cacheOff_writesNothingAndStillTracks() throws IOException {
        Path home = dir.resolve("xdg");
        Files.createDirectories(home);
        Run off = run("cache=off", "off", home);

        assertThat(off.loadedByteBuddy).isTrue();
        assertThat(off.findings).isNotEmpty();
        try (Stream<Path> s = Files.list(home)) {
            assertThat(s).isEmpty();
        }
    }

    private record Run(ForkedJvm.Result result, List<String> findings, boolean loadedByteBuddy) {}

    /** Runs llama with one injected leak, logging class loading, and returns its findings without the pid. */
    private Run run(String options, String name) throws IOException {
        return run(options, name, null);
    }

    private Run run(String options, String name, Path xdgCacheHome) throws IOException {
        Path report = dir.resolve(name + ".jsonl");
        Path classes = dir.resolve(name + "-classes.log");
        List<String> command = new ArrayList<>();
        command.add(ForkedJvm.java());
        command.addAll(ForkedJvm.jvmFlags());
        command.add("-Xlog:class+load=info:file=" + classes);
        command.add("-javaagent:" + ForkedJvm.AGENT_JAR + "=strict=true,format=jsonl,out=" + report + "," + options);
        command.add("-cp");
        command.add(ForkedJvm.TEST_CLASSES + java.io.File.pathSeparator + ForkedJvm.PORT_JAR);
        command.addAll(List.of(MAIN, "llama", "--quiet", "--layers", "1", "--steps", "2", "--bug", "leak"));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (xdgCacheHome != null) {
            pb.environment().put("XDG_CACHE_HOME", xdgCacheHome.toString());
        }
        ForkedJvm.Result r = ForkedJvm.waitFor(pb.start());
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> findings = Findings.findings(ForkedJvm.Result.jsonl(report)).stream()
                .map(f -> f.replaceAll("\"pid\":\\d+", "\"pid\":_"))
                .toList();
        boolean byteBuddy = Files.readString(classes).contains(BYTE_BUDDY);
        return new Run(r, findings, byteBuddy);
    }

    private static List<Path> cacheFiles(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .sorted()
                    .toList();
        }
    }
}
