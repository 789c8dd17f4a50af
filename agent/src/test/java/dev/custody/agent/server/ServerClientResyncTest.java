package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.LegacyGeneration;
import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.ServerClient;
import dev.custody.agent.wire.StatusReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ServerClient against a real in-process server: absent server, drops, reconnect and resync. */
class ServerClientResyncTest {
    private final Path socket =
            Path.of("/tmp", "cst-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000 + ".sock");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private AllocationServer server() throws Exception {
        Console console = new Console(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                true);
        AllocationServer s =
                new AllocationServer(new ServerOptions(socket, null, LegacyGeneration.C, -1, true, 0, false), console);
        s.start();
        return s;
    }

    private static StatusReport await(AllocationServer s, Predicate<StatusReport> p) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        StatusReport r = s.registry().status();
        while (!p.test(r) && System.nanoTime() < end) {
            Thread.sleep(20);
            r = s.registry().status();
        }
        return r;
    }

    @AfterEach
    void removeSocket() throws Exception {
        Files.deleteIfExists(socket);
    }

    @Test
    void withoutAServer_callsReturnAtOnce_dropsAreCounted_andALaterServerGetsTheWholeLiveSet() throws Exception {
        try (ServerClient c = ServerClient.connect(socket, "early", "t")) {
            c.deviceOpened(0, false, "wormhole_b0", 1L << 40, 1L << 30, 0, 0);
            long started = System.nanoTime();
            int n = 200_000; // ~40 bytes each: more than the 4 MiB ring holds
            for (int i = 1; i <= n; i++) {
                c.allocated(i, 0, 0, i * 64L, 64, "S.java:1");
            }
            for (int i = 1; i <= n; i += 2) {
                c.freed(i);
            }
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertThat(tookMs).as("300k events without a server").isLessThan(5_000);
            assertThat(c.dropped()).isPositive();
            assertThat(c.isConnected()).isFalse();

            try (AllocationServer s = server()) {
                StatusReport r = await(s, x -> x.activeAllocations() == n / 2);
                assertThat(r.activeAllocations()).isEqualTo(n / 2);
                assertThat(r.devices().get(0).used(MemoryKind.DRAM)).isEqualTo(64L * n / 2);
                assertThat(r.devices().get(0).spec().dramCapacity()).isEqualTo(1L << 40);
            }
        }
    }

    @Test
    void serverRestart_clientReconnects_andTotalsAreCompleteAgain() throws Exception {
        try (ServerClient c = ServerClient.connect(socket, "steady", "t")) {
            try (AllocationServer first = server()) {
                for (int i = 1; i <= 100; i++) {
                    c.allocated(i, 1, 1, i * 16L, 16, "");
                }
                assertThat(await(first, x -> x.activeAllocations() == 100).activeAllocations())
                        .isEqualTo(100);
            }
            for (int i = 1; i <= 40; i++) {
                c.freed(i); // while no server runs
            }
            try (AllocationServer second = server()) {
                StatusReport r = await(second, x -> x.activeAllocations() == 60);
                assertThat(r.activeAllocations())
                        .as(
                                "connected=%s connects=%d dropped=%d refusal=%s server output:%n%s",
                                c.isConnected(),
                                c.connectCount(),
                                c.dropped(),
                                c.refusal(),
                                out.toString(StandardCharsets.UTF_8))
                        .isEqualTo(60);
                assertThat(r.devices())
                        .singleElement()
                        .satisfies(d -> assertThat(d.used(MemoryKind.L1)).isEqualTo(960));
                assertThat(c.connectCount()).isEqualTo(2);
                assertThat(c.dropped()).isZero();
            }
        }
    }

    @Test
    void close_flushesEverything_andTheServerCleansUpWhatWasLeft() throws Exception {
        try (AllocationServer s = server()) {
            ServerClient c = ServerClient.connect(socket, "closing", "t");
            c.allocated(1, 0, 0, 0x100, 10, "");
            c.allocated(2, 0, 0, 0x200, 20, "");
            c.freed(1);
            c.close();
            StatusReport r = await(s, x -> x.clients().isEmpty());
            assertThat(r.activeAllocations()).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("   ✓ Removed 1 buffers (1.90735e-05 MB) from PID "
                            + ProcessHandle.current().pid());
        }
    }
}
