package dev.custody.itest.server;

import static dev.custody.itest.server.LegacyClient.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unmodified tt-metal clients (gen C, 144-byte messages) report to the legacy socket: every message type
 * works as in the branch's server, and every kind of malformed frame is refused without touching state.
 */
class LegacyProtocolIT {
    private static final Path SOCKET = ServerFork.socketPath("legn");
    private static final Path LEGACY = ServerFork.socketPath("legc");
    private static Fork server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ServerFork.start("legacy-server", SOCKET, "--legacy-socket", LEGACY.toString());
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.terminate();
        ServerFork.deleteQuietly(SOCKET);
        ServerFork.deleteQuietly(LEGACY);
    }

    @Test
    void everyMessageType_behavesAsTheBranchServer() throws Exception {
        try (LegacyClient c = new LegacyClient(LEGACY, 144)) {
            int p = c.pid;
            c.send(ALLOC, 0, 4096, 0, 0x1000);
            c.send(ALLOC, 0, 4096, 0, 0x1000); // same (device, address): reference counted
            c.send(ALLOC, 1, 2048, 1, 0x2000);
            c.send(ALLOC, 0, 512, 3, 0x3000);
            c.send(ALLOC, 0, 1024, 4, 0x4000);
            c.send(FREE, 0, 0, 0, 0x1000);
            c.send(CB_ALLOC, 0, 4096, 0, 101152);
            c.send(KERNEL_LOAD, 0, 12288, 0, 0x3FFFF800L);

            c.send(QUERY, 0, 0, 0, 0);
            ByteBuffer r = c.reply();
            assertThat(r.get(0)).isEqualTo((byte) RESPONSE);
            assertThat(r.getInt(4)).isEqualTo(0);
            assertThat(List.of(
                            r.getLong(40), r.getLong(48), r.getLong(56), r.getLong(64), r.getLong(72), r.getLong(80)))
                    .as("dram, l1, l1_small, trace, cb, kernel of device 0")
                    .containsExactly(4096L, 0L, 512L, 1024L, 4096L, 12288L);
            c.send(QUERY, 1, 0, 0, 0);
            assertThat(c.reply().getLong(48)).as("l1 of device 1").isEqualTo(2048L);

            c.send(DEVICE_INFO_QUERY, -1, 0, 0, 0);
            ByteBuffer info = c.reply();
            assertThat(info.get(0)).isEqualTo((byte) DEVICE_INFO_RESPONSE);
            assertThat(info.getInt(124))
                    .as("num_devices: no native client announced a device")
                    .isZero();

            c.send(DUMP_REMAINING, 0, 0, 0, 0);
            server.awaitLine("📋 DUMP_REMAINING complete."::equals, 5_000, "the end of DUMP_REMAINING");
            c.send(DUMP_KERNELS, 0, 0, 0, 0);
            server.awaitLine(l -> l.startsWith("Total kernels: "), 5_000, "the end of DUMP_KERNELS");

            c.send(CB_FREE, 0, 4096, 0, 101152);
            c.send(KERNEL_UNLOAD, 0, 12288, 0, 0x3FFFF800L);
            c.send(FREE, 0, 0, 0, 0x1000);
            c.send(FREE, 0, 0, 0, 0x1000); // freed once more than allocated
            c.send(FREE, 1, 0, 0, 0x2000);
            c.send(FREE, 0, 0, 0, 0x3000);
            c.send(FREE, 0, 0, 0, 0x4000);
            c.send(QUERY, 0, 0, 0, 0);
            ByteBuffer empty = c.reply();
            assertThat(List.of(
                            empty.getLong(40),
                            empty.getLong(56),
                            empty.getLong(64),
                            empty.getLong(72),
                            empty.getLong(80)))
                    .containsOnly(0L);

            String out = server.out();
            assertThat(out)
                    .contains("✓ [PID " + p + "] Allocated 4096 bytes of DRAM on device 0 (buffer_id=0x1000)\n")
                    .contains("✓ [PID " + p
                            + "] Allocated 4096 bytes of DRAM on device 0 (buffer_id=0x1000, ref_count=2)\n")
                    .contains("✓ [PID " + p + "] Allocated 2048 bytes of L1 on device 1 (buffer_id=0x2000)\n")
                    .contains("✓ [PID " + p + "] Allocated 512 bytes of L1_SMALL on device 0 (buffer_id=0x3000)\n")
                    .contains("✓ [PID " + p + "] Allocated 1024 bytes of TRACE on device 0 (buffer_id=0x4000)\n")
                    .contains("✗ [PID " + p + "] Freed buffer 0x1000 on device 0 (4096 bytes, ref_count=1 remaining)\n")
                    .contains("✓ [PID " + p + "] Allocated 4096 bytes of CB on device 0 (buffer_id=0x18b20)\n")
                    .contains("✓ [PID " + p + "] Allocated 12288 bytes of KERNEL on device 0 (buffer_id=0x3ffff800)\n")
                    .contains("📋 Received DUMP_REMAINING request...\n")
                    .contains("Total tracked allocations: 6\n")
                    .contains("    - Buffer 0x1000: 4 KB (PID " + p + ", ref_count=1)\n")
                    .contains("    - Kernel 0x3ffff800 on device 0: 12 KB (PID " + p + ", ref_count=1)\n")
                    .contains("✗ [PID " + p + "] Freed buffer 0x18b20 on device 0 (4096 bytes, FINAL)\n")
                    .contains("✗ [PID " + p + "] Freed buffer 0x3ffff800 on device 0 (12288 bytes, FINAL)\n")
                    .contains("✗ [PID " + p + "] Freed buffer 0x1000 on device 0 (4096 bytes, FINAL)\n")
                    .contains(
                            "⚠ [PID " + p
                                    + "] Deallocation for unknown buffer 0x1000 on device 0 (allocated before tracking started)\n");

            c.send(RESPONSE, 0, 0, 0, 0); // a server-to-client type from a client
            assertThat(c.closedByServerWithin(2_000)).isTrue();
            server.awaitErrLine(
                    l -> l.contains("message type 4 (RESPONSE) is sent by the server"),
                    2_000,
                    "the RESPONSE rejection");
        }
    }

    @Test
    void malformedFrames_areRefusedWithAClearLine_connectionClosed_stateUntouched() throws Exception {
        int pid = (int) ProcessHandle.current().pid();
        try (LegacyClient keep = new LegacyClient(LEGACY, 144)) {
            keep.send(ALLOC, 2, 8192, 0, 0x9000); // state that must survive every bad frame
            keep.send(QUERY, 2, 0, 0, 0);
            assertThat(keep.reply().getLong(40)).isEqualTo(8192L);

            record Bad(String name, ByteBuffer frame, boolean closeOutput, String reason) {}
            ByteBuffer shifted = ByteBuffer.allocate(144);
            shifted.put((byte) ALLOC)
                    .put(LegacyClient.message(144, ALLOC, 2, 64, 0, pid, 0x9100).limit(143));
            List<Bad> bads = List.of(
                    new Bad(
                            "unknown type",
                            LegacyClient.message(144, 13, 2, 64, 0, pid, 0x9100),
                            false,
                            "unknown message type 13 (gen C defines 1-12)"),
                    new Bad(
                            "type zero",
                            LegacyClient.message(144, 0, 2, 64, 0, pid, 0x9100),
                            false,
                            "unknown message type 0"),
                    new Bad(
                            "device too high",
                            LegacyClient.message(144, ALLOC, 2657333, 64, 0, pid, 0x9100),
                            false,
                            "device_id 2657333 is out of range 0..7 in ALLOC"),
                    new Bad(
                            "device negative",
                            LegacyClient.message(144, FREE, -3, 0, 0, pid, 0x9000),
                            false,
                            "device_id -3 is out of range 0..7 in FREE"),
                    new Bad(
                            "buffer type",
                            LegacyClient.message(144, ALLOC, 2, 64, 9, pid, 0x9100),
                            false,
                            "buffer_type 9 is outside 0..4"),
                    new Bad(
                            "no pid",
                            LegacyClient.message(144, FREE, 2, 0, 0, 0, 0x9000),
                            false,
                            "process_id 0 is not a pid in FREE"),
                    new Bad(
                            "short",
                            LegacyClient.message(144, FREE, 2, 0, 0, pid, 0x9000)
                                    .limit(100),
                            true,
                            "short frame: the stream ended after 100 of 144 bytes"),
                    new Bad("misaligned", shifted, false, "misaligned frame: padding byte at offset 1 is 0x01"));
            for (Bad bad : bads) {
                try (LegacyClient c = new LegacyClient(LEGACY, 144)) {
                    c.raw(bad.frame());
                    if (bad.closeOutput()) {
                        c.shutdownOutput();
                    }
                    assertThat(c.closedByServerWithin(2_000))
                            .as(bad.name() + ": connection closed")
                            .isTrue();
                }
                server.awaitErrLine(
                        l -> l.contains(bad.reason())
                                && l.endsWith("closing connection (nothing from" + " this frame was applied)"),
                        2_000,
                        bad.name() + ": '" + bad.reason() + "'");
            }
            keep.send(QUERY, 2, 0, 0, 0);
            ByteBuffer r = keep.reply();
            assertThat(List.of(r.getLong(40), r.getLong(48), r.getLong(56), r.getLong(64)))
                    .as("device 2 after every bad frame")
                    .containsExactly(8192L, 0L, 0L, 0L);
            assertThat(server.out()).doesNotContain("buffer_id=0x9100").doesNotContain("Freed buffer 0x9000");
            keep.send(FREE, 2, 0, 0, 0x9000);
            keep.send(QUERY, 2, 0, 0, 0);
            assertThat(keep.reply().getLong(40)).isZero();
        }
    }
}
