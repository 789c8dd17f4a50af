package dev.custody.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar custody-agent.jar attach PID}: a JVM that allocated before the attach frees that memory (through
 * a view too) and leaks new memory afterwards; only the new leak is reported. A JVM the agent already tracks is not
 * attached to again, and a process that is not a JVM is left alone.
 */
class AttachIT {
    @TempDir
    Path dir;

    @Test
    void attach_preExistingMemoryNeverAFinding_newLeakReported() throws Exception {
        attachAndCheck(pid -> {
            ForkedJvm.Result cli = ForkedJvm.exec(attachCommand(pid, options()));
            assertThat(cli.exit()).as(cli.toString()).isZero();
            assertThat(cli.stdout()).contains("custody: attached to process " + pid);
        });
    }

    @Test
    void jcmdAgentLoad_sameAsAttach() throws Exception {
        attachAndCheck(pid -> {
            String jcmd = Path.of(ForkedJvm.java()).resolveSibling("jcmd").toString();
            // jcmd splits KEY=VALUE arguments itself: the quotes keep the agent options one argument.
            ForkedJvm.Result r = ForkedJvm.exec(
                    List.of(jcmd, pid, "JVMTI.agent_load", ForkedJvm.AGENT_JAR.toString(), "\"" + options() + "\""));
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.stdout()).contains("return code: 0");
        });
    }

    @Test
    void attachTwice_secondRefusedNamingTheFirst_eventsCountedOnce() throws Exception {
        attachAndCheck(pid -> {
            ForkedJvm.Result first = ForkedJvm.exec(attachCommand(pid, options()));
            assertThat(first.exit()).as(first.toString()).isZero();

            ForkedJvm.Result second = ForkedJvm.exec(attachCommand(pid, "level=stacks"));

            assertThat(second.exit()).as(second.toString()).isEqualTo(1);
            assertThat(second.stderr())
                    .contains("custody: process " + pid + " is already tracked by the agent loaded by a dynamic attach"
                            + " with options '" + options() + "'; not attached again");
        });
    }

    @Test
    void attachToAJvmStartedWithTheAgent_refused_firstAgentReportsAlone() throws Exception {
        String javaagent = "-javaagent:" + ForkedJvm.AGENT_JAR + "=" + options();
        // The -javaagent agent saw the buffer allocated before the attach too: two allocations.
        attachAndCheck(List.of(javaagent), 2, pid -> {
            ForkedJvm.Result attach = ForkedJvm.exec(attachCommand(pid, "level=track"));

            assertThat(attach.exit()).as(attach.toString()).isEqualTo(1);
            assertThat(attach.stderr())
                    .contains("is already tracked by the agent loaded by -javaagent with options '" + options() + "'");
        });
    }

    @Test
    void jcmdAgentLoadTwice_targetRefusesTheSecondLoad() throws Exception {
        ForkedJvm.Result app = attachAndCheck(pid -> {
            String jcmd = Path.of(ForkedJvm.java()).resolveSibling("jcmd").toString();
            for (int i = 0; i < 2; i++) {
                ForkedJvm.Result r = ForkedJvm.exec(List.of(
                        jcmd, pid, "JVMTI.agent_load", ForkedJvm.AGENT_JAR.toString(), "\"" + options() + "\""));
                assertThat(r.exit()).as(r.toString()).isZero();
            }
        });

        String load = "a dynamic attach with options '" + options() + "'";
        assertThat(app.stderr())
                .contains("custody: this JVM is already tracked by the agent loaded by " + load + "; the load by "
                        + load + " is refused");
    }

    @Test
    void attachToAJvmWithoutTheAttachMechanism_refusedNamingTheReasonAndTheAlternative() throws Exception {
        ForkedJvm.Result app = runAttached(List.of("-XX:+DisableAttachMechanism"), "wait-for-attach", pid -> {
            ForkedJvm.Result r = ForkedJvm.exec(attachCommand(pid, options()));

            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr())
                    .as(r.toString())
                    .startsWith("custody: could not attach to process " + pid + ": ")
                    .contains("-XX:+DisableAttachMechanism")
                    .contains("start it with -javaagent:" + ForkedJvm.AGENT_JAR + " instead");
        });

        assertThat(app.stderr()).as(app.toString()).doesNotContain("custody:");
        assertThat(dir.resolve("report.jsonl")).doesNotExist();
    }

    @Test
    void attachToAJvmRefusingDynamicAgents_refusedWithTheJdksReason() throws Exception {
        // The fork flags enable dynamic loading; the later flag wins.
        ForkedJvm.Result app = runAttached(List.of("-XX:-EnableDynamicAgentLoading"), "wait-for-attach", pid -> {
            ForkedJvm.Result r = ForkedJvm.exec(attachCommand(pid, options()));

            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr())
                    .as(r.toString())
                    .startsWith("custody: attached to process " + pid + " but could not load the agent: ")
                    .contains("Dynamic agent loading is not enabled")
                    .contains("start it with -javaagent:" + ForkedJvm.AGENT_JAR + " instead");
        });

        assertThat(app.stderr()).as(app.toString()).doesNotContain("custody:");
        assertThat(dir.resolve("report.jsonl")).doesNotExist();
    }

    @Test
    void attachToAProcessThatIsNotAJvm_refusedWithoutSignallingIt() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            String pid = Long.toString(sleep.pid());

            ForkedJvm.Result r = ForkedJvm.exec(attachCommand(pid, ""));

            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.stderr())
                    .contains("custody: attach PID: process " + pid + " is not a JVM (no libjvm.so in /proc/" + pid
                            + "/maps)");
            // The JDK's attach would have sent SIGQUIT, which kills a process that is not a JVM.
            assertThat(sleep.isAlive()).isTrue();
        } finally {
            sleep.destroy();
        }
    }

    private static List<String> attachCommand(String pid, String options) {
        List<String> attach = new ArrayList<>();
        attach.add(ForkedJvm.java());
        attach.addAll(ForkedJvm.jvmFlags());
        attach.add("-jar");
        attach.add(ForkedJvm.AGENT_JAR.toString());
        attach.add("attach");
        attach.add(pid);
        if (!options.isEmpty()) {
            attach.add(options);
        }
        return attach;
    }

    private String options() {
        return "strict=true,format=jsonl,out=" + dir.resolve("report.jsonl");
    }

    private interface Attacher {
        void attach(String pid) throws Exception;
    }

    private ForkedJvm.Result attachAndCheck(Attacher attacher) throws Exception {
        return attachAndCheck(List.of(), 1, attacher);
    }

    /**
     * Runs the scenario with {@code agentFlags}, lets {@code attacher} attach, and checks that its report (JSONL in
     * {@link #options()}' file) has the one leak and {@code allocations} allocations.
     *
     * @return the scenario's run
     */
    private ForkedJvm.Result attachAndCheck(List<String> agentFlags, int allocations, Attacher attacher)
            throws Exception {
        ForkedJvm.Result r = runAttached(agentFlags, "wait-for-attach", attacher);

        assertThat(r.stdout()).contains("leaking ");
        List<String> jsonl = ForkedJvm.Result.jsonl(dir.resolve("report.jsonl"));
        assertThat(Findings.kinds(jsonl)).as(r.toString()).containsExactly("leak");
        assertThat(Findings.findings(jsonl).get(0)).contains("\"size\":8192");
        assertThat(Findings.summary(jsonl))
                .as(r.toString())
                .contains("\"agentErrors\":0")
                .contains("\"allocations\":" + allocations + ",");
        // One agent, one exit report: a second one would print a second SUMMARY line.
        assertThat(r.stderr().split("SUMMARY: custody:", -1)).as(r.stderr()).hasSizeLessThanOrEqualTo(2);
        return r;
    }

    /**
     * Starts {@code Scenario scenario FLAG} with {@code agentFlags}, waits for its {@code ready PID} line, lets {@code
     * attacher} attach, then lets it go on and waits for its exit, which must be 0.
     *
     * @return the scenario's run; its standard output lacks the {@code ready} line
     */
    private ForkedJvm.Result runAttached(List<String> agentFlags, String scenario, Attacher attacher) throws Exception {
        Path flag = dir.resolve("attached");
        List<String> command = new ArrayList<>();
        command.add(ForkedJvm.java());
        command.addAll(ForkedJvm.jvmFlags());
        command.addAll(agentFlags);
        command.add("-cp");
        command.add(ForkedJvm.TEST_CLASSES + File.pathSeparator + ForkedJvm.PORT_JAR);
        command.add("dev.custody.itest.scenario.Scenario");
        command.add(scenario);
        command.add(flag.toString());
        Process app = new ProcessBuilder(command).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).startsWith("ready ");
        String pid = ready.substring("ready ".length());

        try {
            attacher.attach(pid);
        } finally {
            Files.writeString(flag, "go");
        }

        StringBuilder rest = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            rest.append(line).append('\n');
        }
        ForkedJvm.Result r = ForkedJvm.waitFor(app);
        r = new ForkedJvm.Result(r.exit(), rest.toString(), r.stderr());

        assertThat(r.stdout()).as(r.toString()).contains("done " + scenario);
        assertThat(r.exit()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void attachToAClassWithMethodReferences_retransformedWithoutNewMethods_sitesWhereTheReferencesAreMade()
            throws Exception {
        // The scenario's class is loaded before the attach: its retransformation may not add the bridge methods a
        // -javaagent start gives method references, so the site is stored where each reference is created.
        ForkedJvm.Result r = runAttached(List.of(), "wait-then-method-references", pid -> {
            ForkedJvm.Result cli = ForkedJvm.exec(attachCommand(pid, options()));
            assertThat(cli.exit()).as(cli.toString()).isZero();
        });

        List<String> jsonl = ForkedJvm.Result.jsonl(dir.resolve("report.jsonl"));
        assertThat(Findings.summary(jsonl)).as(r.toString()).contains("\"agentErrors\":0");
        // Without a bridge there is no receiver to check, so Buffer::address is not checked for use after free here.
        assertThat(Findings.kinds(jsonl)).as(r.toString()).containsExactly("double-free");
        String doubleFree = Findings.findings(jsonl).get(0);
        assertThat(Findings.site(doubleFree, "first free"))
                .startsWith("dev.custody.itest.scenario.Scenario.methodReferences(Scenario.java:");
        assertThat(r.stderr()).as(r.toString()).doesNotContain("could not instrument");
    }

    @Test
    void attachWithRulesNamingAJdkClass_leakAtItsSite_noJvmWarning() throws Exception {
        Path rules = dir.resolve("custody.rules");
        Files.write(rules, List.of("acquire java.io.FileInputStream.<init>", "release java.io.FileInputStream.close"));

        // FileInputStream is loaded long before the attach: its advice needs the bootstrap package in the boot loader.
        ForkedJvm.Result r = runAttached(List.of(), "wait-then-rules-jdk", pid -> {
            ForkedJvm.Result cli = ForkedJvm.exec(attachCommand(pid, options() + ",rules=" + rules));
            assertThat(cli.exit()).as(cli.toString()).isZero();
        });

        List<String> jsonl = ForkedJvm.Result.jsonl(dir.resolve("report.jsonl"));
        assertThat(Findings.summary(jsonl)).as(r.toString()).contains("\"agentErrors\":0");
        assertThat(Findings.findings(jsonl))
                .as(r.toString())
                .filteredOn(f -> String.valueOf(Findings.site(f, "acquired"))
                        .startsWith("dev.custody.itest.scenario.Scenario.rulesJdk("))
                .singleElement()
                .satisfies(f -> {
                    assertThat(Findings.kind(f)).isEqualTo("leak");
                    assertThat(f).contains("\"objectType\":\"java.io.FileInputStream\"");
                });
        // The stream a Scanner opens itself is named at the Scanner, not at the scenario's last rules-file call.
        assertThat(Findings.findings(jsonl))
                .as(r.toString())
                .filteredOn(f -> String.valueOf(Findings.site(f, "acquired")).startsWith("java.util.Scanner.<init>("))
                .hasSize(1);
        assertThat(r.stderr()).as(r.toString()).doesNotContain("bootstrap classpath has been appended");
    }

    @Test
    void attach_badOptions_rejectedBeforeAttaching() throws IOException {
        List<String> attach = new ArrayList<>();
        attach.add(ForkedJvm.java());
        attach.add("-jar");
        attach.add(ForkedJvm.AGENT_JAR.toString());
        attach.add("attach");
        attach.add(Long.toString(ProcessHandle.current().pid()));
        attach.add("colour=red");

        ForkedJvm.Result r = ForkedJvm.exec(attach);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown option 'colour'").contains("level=off|count|track|stacks|paranoid");
    }
}
