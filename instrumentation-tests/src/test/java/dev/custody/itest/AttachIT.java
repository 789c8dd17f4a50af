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
 * a view too) and leaks new memory afterwards; only the new leak is reported.
 */
class AttachIT {
    @TempDir
    Path dir;

    @Test
    void attach_preExistingMemoryNeverAFinding_newLeakReported() throws Exception {
        attachAndCheck(pid -> {
            List<String> attach = new ArrayList<>();
            attach.add(ForkedJvm.java());
            attach.addAll(ForkedJvm.jvmFlags());
            attach.add("-jar");
            attach.add(ForkedJvm.AGENT_JAR.toString());
            attach.add("attach");
            attach.add(pid);
            attach.add(options());
            ForkedJvm.Result cli = ForkedJvm.exec(attach);
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

    private String options() {
        return "strict=true,format=jsonl,out=" + dir.resolve("report.jsonl");
    }

    private interface Attacher {
        void attach(String pid) throws Exception;
    }

    private void attachAndCheck(Attacher attacher) throws Exception {
        Path flag = dir.resolve("attached");
        Path report = dir.resolve("report.jsonl");
        List<String> command = new ArrayList<>();
        command.add(ForkedJvm.java());
        command.addAll(ForkedJvm.jvmFlags());
        command.add("-cp");
        command.add(ForkedJvm.TEST_CLASSES + File.pathSeparator + ForkedJvm.PORT_JAR);
        command.add("dev.custody.itest.scenario.Scenario");
        command.add("wait-for-attach");
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

        assertThat(rest).contains("leaking ").contains("done wait-for-attach");
        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> jsonl = ForkedJvm.Result.jsonl(report);
        assertThat(Findings.kinds(jsonl)).as(r.toString()).containsExactly("leak");
        assertThat(Findings.findings(jsonl).get(0)).contains("\"size\":8192");
        assertThat(Findings.summary(jsonl)).contains("\"agentErrors\":0");
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
