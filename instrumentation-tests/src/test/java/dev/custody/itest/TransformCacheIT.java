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

    @Test
    void rulesOnAJdkClass_secondRunRetransformsFromTheCache_withoutLoadingByteBuddy() throws IOException {
        Path cache = dir.resolve("cache");
        Path rules = dir.resolve("jdk.rules");
        Files.write(rules, List.of("acquire java.io.FileInputStream.<init>", "release java.io.FileInputStream.close"));
        String options = "cache=" + cache + ",rules=" + rules;

        Run cold = runScenario(options, "jdk-cold", "rules-jdk");
        Run warm = runScenario(options, "jdk-warm", "rules-jdk");

        assertThat(cold.loadedByteBuddy)
                .as("the cold run builds the transformations")
                .isTrue();
        assertThat(warm.loadedByteBuddy).as("the warm run replays them").isFalse();
        assertThat(leaksAt(warm, "rulesJdk(")).as(warm.result.toString()).hasSize(1);
        assertThat(leaksAt(warm, "rulesJdk(")).isEqualTo(leaksAt(cold, "rulesJdk("));
    }

    @Test
    void rulesOnAnApplicationClass_replayed_andAnotherRulesFileGetsItsOwnCache() throws IOException {
        Path cache = dir.resolve("cache");
        Path rules = dir.resolve("app.rules");
        String lease = "dev.custody.itest.scenario.Lease";
        Files.write(
                rules,
                List.of(
                        "acquire " + lease + ".<init>",
                        "release " + lease + ".release",
                        "owns    " + lease + ".holdsResource",
                        "owner   " + lease + ".owner"));
        String options = "cache=" + cache + ",rules=" + rules;

        Run cold = runScenario(options, "app-cold", "rules-app");
        Run warm = runScenario(options, "app-warm", "rules-app");
        Files.write(rules, List.of("acquire " + lease + ".<init>"), java.nio.file.StandardOpenOption.APPEND);
        Run changed = runScenario(options, "app-changed", "rules-app");

        assertThat(warm.loadedByteBuddy)
                .as("the warm run replays the rules' transformations")
                .isFalse();
        assertThat(warm.findings).as(warm.result.toString()).isEqualTo(cold.findings);
        assertThat(warm.findings).extracting(Findings::kind).containsExactlyInAnyOrder("leak", "free-through-alias");
        assertThat(changed.loadedByteBuddy)
                .as("a duplicated rule changes nothing but the file: still the same rules, still cached")
                .isFalse();
        Files.write(rules, List.of("acquire " + lease + ".<init>", "release " + lease + ".release"));
        Run other = runScenario(options, "app-other", "rules-app");
        assertThat(other.loadedByteBuddy).as("other rules, other cache file").isTrue();
        assertThat(cacheFiles(cache)).hasSize(2);
    }

    private static List<String> leaksAt(Run run, String method) {
        return run.findings.stream()
                .filter(f -> Findings.kind(f).equals("leak"))
                .filter(f -> {
                    String site = Findings.site(f, "acquired");
                    return site != null && site.contains("Scenario." + method);
                })
                .toList();
    }

    private record Run(ForkedJvm.Result result, List<String> findings, boolean loadedByteBuddy) {}

    /**
     * Runs a scenario of the instrumentation tests, logging class loading; its findings without the pid and the
     * resources' identity hashes (rules-file resources are named by them, and they differ from run to run).
     */
    private Run runScenario(String options, String name, String scenario) throws IOException {
        Run run = fork(options, name, null, "dev.custody.itest.scenario.Scenario", scenario);
        assertThat(run.result.stdout()).as(run.result.toString()).contains("done " + scenario);
        List<String> findings = run.findings.stream()
                .map(f -> f.replaceAll("\"objectId\":\\d+", "\"objectId\":_")
                        .replaceAll("#\\d+", "#_")
                        .replaceAll("@[0-9a-f]+", "@_"))
                .toList();
        return new Run(run.result, findings, run.loadedByteBuddy);
    }

    /** Runs llama with one injected leak, logging class loading, and returns its findings without the pid. */
    private Run run(String options, String name) throws IOException {
        return run(options, name, null);
    }

    private Run run(String options, String name, Path xdgCacheHome) throws IOException {
        return fork(
                options,
                name,
                xdgCacheHome,
                MAIN,
                "llama",
                "--quiet",
                "--layers",
                "1",
                "--steps",
                "2",
                "--bug",
                "leak");
    }

    /**
     * Runs {@code mainAndArgs} under the agent with {@code options} (strict, a JSONL report), logging class loading;
     * checks it exits 0 with no agent error and returns its findings without the pid.
     */
    private Run fork(String options, String name, Path xdgCacheHome, String... mainAndArgs) throws IOException {
        Path report = dir.resolve(name + ".jsonl");
        Path classes = dir.resolve(name + "-classes.log");
        List<String> command = new ArrayList<>();
        command.add(ForkedJvm.java());
        command.addAll(ForkedJvm.jvmFlags());
        command.add("-Xlog:class+load=info:file=" + classes);
        command.add("-javaagent:" + ForkedJvm.AGENT_JAR + "=strict=true,format=jsonl,out=" + report + "," + options);
        command.add("-cp");
        command.add(ForkedJvm.TEST_CLASSES + java.io.File.pathSeparator + ForkedJvm.PORT_JAR);
        command.addAll(List.of(mainAndArgs));
        ProcessBuilder pb = new ProcessBuilder(command);
        if (xdgCacheHome != null) {
            pb.environment().put("XDG_CACHE_HOME", xdgCacheHome.toString());
        }
        ForkedJvm.Result r = ForkedJvm.waitFor(pb.start());
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> jsonl = ForkedJvm.Result.jsonl(report);
        assertThat(Findings.summary(jsonl)).as(r.toString()).contains("\"agentErrors\":0");
        List<String> findings = Findings.findings(jsonl).stream()
                .map(f -> f.replaceAll("\"pid\":\\d+", "\"pid\":_"))
                .toList();
        return new Run(r, findings, Files.readString(classes).contains(BYTE_BUDDY));
    }

    private static List<Path> cacheFiles(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".bin"))
                    .sorted()
                    .toList();
        }
    }
}
