package dev.custody.agent.wire;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An agent's connection to the allocation server. Calls never block on the network and never throw
 * because no server is there: events go into a bounded lock-free ring, and a daemon flusher thread
 * connects, reconnects with backoff, and writes the ring in batched EVENTS frames.
 *
 * <p>On every (re)connect the flusher sends the handshake and then the client's whole live set, so a
 * restarted server is complete again. While no server is reachable the ring fills up; what does not fit
 * is counted by {@link #dropped()} (allocations and frees lost that way are repaired by the next resync;
 * dropped findings are lost).
 */
/*
 * Design. Producers update the live set (LiveSet: object id -> device, type, address, size, site number) before
 * they claim the event's place in the ring, so any record older than a position P read before a snapshot is
 * already reflected in that snapshot: the record's reservation CAS on the ring's tail follows the live-set
 * update in its producer's program order, the flusher's read of P = ring.tail() sees that CAS (or a later one)
 * and so happens after it, and LiveSet.forEach reflects every update that happened-before it. A resync
 * therefore reads P, sends the snapshot, and then drops ALLOC, FREE and DEVICE records older than P (findings
 * are still delivered). Records newer than P may repeat what the snapshot said; the server treats an ALLOC of
 * a live object as a replacement and a FREE of an unknown object from a native client as a no-op, which makes
 * them harmless. Devices follow the same order (map first, then ring).
 *
 * The hot path allocates nothing per event: a record is written straight into the ring (claim, put fields, publish), a
 * site's UTF-8 comes from ClientSites (encoded once per distinct text), and the live set is primitive. Each
 * connection binds its socket to a fresh path (deleted right after connecting) so the server can prove which
 * process holds it.
 */
public final class ServerClient implements AutoCloseable {
    private static final int RING_BYTES = 4 << 20;
    private static final int BATCH_BYTES = 256 << 10;
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(2);
    // How long a flusher that has emptied the ring sleeps. Each wake-up sends a frame and wakes the server, and on 2
    // cores those wake-ups come out of the application's time (1 ms cost llama --steps 64 about 8 % more than 10 ms).
    // The sleep starts at 10 ms and doubles, up to 100 ms, after each stretch that sent less than a kilobyte per
    // millisecond of the sleep before it (QUIET_BYTES_PER_MS); a busier stretch sets it back to 10 ms. A quiet
    // application (llama sends a few hundred kilobytes a second) is so flushed every 100 ms: with stop 20's start-up
    // trims, llama --quiet's CPU went from 1,025 to 983 ms, and the server stays well inside the monitor's one-second
    // refresh. A busy one keeps the 10 ms: with a flat 100 ms one ingest client fell from 6.1 to 0.9 M events/s,
    // filling the ring while the flusher slept; with 100 ms after any stretch under 64 KiB, its throttled load (it
    // waits for the server to count what it sent) lost about a tenth. A full ring or close() wakes the flusher at once.
    private static final long MIN_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long QUIET_BYTES_PER_MS = 1024;
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private final Path socket;
    private final String jvmName;
    private final String agentVersion;
    private final long pid = ProcessIds.current(); // ProcessHandle would start the process reaper at premain
    private final EventRing ring = new EventRing(RING_BYTES);
    private final LiveSet live = new LiveSet();
    private final ClientSites sites = new ClientSites();
    // Guarded by itself: written once per device, read at each (re)connect. A ConcurrentSkipListMap's first put cost
    // the application's thread about 2 ms at its first device.
    private final Map<Integer, DeviceInfo> devices = new TreeMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final Thread flusher;

    private volatile boolean closing;
    private volatile boolean resyncNeeded;
    private volatile boolean connected;
    private volatile String refusal;
    private volatile SocketChannel lost; // set by the watcher thread when the server closes this channel
    private SocketChannel channel; // flusher thread only
    private ByteBuffer batch; // flusher thread only: one EVENTS frame, created by the first drain
    private final BatchFiller filler = new BatchFiller();
    private long skipBefore; // flusher thread only
    private long drainedSinceSleep; // flusher thread only: payload bytes sent since it last slept
    private long parkNanos = MIN_PARK_NANOS; // flusher thread only: its next sleep

    private ServerClient(Path socket, String jvmName, String agentVersion) {
        this.socket = socket;
        this.jvmName = jvmName;
        this.agentVersion = agentVersion;
        this.flusher = new Thread(new Flusher(), "custody-server-client");
        flusher.setDaemon(true);
    }

