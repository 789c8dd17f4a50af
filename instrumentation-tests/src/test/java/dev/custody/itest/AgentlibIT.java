package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent loaded with {@code -agentlib:instrument=<jar>=<options>}, the README's faster start for class-path
 * applications: the same agent and report as {@code -javaagent}, without the module option that makes the JVM give
 * up its archived module graph.
 */
class AgentlibIT {
    private static final String MAIN = "dev.custody.metal.Main";
    private static final Pattern COUNTS = Pattern.compile("; ([0-9]+ allocations, [0-9]+ frees)\\.");
    private static final String GRAPH_ENABLED = "full module graph: enabled";
    private static final String GRAPH_DISABLED = "full module graph: disabled";

    @Test
    void agentlibInstrument_tracksTheDemoExactlyAsJavaagentDoes() {
        ForkedJvm.Result javaagent = ForkedJvm.run("strict=true,failOnLeak=true", MAIN, "llama", "--quiet");
        ForkedJvm.Result agentlib = ForkedJvm.runWith(
                List.of("-agentlib:instrument=" + ForkedJvm.AGENT_JAR + "=strict=true,failOnLeak=true"),
                MAIN,
                "llama",
                "--quiet");

        assertThat(agentlib.exit()).as(agentlib.toString()).isZero();
        assertThat(agentlib.stderr())
                .as(agentlib.toString())
                .contains("SUMMARY: custody: no findings; 0 bytes leaked in 0 object(s);")
                .endsWith("\n📊 Final Statistics:\n  Active allocations: 0\n");
        assertThat(counts(agentlib)).as(agentlib.toString()).isEqualTo(counts(javaagent));
    }

    @Test
    void agentlibInstrument_findsAnInjectedBug() {
        ForkedJvm.Result r = ForkedJvm.runWith(
                List.of("-agentlib:instrument=" + ForkedJvm.AGENT_JAR + "=strict=true,failOnLeak=true"),
                MAIN,
                "llama",
                "--quiet",
                "--bug",
                "double-free");

        assertThat(r.exit()).as(r.toString()).isEqualTo(23);
        assertThat(r.stderr()).as(r.toString()).contains("ERROR: custody: double-free");
    }

    @Test
    void agentlibInstrument_keepsTheArchivedModuleGraph_javaagentDoesNot() {
        ForkedJvm.Result none = ForkedJvm.runWith(List.of("-Xlog:cds"), MAIN, "llama", "--quiet", "--steps", "1");
        assumeTrue(none.stdout().contains(GRAPH_ENABLED), "this JDK maps no archived module graph:\n" + none);

        ForkedJvm.Result javaagent = ForkedJvm.runWith(
                List.of("-Xlog:cds", "-javaagent:" + ForkedJvm.AGENT_JAR), MAIN, "llama", "--quiet", "--steps", "1");
        ForkedJvm.Result agentlib = ForkedJvm.runWith(
                List.of("-Xlog:cds", "-agentlib:instrument=" + ForkedJvm.AGENT_JAR),
                MAIN,
                "llama",
                "--quiet",
                "--steps",
                "1");

        assertThat(javaagent.stdout()).as(javaagent.toString()).contains(GRAPH_DISABLED);
        assertThat(agentlib.stdout())
                .as(agentlib.toString())
                .contains(GRAPH_ENABLED)
                .doesNotContain(GRAPH_DISABLED);
        assertThat(agentlib.stderr()).as(agentlib.toString()).contains("Active allocations: 0");
    }

    private static String counts(ForkedJvm.Result r) {
        Matcher m = COUNTS.matcher(r.stderr());
        assertThat(m.find()).as(r.toString()).isTrue();
        return m.group(1);
    }
}
