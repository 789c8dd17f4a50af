package dev.custody.itest.server;

import dev.custody.agent.wire.FrameReader;
import dev.custody.agent.wire.FrameWriter;
import dev.custody.agent.wire.Protocol;
import dev.custody.agent.wire.StatusReport;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Helpers to run the allocation server in a fork and ask it for its status. */
final class ServerFork {
    private ServerFork() {}

    /** A fresh short socket path under /tmp (never under target/: sun_path holds 108 bytes). */
    static Path socketPath(String tag) {
        return Path.of(
                "/tmp",
                "cit-" + tag + "-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 20, 36) + ".sock");
    }

    /** Starts {@code java -jar custody-agent.jar server --socket PATH extra…} and waits for its start-up line. */
    static Fork start(String name, Path socket, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("server", "--socket", socket.toString(), "--stats-interval", "0"));
        args.addAll(List.of(extra));
        Fork f = Fork.agentJar(name, args.toArray(String[]::new));
        f.owning(socket)
                .awaitLine(l -> l.equals("🚀 Allocation Server started"), 15_000, "'🚀 Allocation Server started'");
        return f;
    }

    /** One STATUS query over the native protocol. */
    static StatusReport status(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            FrameWriter.writeFully(
                    ch,
                    new FrameWriter(Protocol.QUERY).u8(Protocol.QUERY_STATUS).finish());
            FrameReader.Frame f = new FrameReader(ch).next();
            return StatusReport.read(f.input());
        }
    }

    /** Bytes per device and kind in a status report, shaped like {@link Workload#totals}. */
    static long[][] totals(StatusReport s) {
        long[][] t = new long[Workload.DEVICES][];
        for (int d = 0; d < Workload.DEVICES; d++) {
            t[d] = new long[dev.custody.agent.wire.MemoryKind.values().length];
        }
        for (StatusReport.DeviceUsage d : s.devices()) {
            if (d.spec().id() < Workload.DEVICES) {
                for (var k : dev.custody.agent.wire.MemoryKind.values()) {
                    t[d.spec().id()][k.ordinal()] = d.used(k);
                }
            }
        }
        return t;
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a socket file left in /tmp is harmless
        }
    }
}
