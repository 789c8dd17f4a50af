package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options as a user sees them: strict, failOnLeak, a failing tracker, levels, bad keys. */
class AgentOptionsIT {
    private static final String MAIN = "dev.custody.itest.scenario.Scenario";

    @TempDir
    Path dir;

    @Test
    void trackerThatThrows_neverReachesTheApplication() {
        ForkedJvm.Result r = ForkedJvm.run("testFault=ledger", MAIN, "use-after-free");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("done use-after-free\n");
        assertThat(r.stderr()).as(r.toString()).contains("agent errors").doesNotContain("IllegalStateException");
    }

    @Test
    void strict_turnsAnAgentErrorIntoAFailedRun() {
        ForkedJvm.Result r = ForkedJvm.run("strict=true,testFault=ledger", MAIN, "clean");

        assertThat(r.stdout()).isEqualTo("done clean\n");
        assertThat(r.exit()).as(r.toString()).isEqualTo(70);
        assertThat(r.stderr())
                .contains("custody: strict=true and the agent had ")
                .contains("the ledger failed on purpose (testFault=ledger)");
    }

    @Test
    void failOnLeak_exitStatus23WhenLeaked_0WhenClean() {
        ForkedJvm.Result leaked = ForkedJvm.run("failOnLeak=true", MAIN, "leak");
        ForkedJvm.Result clean = ForkedJvm.run("failOnLeak=true", MAIN, "clean");

        assertThat(leaked.exit()).as(leaked.toString()).isEqualTo(23);
        assertThat(leaked.stderr()).contains("custody: failOnLeak=true and the run had 1 findings");
        assertThat(clean.exit()).as(clean.toString()).isZero();
    }

    @Test
    void unknownOption_rejectedWithUsageBeforeMainRuns() {
        ForkedJvm.Result r = ForkedJvm.run("levle=track", MAIN, "clean");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .contains("custody: unknown option 'levle'")
                .contains("level=off|count|track|stacks|paranoid");
    }

    @Test
    void systemProperty_sameSyntaxAsAgentArguments() {
        List<String> command = scenario(
                ForkedJvm.jvmFlags(), "leak", "-Dcustody.failOnLeak=true", "-javaagent:" + ForkedJvm.AGENT_JAR);

        assertThat(ForkedJvm.exec(command).exit()).isEqualTo(23);
    }

    @Test
    void agentTwiceOnTheCommandLine_rejectedNamingTheFirst() {
        List<String> command = scenario(
                ForkedJvm.jvmFlags(),
                "clean",
                "-javaagent:" + ForkedJvm.AGENT_JAR + "=strict=true",
                "-javaagent:" + ForkedJvm.AGENT_JAR + "=level=stacks");

        ForkedJvm.Result r = ForkedJvm.exec(command);

        assertThat(r.exit()).as(r.toString()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr())
                .contains("custody: this JVM is already tracked by the agent loaded by -javaagent with options"
                        + " 'strict=true'; the load by -javaagent with options 'level=stacks' is refused");
    }

    @Test
    void noUnsafeFlag_noWarningLines() {
        // Without --sun-misc-unsafe-memory-access: Byte Buddy's Nexus must stay off, or JDK 24+ prints a WARNING.
        List<String> command = scenario(
                List.of("-XX:+EnableDynamicAgentLoading"),
                "clean",
                "-javaagent:" + ForkedJvm.AGENT_JAR + "=strict=true");

        ForkedJvm.Result r = ForkedJvm.exec(command);

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.stderr()).as(r.toString()).doesNotContain("WARNING").contains("SUMMARY: custody: no findings");
    }

    @Test
    void levelOff_noReport_levelCount_countsOnly() {
        ForkedJvm.Result off = ForkedJvm.run("level=off", MAIN, "leak");
        ForkedJvm.Result count = ForkedJvm.run("level=count", MAIN, "leak");

        assertThat(off.stderr()).as(off.toString()).doesNotContain("custody");
        assertThat(count.stderr())
                .as(count.toString())
                .contains("SUMMARY: custody: no findings; 0 bytes leaked in 0 object(s); 1 allocations, 0 frees.")
                .contains("  Active allocations: 1");
    }

    @Test
    void levelParanoid_leakCarriesTheFullAllocationStack() {
        Path report = dir.resolve("r.jsonl");
        ForkedJvm.run("level=paranoid,format=jsonl,out=" + report, MAIN, "leak");

        String leak = Findings.findings(ForkedJvm.Result.jsonl(report)).get(0);
        assertThat(leak)
                .contains("\"stack\":[\"")
                .contains("dev.custody.metal.buffer.Buffer.create(Buffer.java:")
                .contains("dev.custody.itest.scenario.Scenario.main(Scenario.java:");
    }

    @Test
    void levelStacks_sampleOne_sameAsParanoidForLeaks() {
        Path report = dir.resolve("r.jsonl");
        ForkedJvm.run("level=stacks,sample=1,format=jsonl,out=" + report, MAIN, "leak");

        assertThat(Findings.findings(ForkedJvm.Result.jsonl(report)).get(0)).contains("Scenario.leak(Scenario.java:");
    }

    /** The command that runs scenario {@code name} with {@code jvmFlags}, then {@code flags} (the agent's). */
    private static List<String> scenario(List<String> jvmFlags, String name, String... flags) {
        List<String> command = new java.util.ArrayList<>();
        command.add(ForkedJvm.java());
        command.addAll(jvmFlags);
        command.addAll(List.of(flags));
        command.add("-cp");
        command.add(ForkedJvm.TEST_CLASSES + java.io.File.pathSeparator + ForkedJvm.PORT_JAR);
        command.add(MAIN);
        command.add(name);
        return command;
    }
}
