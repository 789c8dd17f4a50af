package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.ServerClient;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code top} and {@code dump} as a user sees them, captured from their output. */
class MonitorIT {
    private static final String RED = "\u001b[31m";
    private static final String YELLOW = "\u001b[33m";
    private static final String GREEN = "\u001b[32m";
    private static final String RESET = "\u001b[0m";

    private static String bar(String colour, int filled) {
        return "[" + colour + "█".repeat(filled) + "░".repeat(25 - filled) + RESET + "]";
    }

    @Test
    void top_showsBarsAgainstTheSpecsCapacities_colouredByFill_andOneRowPerProcess() throws Exception {
        Path socket = ServerFork.socketPath("top");
        long me = ProcessHandle.current().pid();
        try (Fork server = ServerFork.start("top-server", socket);
                ServerClient client = ServerClient.connect(socket, "monitor-it", "it")) {
            // a tiny device so that the bars cross 75 % and 90 %: capacities come from this spec, not constants
            client.deviceOpened(5, false, "blackhole", 1000, 1000, 0, 400);
            client.allocated(1, 5, 0, 0x100, 950, "MonitorIT.dram(MonitorIT.java:1)"); // 95 %: red
            client.allocated(2, 5, 1, 0x200, 800, "MonitorIT.l1(MonitorIT.java:2)"); // 80 %: yellow
            client.allocated(3, 5, 5, 0x300, 100, "MonitorIT.cb(MonitorIT.java:3)"); // 10 %: green
            client.finding(3, "leak", "ERROR: LeakSanitizer: 1 buffer of 100 bytes");
            Await.status(socket, 5_000, s -> s.activeAllocations() == 3);

            try (Fork top = Fork.java(
                    "top",
                    "dev.custody.agent.monitor.TopMain",
                    "-d",
                    "5",
                    "-n",
                    "1",
                    "-r",
                    "100",
                    "--socket",
                    socket.toString())) {
                assertThat(top.awaitExit(20_000)).isZero();
                String screen = top.out();
                assertThat(screen)
                        .contains("\u001b[2J\u001b[H  Cross-Process Memory Monitor (via Allocation Server)\n");
                assertThat(screen).contains("Device 5 (blackhole) - 3 buffers\n");
                assertThat(screen).contains("  DRAM:     950.00 B / 1000.00 B  " + bar(RED, 24) + " 95.0%\n");
                assertThat(screen).contains("  L1:       800.00 B / 1000.00 B  " + bar(YELLOW, 20) + " 80.0%\n");
                assertThat(screen).contains("  TRACE:    0.00 B / 400.00 B  " + bar(GREEN, 0) + " 0.0%\n");
                assertThat(screen).contains("  CB:       100.00 B / 1000.00 B  " + bar(GREEN, 3) + " 10.0%\n");
                assertThat(screen).doesNotContain("L1_SMALL:");
                assertThat(screen)
                        .contains(String.format(
                                Locale.ROOT, "  %-8d %-28s %12s %9d %9d%n", me, "monitor-it", "1.81 KB", 3, 1));
            }

            try (Fork dump = Fork.java("dump", "dev.custody.agent.monitor.DumpMain", "--socket", socket.toString())) {
                assertThat(dump.awaitExit(20_000)).isZero();
                assertThat(dump.out())
                        .contains("📋 Remaining allocations: 3\n")
                        .contains("Device 5:\n  DRAM: 1 buffers, 950.00 B total\n")
                        .contains("    - 0x100: 950.00 B (PID " + me + ", object 1) allocated at"
                                + " MonitorIT.dram(MonitorIT.java:1)\n")
                        .contains("  CB: 1 buffers, 100.00 B total\n");
            }
            server.awaitLine(
                    l -> l.equals("⚠ [PID " + me + "] leak: ERROR: LeakSanitizer: 1 buffer of 100 bytes"),
                    2_000,
                    "the finding line");
        } finally {
            ServerFork.deleteQuietly(socket);
        }
    }

    @Test
    void top_withoutAServer_saysSoAndExitsWithOne() throws Exception {
        Path socket = ServerFork.socketPath("none");
        // Through the jar's command line (Main-Class), as a user types it: custody-agent.jar top --socket PATH.
        try (Fork top =
                Fork.java("top-none", "dev.custody.agent.cli.CustodyCli", "top", "--socket", socket.toString())) {
            assertThat(top.awaitExit(20_000)).isEqualTo(1);
            assertThat(top.err())
                    .contains("Error: no Custody allocation server is running at " + socket)
                    .contains("Start one with: java -jar custody-agent.jar server --socket " + socket);
        }
    }
}
