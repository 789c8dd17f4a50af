package dev.custody.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
    void help_printsUsageToStdout() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("attach PID [OPTIONS]");
    }
}