    /**
     * Starts streaming to the server at {@code socket}. Returns at once; connecting happens on the
     * flusher thread, and an absent server is retried with backoff (50 ms doubling to 2 s).
     *
     * @param socket the server's Unix domain socket
     * @param jvmName a name for this JVM shown by {@code top} (for example the main class)
     * @param agentVersion the agent's version, sent in the handshake
     */
    public static ServerClient connect(Path socket, String jvmName, String agentVersion) {
        ServerClient c = new ServerClient(socket, jvmName, agentVersion);
        c.flusher.start();
        return c;
    }

    /** Announces a device and its capacities (bytes) for the monitor's bars. */
    public void deviceOpened(
            int deviceId,
            boolean isMesh,
            String arch,
            long dramCapacity,
            long l1Capacity,
            long l1SmallCapacity,
            long traceCapacity) {
        DeviceInfo d = new DeviceInfo(deviceId, isMesh, arch, dramCapacity, l1Capacity, l1SmallCapacity, traceCapacity);
        synchronized (devices) {
            devices.put(deviceId, d);
        }
        byte[] a = FrameWriter.utf8(arch);
        int n = 1 + 4 + 1 + 2 + a.length + 32;
        int o = claim(n, true);
        if (o >= 0) {
            ring.putByte(o, Protocol.REC_DEVICE);
            ring.putInt(o + 1, deviceId);
            ring.putByte(o + 5, isMesh ? 1 : 0);
            ring.putShort(o + 6, a.length);
            ring.putBytes(o + 8, a);
            int p = o + 8 + a.length;
            ring.putLong(p, dramCapacity);
            ring.putLong(p + 8, l1Capacity);
            ring.putLong(p + 16, l1SmallCapacity);
            ring.putLong(p + 24, traceCapacity);
            ring.publish(o, n);
        }
    }

