package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.StatusReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kill -9 of one client: its allocations vanish within a second; the others' stay exactly as they were. */
class KillClientIT {
    private static final int STEPS = 300;

    @Test
    void killNine_removesOnlyTheKilledClientsAllocations_withinOneSecond() throws Exception {
        Path socket = ServerFork.socketPath("kill");
        Fleet fleet = null;
        try (Fork server = ServerFork.start("kill-server", socket)) {
            fleet = Fleet.holding("kill-client", socket, 11, 13, STEPS);
            List<Fork> clients = fleet.clients();
            List<List<Workload.Op>> ops = fleet.ops();
            assertThat(ServerFork.totals(Await.totals(socket, 5_000, Workload.totals(ops))))
                    .isDeepEqualTo(Workload.totals(ops));

            Fork victim = clients.get(1);
            long victimPid = victim.pid();
            long killedAt = System.nanoTime();
            victim.process.destroyForcibly(); // SIGKILL
            long[][] survivors = Workload.totals(List.of(ops.get(0), ops.get(2)));
            StatusReport after = Await.totals(socket, 1_000, survivors);
            long tookMs = (System.nanoTime() - killedAt) / 1_000_000;

            assertThat(ServerFork.totals(after)).isDeepEqualTo(survivors);
            assertThat(tookMs).isLessThan(1_000);
            assertThat(after.clients())
                    .extracting(StatusReport.ClientUsage::pid)
                    .doesNotContain(victimPid);
            assertThat(after.clients()).hasSize(2);
            int victimLive = Workload.live(ops.get(1)).size();
            server.awaitLine(
                    l -> l.startsWith("   ✓ Removed " + victimLive + " buffers (")
                            && l.endsWith(" MB) from PID " + victimPid),
                    2_000,
                    "the cleanup line for the killed client");
            assertThat(server.out()).contains("   PID " + victimPid + " ");
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            ServerFork.deleteQuietly(socket);
        }
    }
}
