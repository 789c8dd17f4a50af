package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.StatusReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Three JVMs run {@code llama} under the agent at once, all streaming to one server: while they run, the
 * server's per-device totals are exactly the sums of its per-process rows and within each device's real
 * capacity; at the end every buffer is freed and the server says {@code Active allocations: 0}.
 */
class ThreeLlamaClientsIT {
    @Test
    void threeLlamaRunsAtOnce_totalsAddUpWhileRunning_andEndAtZero() throws Exception {
        Path socket = ServerFork.socketPath("llama");
        List<Fork> apps = new ArrayList<>();
        try (Fork server = ServerFork.start("llama-server", socket, "--quiet")) {
            for (int seed = 1; seed <= 3; seed++) {
                apps.add(Fork.withAgent(
                        "llama-" + seed,
                        "server=unix:" + socket,
                        "dev.custody.metal.Main",
                        "llama",
                        "--quiet",
                        "--seed",
                        Integer.toString(seed),
                        "--steps",
                        "24"));
            }
            Set<Long> seenPids = new HashSet<>();
            int samples = 0;
            long peakActive = 0;
            while (apps.stream().anyMatch(a -> a.process.isAlive())) {
                StatusReport s = ServerFork.status(socket);
                s.clients().forEach(c -> seenPids.add(c.pid()));
                long byDevice = 0;
                for (StatusReport.DeviceUsage d : s.devices()) {
                    for (MemoryKind k : MemoryKind.values()) {
                        byDevice += d.used(k);
                        assertThat(d.used(k))
                                .as("%s of device %d", k, d.spec().id())
                                .isNotNegative();
                    }
                    assertThat(d.used(MemoryKind.DRAM) + d.used(MemoryKind.KERNEL))
                            .as("DRAM of device %d within its spec", d.spec().id())
                            .isLessThanOrEqualTo(d.spec().dramCapacity());
                }
                long byProcess = s.clients().stream()
                        .mapToLong(StatusReport.ClientUsage::bytes)
                        .sum();
                long buffers = s.clients().stream()
                        .mapToLong(StatusReport.ClientUsage::buffers)
                        .sum();
                assertThat(byDevice)
                        .as("per-device totals = sum of per-process bytes")
                        .isEqualTo(byProcess);
                assertThat(s.activeAllocations()).isEqualTo(buffers);
                peakActive = Math.max(peakActive, s.activeAllocations());
                samples++;
                Fork.sleep(50);
            }
            for (Fork a : apps) {
                assertThat(a.awaitExit(120_000)).as(a.err()).isZero();
            }
            assertThat(seenPids).as("all three JVMs reported").hasSize(3);
            assertThat(samples).isPositive();
            assertThat(peakActive).isPositive();

            StatusReport end = Await.status(socket, 5_000, s -> s.clients().isEmpty());
            assertThat(end.activeAllocations()).isZero();
            assertThat(end.devices()).allSatisfy(d -> assertThat(d.buffers()).isZero());
            assertThat(server.terminate()).isIn(0, 143);
            String out = server.out();
            assertThat(out)
                    .as("every buffer was freed before its JVM disconnected")
                    .doesNotContain("Removed")
                    .doesNotContain("⚠")
                    .contains("📊 Final Statistics:\n  Active allocations: 0\n🛑 Allocation Server stopped cleanly\n");
            assertThat(server.err()).isEmpty();
        } finally {
            apps.forEach(Fork::close);
            ServerFork.deleteQuietly(socket);
        }
    }
}
