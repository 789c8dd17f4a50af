package dev.custody.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustodyCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CustodyCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void noCommand_usageAndStatus2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar custody-agent.jar COMMAND");
    }

    @Test
    void unknownCommand_namedWithUsage() {
        assertThat(run("detach", "1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown command 'detach'")
                .contains("attach PID");
    }

    @Test
    void attach_pidNotANumber_rejected() {
        assertThat(run("attach", "java")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("attach PID: 'java' is not a process id");
    }

    @Test
    void attach_badOptions_rejectedWithAgentUsage() {
        assertThat(run("attach", "1", "level=loud")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("level=loud is not one of");
    }

    @Test
    void attach_rulesFileMissingAsTheTargetSeesIt_rejectedBeforeAttaching() throws IOException {
        String pid = Long.toString(ProcessHandle.current().pid());
        // A relative path is the target's: resolved against its working directory (here this JVM's own).
        Path expected = Path.of("").toRealPath().resolve("no-such-custody.rules");

        assertThat(run("attach", pid, "rules=no-such-custody.rules")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("custody: rules=" + expected + " cannot be read: ")
                .doesNotContain("could not attach");
    }

    @Test
    void attach_rulesFileWithABadLine_rejectedNamingTheLine(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("typo.rules");
        Files.write(rules, List.of("release java.io.FileInputStream.close", "acquire FileInputStream"));

        assertThat(run("attach", Long.toString(ProcessHandle.current().pid()), "rules=" + rules))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("custody: rules " + rules + " line 2: 'FileInputStream' is not CLASS.METHOD");
    }

    @Test
    void attach_noSuchProcess_saidPlainly() {
        ProcessHandle gone = startedAndFinished();

        assertThat(run("attach", Long.toString(gone.pid()))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("custody: attach PID: no process " + gone.pid() + " is running; ")
                .doesNotContain("AttachmentProvider");
    }

    /** A process that has exited: its PID names nothing (until the system reuses it, which takes a while). */
    private static ProcessHandle startedAndFinished() {
        try {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            return p.toHandle();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void help_printsUsageToStdout() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("attach PID [OPTIONS]");
    }
}
