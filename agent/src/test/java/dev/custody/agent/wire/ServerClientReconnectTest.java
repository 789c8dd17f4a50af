package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ServerClient against a scripted server that records every frame, so a test can see exactly what a resync
 * sends (the real server only shows the totals it applied).
 */
class ServerClientReconnectTest {
    private final Path socket =
            Path.of("/tmp", "csr-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000 + ".sock");

    /** A record or frame marker as the scripted server received it. */
    private record Received(String what, long id, int deviceId, int bufferType, long address, long size, String site) {
        static Received marker(String what) {
            return new Received(what, 0, 0, 0, 0, 0, "");
        }
    }

    /** Accepts one connection, says WELCOME, and queues everything the client sends until it closes. */
    private static final class ScriptedServer implements AutoCloseable {
        final ServerSocketChannel listener;
        final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
        volatile SocketChannel connection;
        final Thread reader;

        ScriptedServer(Path socket) throws IOException {
            Files.deleteIfExists(socket);
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            reader = new Thread(this::serve, "scripted-server");
            reader.setDaemon(true);
            reader.start();
        }

        private void serve() {
            try (SocketChannel ch = listener.accept()) {
                connection = ch;
                FrameReader in = new FrameReader(ch);
                FrameReader.Frame hello = in.next();
                received.add(Received.marker(
                        "HELLO " + Hello.read(hello.input()).devices().size()));
                FrameWriter.writeFully(
                        ch,
                        new FrameWriter(Protocol.WELCOME)
                                .u16(Protocol.VERSION)
                                .str("scripted")
                                .finish());
                for (FrameReader.Frame f = in.next(); f != null; f = in.next()) {
                    switch (f.type()) {
                        case Protocol.RESYNC_BEGIN -> received.add(Received.marker("BEGIN"));
                        case Protocol.RESYNC_END -> received.add(Received.marker("END"));
                        case Protocol.EVENTS -> Events.decode(f.input(), new Recorder(received));
                        default -> received.add(Received.marker("frame " + f.type()));
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
            received.add(Received.marker("CLOSED"));
        }

        Received next() throws InterruptedException {
            Received r = received.poll(10, TimeUnit.SECONDS);
            assertThat(r).as("the next record within 10 s").isNotNull();
            return r;
        }

        /** Takes records until a FINDING of {@code kind}, returning those before it. */
        List<Received> until(String kind) throws InterruptedException {
            List<Received> out = new ArrayList<>();
            for (Received r = next(); !r.what().equals("FINDING " + kind); r = next()) {
                out.add(r);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            listener.close();
            SocketChannel c = connection;
            if (c != null) {
                c.close();
            }
            reader.join(5000);
        }
    }

    private record Recorder(LinkedBlockingQueue<Received> out) implements EventSink {
        @Override
        public void device(DeviceInfo device) {
            out.add(Received.marker("DEVICE " + device.id()));
        }

        @Override
        public void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site) {
            out.add(new Received("ALLOC", objectId, deviceId, bufferType, address, size, site));
        }

        @Override
        public void freed(long objectId) {
            out.add(new Received("FREE", objectId, 0, 0, 0, 0, ""));
        }

        @Override
        public void finding(long objectId, String kind, String line) {
            out.add(Received.marker("FINDING " + kind));
        }
    }

    @AfterEach
    void removeSocket() throws IOException {
        Files.deleteIfExists(socket);
    }

    private static void awaitDisconnected(ServerClient c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (c.isConnected() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(c.isConnected()).as("disconnected within 10 s").isFalse();
    }

    @Test
    void reconnect_resendsExactlyTheLiveSet_andNoneOfTheEventsItAlreadyCovers() throws Exception {
        Map<Long, Received> live = new HashMap<>();
        try (ServerClient c = ServerClient.connect(socket, "resync", "t")) {
            try (ScriptedServer first = new ScriptedServer(socket)) {
                assertThat(first.next().what()).isEqualTo("HELLO 0");
                c.deviceOpened(0, false, "wormhole_b0", 1L << 30, 1L << 20, 0, 0);
                c.deviceOpened(1, false, "wormhole_b0", 1L << 30, 1L << 20, 0, 0);
                for (long id = 1; id <= 5_000; id++) {
                    String site = "S.java:" + (id % 13);
                    c.allocated(id, (int) (id % 2), (int) (id % 7), id << 8, id * 3, site);
                    live.put(id, new Received("ALLOC", id, (int) (id % 2), (int) (id % 7), id << 8, id * 3, site));
                }
                for (long id = 2; id <= 5_000; id += 2) {
                    c.freed(id);
                    live.remove(id);
                }
                c.finding(0, "mark-1", "");
                List<Received> firstStream = first.until("mark-1");
                assertThat(firstStream).hasSize(2 + 5_000 + 2_500); // no resync on a first connection
                assertThat(c.connectCount()).isEqualTo(1);
            }
            awaitDisconnected(c);

            // while no server listens: frees, replacements and new objects, some with a new site
            for (long id = 1; id <= 1_001; id += 2) {
                c.freed(id);
                live.remove(id);
            }
            c.allocated(1_003, 1, 2, 0xAB00, 77, "Replaced.java:9");
            live.put(1_003L, new Received("ALLOC", 1_003, 1, 2, 0xAB00, 77, "Replaced.java:9"));
            for (long id = 10_001; id <= 10_100; id++) {
                c.allocated(id, 0, 5, id, 1, null);
                live.put(id, new Received("ALLOC", id, 0, 5, id, 1, ""));
            }

            try (ScriptedServer second = new ScriptedServer(socket)) {
                assertThat(second.next().what()).isEqualTo("HELLO 2");
                assertThat(second.next().what()).isEqualTo("BEGIN");
                List<Received> snapshot = new ArrayList<>();
                for (Received r = second.next(); !r.what().equals("END"); r = second.next()) {
                    snapshot.add(r);
                }
                c.finding(0, "mark-2", "");
                List<Received> after = second.until("mark-2");

                assertThat(snapshot.subList(0, 2)).extracting(Received::what).containsExactly("DEVICE 0", "DEVICE 1");
                Map<Long, Received> sent = new HashMap<>();
                for (Received r : snapshot.subList(2, snapshot.size())) {
                    assertThat(sent.put(r.id(), r))
                            .as("id %d sent twice", r.id())
                            .isNull();
                }
                assertThat(sent).isEqualTo(live);
                assertThat(after).as("ring records the snapshot already covers").isEmpty();
                assertThat(c.connectCount()).isEqualTo(2);
                assertThat(c.dropped()).isZero();
            }
        }
    }
}
