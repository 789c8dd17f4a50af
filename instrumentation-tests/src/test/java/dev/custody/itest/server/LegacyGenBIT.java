package dev.custody.itest.server;

import static dev.custody.itest.server.LegacyClient.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Gen B clients (112-byte messages: allocation_server_poc, allocation_client.py) on --legacy-frame 112. */
class LegacyGenBIT {
    @Test
    void genB_allocFreeQueryDeviceInfoDump_work_andGenCOnlyTypesAreRefused() throws Exception {
        Path socket = ServerFork.socketPath("genbn");
        Path legacy = ServerFork.socketPath("genb");
        try (Fork server = ServerFork.start(
                "legacy-b-server", socket, "--legacy-socket", legacy.toString(), "--legacy-frame", "112")) {
            try (LegacyClient c = new LegacyClient(legacy, 112)) {
                c.send(ALLOC, 0, 1_048_576, 0, 0x3FFFF800L);
                c.send(QUERY, 0, 0, 0, 0);
                ByteBuffer r = c.reply();
                assertThat(r.get(0)).isEqualTo((byte) RESPONSE);
                assertThat(r.getLong(40)).isEqualTo(1_048_576L);
                c.send(DEVICE_INFO_QUERY, 0, 0, 0, 0);
                assertThat(c.reply().get(0)).isEqualTo((byte) DEVICE_INFO_RESPONSE);
                c.send(DUMP_REMAINING, 0, 0, 0, 0);
                server.awaitLine("  DRAM: 1 buffers, 1 MB total"::equals, 5_000, "the DRAM line of the dump");
                c.send(FREE, 0, 0, 0, 0x3FFFF800L);
                c.send(CB_ALLOC, 0, 4096, 0, 101152);
                assertThat(c.closedByServerWithin(2_000)).isTrue();
            }
            server.awaitErrLine(
                    l -> l.contains("unknown message type 8 (gen B defines 1-7)"),
                    2_000,
                    "the gen-B rejection of CB_ALLOC");
            int p = (int) ProcessHandle.current().pid();
            server.awaitLine(
                    ("✗ [PID " + p + "] Freed buffer 0x3ffff800 on device 0 (1048576 bytes, FINAL)")::equals,
                    2_000,
                    "the FINAL free");
        } finally {
            ServerFork.deleteQuietly(socket);
            ServerFork.deleteQuietly(legacy);
        }
    }
}
