package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The main job under the agent: clean, then each injected bug, found with exactly its kind and site. */
class LlamaIT {
    private static final String MAIN = "dev.custody.metal.Main";
    private static final Path INJECTOR =
            Path.of("../runtime-port/src/main/java/dev/custody/metal/llama/BugInjector.java");

    @TempDir
    Path dir;

    @Test
    void clean_noFindings_activeAllocationsZero_noWarnings() {
        ForkedJvm.Result r = ForkedJvm.run("strict=true,failOnLeak=true", MAIN, "llama", "--quiet");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stderr())
                .as(r.toString())
                .contains("SUMMARY: custody: no findings; 0 bytes leaked in 0 object(s);")
                .endsWith("\n📊 Final Statistics:\n  Active allocations: 0\n")
                .doesNotContain("ERROR")
                .doesNotContain("WARNING");
    }

    @Test
    void levelCount_countsTheAllocationsAndFreesTheLedgerCounts() {
        ForkedJvm.Result track = ForkedJvm.run("strict=true", MAIN, "llama", "--quiet");
        ForkedJvm.Result count = ForkedJvm.run("strict=true,level=count", MAIN, "llama", "--quiet");

        String counted = allocationsAndFrees(track);
        assertThat(counted).matches("[1-9][0-9]* allocations, [1-9][0-9]* frees");
        assertThat(allocationsAndFrees(count)).as(count.toString()).isEqualTo(counted);
        assertThat(count.stderr()).as(count.toString()).endsWith("\n📊 Final Statistics:\n  Active allocations: 0\n");
    }

    private static String allocationsAndFrees(ForkedJvm.Result r) {
        Matcher m = Pattern.compile("; ([0-9]+ allocations, [0-9]+ frees)\\.").matcher(r.stderr());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @CsvSource({
        "leak, leak, allocated",
        "stale-view, use-after-free, read",
        "pool, program-pool-leak, added to the pool of Program#",
        "mesh-closed-first, mesh-closed-with-live-buffers, mesh 0 closed",
        "double-free, double-free, second free",
        "alias-free, free-through-alias, freed through alias",
        "cb-clash, cb-clash, details"
    })
    void bug_reportedAsExactlyItsKindAtTheInjectedLine(String bug, String kind, String label) throws IOException {
        Path report = dir.resolve("report.jsonl");
        ForkedJvm.Result r =
                ForkedJvm.run("strict=true,format=jsonl,out=" + report, MAIN, "llama", "--quiet", "--bug", bug);

        List<String> jsonl = ForkedJvm.Result.jsonl(report);
        List<String> findings = Findings.findings(jsonl);
        assertThat(findings).as(r.toString()).isNotEmpty();
        assertThat(Findings.kinds(jsonl)).as(r.toString()).containsOnly(kind);
        String site = injectedSite(bug);
        if (label.equals("details")) {
            assertThat(findings.get(0)).contains("allocated at " + site);
        } else {
            assertThat(findings)
                    .as("a %s finding with '%s' at %s", kind, label, site)
                    .anyMatch(f -> label.endsWith("#")
                            ? f.contains("\"label\":\"" + label) && f.contains("\"site\":\"" + site + "\"")
                            : site.equals(Findings.site(f, label)));
        }
        assertThat(r.stderr()).as(r.toString()).doesNotContain("agent errors").doesNotContain("WARNING");
    }

    /** Finds the line marked {@code // <-- injected bug: KIND} and returns its site text. */
    private static String injectedSite(String bug) throws IOException {
        List<String> lines = Files.readAllLines(INJECTOR);
        String method = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m = Pattern.compile("^    \\S.* (inject\\w+)\\(").matcher(line);
            if (m.find()) {
                method = m.group(1);
            }
            if (line.endsWith("// <-- injected bug: " + bug)) {
                return "dev.custody.metal.llama.BugInjector." + method + "(BugInjector.java:" + (i + 1) + ")";
            }
        }
        throw new AssertionError("no line marked '// <-- injected bug: " + bug + "' in " + INJECTOR);
    }
}
