package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.StatusReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server is killed (SIGKILL) and restarted while clients run: after the clients reconnect and resend
 * their live sets, the totals equal those of a run without the fault.
 */
class ServerRestartIT {
    private static final int STEPS = 600;

    @Test
    void serverKilledAndRestarted_clientsResync_totalsEqualAFaultFreeRun() throws Exception {
        Path socket = ServerFork.socketPath("restart");
        List<Fork> clients = new ArrayList<>();
        Fork second = null;
        try (Fork first = ServerFork.start("restart-server-1", socket)) {
            List<List<Workload.Op>> ops = new ArrayList<>();
            for (int seed = 21; seed <= 23; seed++) {
                // pause half-way; the second half then takes about 1.2 s (40 ms every 10 operations)
                clients.add(Fork.java(
                        "restart-client-" + seed,
                        ScenarioClient.class.getName(),
                        socket.toString(),
                        "client-" + seed,
                        Integer.toString(seed),
                        Integer.toString(STEPS),
                        "40",
                        "pause"));
                ops.add(Workload.ops(seed, STEPS));
            }
            // kill the server when every client is half-way, then let them go on while it is down
            for (Fork c : clients) {
                c.awaitLine("HALF"::equals, 20_000, "HALF");
            }
            Await.status(socket, 5_000, s -> s.clients().size() == 3);
            first.process.destroyForcibly();
            first.awaitExit(10_000);
            for (Fork c : clients) {
                c.send("go");
            }
            assertThat(clients)
                    .as("the fault must hit the clients mid-workload")
                    .noneMatch(c -> c.out().contains("HOLDING"));
            Fork.sleep(300);
            second = ServerFork.start("restart-server-2", socket);

            for (Fork c : clients) {
                c.awaitLine("HOLDING"::equals, 20_000, "HOLDING");
            }
            long[][] faultFree = Workload.totals(ops);
            StatusReport s = Await.totals(socket, 10_000, faultFree);
            assertThat(ServerFork.totals(s)).isDeepEqualTo(faultFree);
            assertThat(s.activeAllocations())
                    .isEqualTo(
                            ops.stream().mapToLong(o -> Workload.live(o).size()).sum());
            assertThat(s.clients()).hasSize(3);

            for (Fork c : clients) {
                c.send("release");
            }
            for (Fork c : clients) {
                assertThat(c.awaitExit(20_000)).isZero();
                assertThat(c.out()).containsPattern("DONE dropped=\\d+ connects=2");
            }
            Await.status(
                    socket,
                    5_000,
                    x -> x.activeAllocations() == 0 && x.clients().isEmpty());
            assertThat(second.terminate()).as("exit status after SIGTERM").isIn(0, 143);
            assertThat(second.out())
                    .contains("📊 Final Statistics:\n  Active allocations: 0\n🛑 Allocation Server stopped cleanly\n");
        } finally {
            clients.forEach(Fork::close);
            if (second != null) {
                second.close();
            }
            ServerFork.deleteQuietly(socket);
        }
    }
}
