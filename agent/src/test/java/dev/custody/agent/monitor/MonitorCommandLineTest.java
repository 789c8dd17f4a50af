package dev.custody.agent.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MonitorCommandLineTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int top(String... args) {
        return TopMain.run(args, print(out), print(err));
    }

    private int dump(String... args) {
        return DumpMain.run(args, print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void help_printsUsage_andExitsZero() {
        assertThat(top("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: custody top [-a] [-d ID]... [-r MS]");
        out.reset();
        assertThat(dump("-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: custody dump [--socket PATH]");
    }

    @Test
    void badOptions_nameTheOptionAndValue_andExitTwo() {
        assertThat(top("-r", "10")).isEqualTo(2);
        assertThat(err()).isEqualTo("custody top: -r 10 must be a whole number in 50..3600000\n");
        err.reset();
        assertThat(top("-d")).isEqualTo(2);
        assertThat(err()).isEqualTo("custody top: -d needs a value\n");
        err.reset();
        assertThat(top("--bogus")).isEqualTo(2);
        assertThat(err()).contains("unknown option '--bogus'");
        err.reset();
        assertThat(dump("--socket")).isEqualTo(2);
        assertThat(err()).isEqualTo("custody dump: --socket needs a value\n");
    }

    @Test
    void noServer_isSaidClearly_andExitsOne() {
        String socket = "/tmp/custody-no-server-" + ProcessHandle.current().pid() + ".sock";

        assertThat(dump("--socket", socket)).isEqualTo(1);
        assertThat(err()).startsWith("Error: no Custody allocation server is running at " + socket);
        assertThat(err()).contains("Start one with: java -jar custody-agent.jar server --socket " + socket);
    }
}
