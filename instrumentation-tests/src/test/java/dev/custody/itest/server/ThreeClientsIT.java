package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.StatusReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Three client JVMs report to one server at once; the server's totals are exact, and zero at the end. */
class ThreeClientsIT {
    private static final int STEPS = 400;

    @Test
    void threeClients_totalsExactWhileRunning_andNoActiveAllocationsAtTheEnd() throws Exception {
        Path socket = ServerFork.socketPath("three");
        Fleet fleet = null;
        try (Fork server = ServerFork.start("three-server", socket)) {
            fleet = Fleet.holding("three-client", socket, 1, 3, STEPS);
            List<Fork> clients = fleet.clients();
            List<List<Workload.Op>> ops = fleet.ops();
            long[][] expected = Workload.totals(ops);
            StatusReport s = Await.totals(socket, 5_000, expected);

            assertThat(ServerFork.totals(s)).isDeepEqualTo(expected);
            long live = ops.stream().mapToLong(o -> Workload.live(o).size()).sum();
            assertThat(s.activeAllocations()).isEqualTo(live);
            assertThat(s.clients())
                    .extracting(StatusReport.ClientUsage::jvmName)
                    .containsExactlyInAnyOrder("client-1", "client-2", "client-3");
            assertThat(s.devices())
                    .allSatisfy(d -> assertThat(d.spec().dramCapacity()).isEqualTo(Workload.DRAM));

            for (Fork c : clients) {
                c.send("release");
            }
            for (Fork c : clients) {
                assertThat(c.awaitExit(20_000)).isZero();
                assertThat(c.out()).contains("DONE dropped=0 connects=1");
            }
            Await.status(
                    socket,
                    5_000,
                    x -> x.activeAllocations() == 0 && x.clients().isEmpty());
            assertThat(server.terminate()).as("exit status after SIGTERM").isIn(0, 143);

            String out = server.out();
            assertThat(out)
                    .contains("📊 Final Statistics:\n  Active allocations: 0\n🛑 Allocation Server stopped cleanly\n");
            long allocLines = out.lines()
                    .filter(l -> l.startsWith("✓ [PID ") && l.contains(" Allocated "))
                    .count();
            long allocs =
                    ops.stream().flatMap(List::stream).filter(o -> !o.free()).count();
            assertThat(allocLines).isEqualTo(allocs);
            long freeLines = out.lines()
                    .filter(l -> l.startsWith("✗ [PID ") && l.endsWith(" bytes, FINAL)"))
                    .count();
            assertThat(freeLines).isEqualTo(allocs);
            assertThat(out).doesNotContain("⚠");
            assertThat(server.err()).isEmpty();
        } finally {
            if (fleet != null) {
                fleet.close();
            }
            ServerFork.deleteQuietly(socket);
        }
    }
}
