package dev.custody.agent.server;

import dev.custody.agent.wire.DeviceInfo;
import dev.custody.agent.wire.EventSink;
import dev.custody.agent.wire.Events;
import dev.custody.agent.wire.FrameReader;
import dev.custody.agent.wire.FrameWriter;
import dev.custody.agent.wire.Hello;
import dev.custody.agent.wire.Protocol;
import dev.custody.agent.wire.ProtocolException;
import dev.custody.agent.wire.SiteTable;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/** Serves one connection on the native socket: an agent (HELLO first) or a monitor (QUERY first). */
final class NativeSession implements Runnable {
    /** Entries per DUMP frame: keeps the frame under the 1 MiB limit with sites of a few hundred bytes. */
    static final int DUMP_LIMIT = 2500;

    private final SocketChannel ch;
    private final Registry registry;
    private final PeerVerifier verifier;
    private final Console console;

    NativeSession(SocketChannel ch, Registry registry, PeerVerifier verifier, Console console) {
        this.ch = ch;
        this.registry = registry;
        this.verifier = verifier;
        this.console = console;
    }

    @Override
    public void run() {
        NativeClient client = null;
        try (ch) {
            // each frame is applied before the next is read, so one buffer serves them all
            FrameReader reader = new FrameReader(ch, true);
            FrameReader.Frame first = reader.next();
            if (first == null) {
                return;
            }
            if (first.type() == Protocol.QUERY) {
                serveQueries(reader, first);
                return;
            }
            if (first.type() != Protocol.HELLO) {
                throw new ProtocolException(
                        "first frame has type " + first.type() + "; a connection starts with HELLO (1) or QUERY (5)");
            }
            Hello hello = Hello.read(first.input());
            Optional<String> refusal = hello.version() != Protocol.VERSION
                    ? Optional.of("protocol version " + hello.version() + " is not supported; this server speaks "
                            + Protocol.VERSION)
                    : verifier.verify(ch, hello.pid());
            if (refusal.isPresent()) {
                console.error("✗ Refused client \"" + hello.jvmName() + "\": " + refusal.get());
                FrameWriter.writeFully(
                        ch, new FrameWriter(Protocol.REFUSED).str(refusal.get()).finish());
                return;
            }
            client = registry.register(hello);
            FrameWriter.writeFully(
                    ch,
                    new FrameWriter(Protocol.WELCOME)
                            .u16(Protocol.VERSION)
                            .str("custody")
                            .finish());
            serveAgent(reader, client);
        } catch (ProtocolException e) {
            console.error(
                    "✗ Closing connection" + (client == null ? "" : " of PID " + client.pid()) + ": " + e.getMessage());
        } catch (IOException e) {
            // the peer went away; the cleanup below says what it left behind
        } finally {
            if (client != null) {
                registry.disconnect(client, registry.settledDead(client.pid()));
            }
            console.flush();
        }
    }

    private void serveAgent(FrameReader reader, NativeClient client) throws IOException {
        EventSink sink = new Sink(client);
        // one String per distinct call site of this client, shared by all its live entries
        SiteTable sites = new SiteTable();
        for (FrameReader.Frame f = reader.next(); f != null; f = reader.next()) {
            switch (f.type()) {
                case Protocol.EVENTS -> {
                    // only this client's monitor: other clients' sessions apply their frames in parallel
                    synchronized (client) {
                        try {
                            Events.decode(f.input(), sink, sites);
                        } catch (BadRecord e) {
                            throw (ProtocolException) e.getCause();
                        } finally {
                            client.publish(); // what a bad frame applied before its bad record counts too
                        }
                    }
                }
                case Protocol.RESYNC_BEGIN -> registry.resyncBegin(client);
                case Protocol.RESYNC_END -> registry.resyncEnd(client);
                case Protocol.QUERY -> answer(f);
                default -> throw new ProtocolException("frame type " + f.type() + " is not valid after HELLO");
            }
            console.flush();
        }
    }

    private void serveQueries(FrameReader reader, FrameReader.Frame first) throws IOException {
        for (FrameReader.Frame f = first; f != null; f = reader.next()) {
            if (f.type() != Protocol.QUERY) {
                throw new ProtocolException("a monitor connection may only send QUERY (5), got type " + f.type());
            }
            answer(f);
        }
    }

    private void answer(FrameReader.Frame f) throws IOException {
        int what = f.input().u8();
        switch (what) {
            case Protocol.QUERY_STATUS ->
                FrameWriter.writeFully(ch, registry.status().toFrame());
            case Protocol.QUERY_DUMP ->
                FrameWriter.writeFully(ch, registry.dump(DUMP_LIMIT).toFrame());
            default -> throw new ProtocolException("QUERY asks for " + what + "; known are 1 (status) and 2 (dump)");
        }
    }

    /**
     * Applies records to one client's state; called by {@link Events#decode} while the session holds the
     * client's monitor. ProtocolExceptions are wrapped.
     */
    private final class Sink implements EventSink {
        private final NativeClient client;

        Sink(NativeClient client) {
            this.client = client;
        }

        @Override
        public void device(DeviceInfo device) {
            registry.deviceSeen(device);
        }

        @Override
        public void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site) {
            try {
                client.allocated(objectId, deviceId, bufferType, address, size, site);
            } catch (ProtocolException e) {
                throw new BadRecord(e);
            }
        }

        @Override
        public void freed(long objectId) {
            client.freed(objectId);
        }

        @Override
        public void finding(long objectId, String kind, String line) {
            client.finding(objectId, kind, line);
        }
    }

    /** Carries a ProtocolException out of an EventSink callback. */
    static final class BadRecord extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRecord(ProtocolException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
