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
        Process app = new ProcessBuilder(command).redirectErrorStream(false).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).startsWith("ready ");
        String pid = ready.substring("ready ".length());

        List<String> attach = new ArrayList<>();
        attach.add(ForkedJvm.java());
        attach.addAll(ForkedJvm.jvmFlags());
        attach.add("-jar");
        attach.add(ForkedJvm.AGENT_JAR.toString());
        attach.add("attach");
        attach.add(pid);
        attach.add("strict=true,format=jsonl,out=" + report);
        ForkedJvm.Result cli = ForkedJvm.exec(attach);
        Files.writeString(flag, "go");

        StringBuilder rest = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            rest.append(line).append('\n');
        }
        ForkedJvm.Result r = ForkedJvm.waitFor(app);

        assertThat(cli.exit()).as(cli.toString()).isZero();
        assertThat(cli.stdout()).contains("custody: attached to process " + pid);
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
