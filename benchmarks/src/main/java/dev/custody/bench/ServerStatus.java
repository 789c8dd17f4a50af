package dev.custody.bench;

import dev.custody.agent.wire.FrameReader;
import dev.custody.agent.wire.FrameWriter;
import dev.custody.agent.wire.Protocol;
import dev.custody.agent.wire.StatusReport;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** A monitor connection to the allocation server that asks for the status (what {@code custody top} reads). */
final class ServerStatus implements AutoCloseable {
    private final SocketChannel ch;
    private final FrameReader reader;

    ServerStatus(Path socket) throws IOException {
        ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        reader = new FrameReader(ch);
    }

    /** The server's current status. */
    StatusReport status() throws IOException {
        FrameWriter.writeFully(
                ch, new FrameWriter(Protocol.QUERY).u8(Protocol.QUERY_STATUS).finish());
        FrameReader.Frame f = reader.next();
        if (f == null || f.type() != Protocol.STATUS) {
            throw new IOException("the server answered a status query with "
                    + (f == null ? "end of stream" : "frame type " + f.type()) + " instead of STATUS");
        }
        return StatusReport.read(f.input());
    }

    /** The native client row of process {@code pid}, or null while the server does not list it. */
    StatusReport.ClientUsage client(long pid) throws IOException {
        for (StatusReport.ClientUsage c : status().clients()) {
            if (c.pid() == pid && !c.legacy()) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