    /**
     * Records that object {@code objectId} now holds {@code size} bytes at {@code address}.
     *
     * @param bufferType BufferType ordinal 0..4, 5 = circular buffer, 6 = kernel binary
     * @param site where it was allocated (shown by {@code dump}); may be null. Each distinct text is kept, encoded,
     *     for the client's lifetime, so sites should be few (call sites are)
     */
    public void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site) {
        ClientSites.Site where = sites.of(site);
        live.put(objectId, deviceId, bufferType, address, size, where.number());
        byte[] s = where.utf8();
        int n = 1 + 8 + 4 + 1 + 8 + 8 + 2 + s.length;
        int o = claim(n, true);
        if (o >= 0) {
            ring.putByte(o, Protocol.REC_ALLOC);
            ring.putLong(o + 1, objectId);
            ring.putInt(o + 9, deviceId);
            ring.putByte(o + 13, bufferType);
            ring.putLong(o + 14, address);
            ring.putLong(o + 22, size);
            ring.putShort(o + 30, s.length);
            ring.putBytes(o + 32, s);
            ring.publish(o, n);
        }
    }

    /** Records that object {@code objectId} released its device memory. */
    public void freed(long objectId) {
        live.remove(objectId);
        int o = claim(9, true);
        if (o >= 0) {
            ring.putByte(o, Protocol.REC_FREE);
            ring.putLong(o + 1, objectId);
            ring.publish(o, 9);
        }
    }

    /** Forwards an ownership finding (its kind and its one-line report) about {@code objectId}. */
    public void finding(long objectId, String kind, String line) {
        byte[] k = FrameWriter.utf8(kind);
        byte[] l = FrameWriter.utf8(line);
        int n = 1 + 8 + 2 + k.length + 2 + l.length;
        int o = claim(n, false);
        if (o >= 0) {
            ring.putByte(o, Protocol.REC_FINDING);
            ring.putLong(o + 1, objectId);
            ring.putShort(o + 9, k.length);
            ring.putBytes(o + 11, k);
            ring.putShort(o + 11 + k.length, l.length);
            ring.putBytes(o + 13 + k.length, l);
            ring.publish(o, n);
        }
    }

    /** Events that did not fit into the buffer while the server was slow or absent. */
    public long dropped() {
        return dropped.get();
    }

    /** True while a server has accepted this client. */
    public boolean isConnected() {
        return connected;
    }

    /** How many times a server accepted this client (1 + reconnects). */
    public long connectCount() {
        return connects.get();
    }

    /** The server's last refusal reason, or null. */
    public String refusal() {
        return refusal;
    }

    /**
     * Flushes what is buffered (when a server is reachable, waiting at most 2 s) and disconnects. The
     * server then removes whatever this client still had allocated.
     */
    @Override
    public void close() {
        closing = true;
        LockSupport.unpark(flusher);
        try {
            flusher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reserves a record's place in the ring; the caller writes the record and publishes it. A full ring is
     * counted as a drop (and, for a {@code stateful} record, schedules a resync).
     *
     * @return the payload offset, or -1 if the record is dropped
     */
    private int claim(int payload, boolean stateful) {
        int o = ring.claim(payload);
        if (o >= 0) {
            return o;
        }
        if (connected) {
            o = claimPatiently(payload);
            if (o >= 0) {
                return o;
            }
        }
        dropped.incrementAndGet();
        if (stateful) {
            resyncNeeded = true;
        }
        return -1;
    }

    /**
     * A full ring while connected means the server lags a burst: wait up to about a millisecond for the
     * flusher before dropping (which would cost a whole resync). Never longer: the caller is the
     * application.
     */
    private int claimPatiently(int payload) {
        LockSupport.unpark(flusher);
        for (int i = 0; i < 64; i++) {
            Thread.yield();
            int o = ring.claim(payload);
            if (o >= 0) {
                return o;
            }
        }
        for (int i = 0; i < 10; i++) {
            LockSupport.parkNanos(100_000);
            int o = ring.claim(payload);
            if (o >= 0) {
                return o;
            }
        }
        return -1;
    }

    private void flushLoop() {
        long backoff = MIN_BACKOFF_NANOS;
        long nextAttempt = 0;
        boolean triedWhileClosing = false;
        while (true) {
            if (channel == null) {
                if (closing && (triedWhileClosing || ring.isEmpty())) {
                    break;
                }
                if (closing || System.nanoTime() >= nextAttempt) {
                    triedWhileClosing = closing;
                    try {
                        open();
                        backoff = MIN_BACKOFF_NANOS;
                    } catch (IOException e) {
                        disconnect();
                        nextAttempt = System.nanoTime() + backoff;
                        backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
                    }
                }
                if (channel == null) {
                    LockSupport.parkNanos(Math.min(backoff, MIN_BACKOFF_NANOS));
                    continue;
                }
            }
            if (lost == channel) {
                disconnect(); // the server went away while we had nothing to write
                nextAttempt = System.nanoTime() + backoff;
                continue;
            }
            try {
                if (resyncNeeded) {
                    resync();
                }
                if (drainOnce() == 0) {
                    if (closing) {
                        break;
                    }
                    parkNanos = nextSleep(parkNanos, drainedSinceSleep);
                    drainedSinceSleep = 0;
                    LockSupport.parkNanos(parkNanos);
                }
            } catch (IOException e) {
                disconnect();
                nextAttempt = System.nanoTime() + backoff;
            }
        }
        disconnect();
    }

    /**
     * The flusher's next sleep once the ring is empty (see MIN_PARK_NANOS): twice {@code lastSleepNanos}, at most
     * 100 ms, when the stretch since that sleep sent under 1 KiB per millisecond of it, else 10 ms.
     *
     * @param lastSleepNanos the sleep before the stretch, from 10 to 100 ms
     * @param sentBytes the payload bytes the stretch sent
     */
    static long nextSleep(long lastSleepNanos, long sentBytes) {
        boolean quiet = sentBytes < QUIET_BYTES_PER_MS * TimeUnit.NANOSECONDS.toMillis(lastSleepNanos);
        return quiet ? Math.min(2 * lastSleepNanos, MAX_PARK_NANOS) : MIN_PARK_NANOS;
    }

    /** Connects, handshakes and sends the live set; on any failure the channel is left closed. */
    private void open() throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel = ch;
        Path self = Path.of("/tmp", "custody-c" + pid + "-" + CONNECTIONS.incrementAndGet() + ".sock");
        Files.deleteIfExists(self);
        ch.bind(UnixDomainSocketAddress.of(self));
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } finally {
            Files.deleteIfExists(self); // the name stays attached to the socket for the server's check
        }
        resyncNeeded = false;
        long position = ring.tail();
        FrameWriter.writeFully(ch, new Hello(Protocol.VERSION, pid, jvmName, agentVersion, devices()).toFrame());
        FrameReader.Frame reply = new FrameReader(ch).next();
        if (reply == null) {
            throw new IOException("server closed the connection during the handshake");
        }
        if (reply.type() == Protocol.REFUSED) {
            String reason = reply.input().str();
            if (!reason.equals(refusal)) {
                System.err.println("custody: the allocation server at " + socket + " refused this JVM: " + reason);
            }
            refusal = reason;
            throw new IOException("refused: " + reason);
        }
        if (reply.type() != Protocol.WELCOME) {
            throw new ProtocolException("expected WELCOME (0x41) or REFUSED (0x42), got frame type " + reply.type());
        }
        refusal = null;
        if (connects.get() > 0 || dropped.get() > 0) {
            sendSnapshot(position);
        } // else the ring still holds every event since this client started: no snapshot needed
        connected = true;
        connects.incrementAndGet();
        watch(ch);
    }

    /**
     * The server never writes after WELCOME, so a read that returns is the server closing (or dying):
     * the watcher marks the channel lost and wakes the flusher, which reconnects and resyncs even when
     * the application is idle and nothing would otherwise be written.
     */
    private void watch(SocketChannel ch) {
        Thread t = new Thread(new Watcher(ch), "custody-server-client-watch");
        t.setDaemon(true);
        t.start();
    }

    /** The devices announced so far, in id order. */
    private List<DeviceInfo> devices() {
        synchronized (devices) {
            return new ArrayList<>(devices.values());
        }
    }

    // The flusher, the watcher and the drain's consumer are named classes rather than lambdas: each lambda is spun
    // into a class at its first use, a millisecond or two of the application's start-up on a cold JVM.

    /** The flusher thread's body. */
    private final class Flusher implements Runnable {
        @Override
        public void run() {
            flushLoop();
        }
    }

    /** Watches one channel for the server's end (see {@link #watch}). */
    private final class Watcher implements Runnable {
        private final SocketChannel ch;

        Watcher(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void run() {
            try {
                while (ch.read(ByteBuffer.allocate(64)) >= 0) {
                    // unexpected bytes from the server: ignore, keep watching
                }
            } catch (IOException e) {
                // closed by us or reset by the server: either way this channel is done
            }
            lost = ch;
            LockSupport.unpark(flusher);
        }
    }

    /** Copies drained records into {@link #batch}, skipping what the last snapshot already covered. */
    private final class BatchFiller implements EventRing.Consumer {
        @Override
        public boolean accept(long position, byte[] buf, int off, int len) {
            if (position < skipBefore && buf[off] != Protocol.REC_FINDING) {
                return true; // already covered by the snapshot
            }
            batch.put(buf, off, len);
            return true;
        }
    }

    private void resync() throws IOException {
        resyncNeeded = false;
        sendSnapshot(ring.tail());
    }

    /** Sends RESYNC_BEGIN, every device and live object, RESYNC_END; older ring records become redundant. */
    private void sendSnapshot(long position) throws IOException {
        FrameWriter.writeFully(channel, new FrameWriter(Protocol.RESYNC_BEGIN).finish());
        FrameWriter w = new FrameWriter(Protocol.EVENTS);
        for (DeviceInfo d : devices()) {
            Events.writeDevice(w, d);
        }
        FrameWriter[] frame = {w};
        live.forEach((id, deviceId, bufferType, address, size, site) -> {
            Events.writeAllocated(frame[0], id, deviceId, bufferType, address, size, sites.utf8(site));
            if (frame[0].size() > BATCH_BYTES) {
                FrameWriter.writeFully(channel, frame[0].finish());
                frame[0] = new FrameWriter(Protocol.EVENTS);
            }
        });
        w = frame[0];
        if (w.size() > 5) {
            FrameWriter.writeFully(channel, w.finish());
        }
        FrameWriter.writeFully(channel, new FrameWriter(Protocol.RESYNC_END).finish());
        skipBefore = position;
    }

    /** Moves up to one batch from the ring into one EVENTS frame; returns the records consumed. */
    private int drainOnce() throws IOException {
        if (batch == null) {
            // Direct, so the channel writes it without first copying it into a temporary direct buffer; created
            // here rather than at premain (it is the application's start-up time there). A drain takes at most
            // BATCH_BYTES of records, or a single record, which may be up to the ring's maxPayload.
            batch = ByteBuffer.allocateDirect(5 + Math.max(BATCH_BYTES, ring.maxPayload()))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
        batch.clear();
        batch.putInt(0).put((byte) Protocol.EVENTS);
        int n = ring.drain(filler, BATCH_BYTES);
        drainedSinceSleep += batch.position() - 5;
        if (batch.position() > 5) {
            batch.putInt(0, batch.position() - 4);
            batch.flip();
            FrameWriter.writeFully(channel, batch);
        }
        return n;
    }

    private void disconnect() {
        connected = false;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a broken socket: nothing left to do
            }
            channel = null;
        }
    }
}
