package dev.custody.agent.monitor;

import dev.custody.agent.wire.DumpReport;
import dev.custody.agent.wire.FrameReader;
import dev.custody.agent.wire.FrameWriter;
import dev.custody.agent.wire.Protocol;
import dev.custody.agent.wire.ProtocolException;
import dev.custody.agent.wire.StatusReport;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** A monitor's connection to the server: QUERY frames out, STATUS or DUMP frames back. */
final class MonitorClient implements AutoCloseable {
    private final SocketChannel ch;
    private final FrameReader reader;

    private MonitorClient(SocketChannel ch) {
        this.ch = ch;
        this.reader = new FrameReader(ch);
    }

    /**
     * Connects to the server.
     *
     * @throws NoServerException if nothing listens on {@code socket}
     */
    static MonitorClient connect(Path socket) throws NoServerException {
        try {
            return new MonitorClient(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
        } catch (IOException e) {
            throw new NoServerException(socket, e);
        }
    }

    StatusReport status() throws IOException {
        return StatusReport.read(ask(Protocol.QUERY_STATUS, Protocol.STATUS).input());
    }

    DumpReport dump() throws IOException {
        return DumpReport.read(ask(Protocol.QUERY_DUMP, Protocol.DUMP).input());
    }

    private FrameReader.Frame ask(int what, int expected) throws IOException {
        FrameWriter.writeFully(ch, new FrameWriter(Protocol.QUERY).u8(what).finish());
        FrameReader.Frame f = reader.next();
        if (f == null) {
            throw new IOException("the server closed the connection");
        }
        if (f.type() != expected) {
            throw new ProtocolException("expected frame type " + expected + ", got " + f.type());
        }
        return f;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }

    /** No server listens on the socket. */
    static final class NoServerException extends IOException {
        private static final long serialVersionUID = 1L;

        NoServerException(Path socket, IOException cause) {
            super(
                    "Error: no Custody allocation server is running at " + socket + " (" + cause.getMessage() + ")\n"
                            + "Start one with: java -jar custody-agent.jar server --socket " + socket,
                    cause);
        }
    }
}
