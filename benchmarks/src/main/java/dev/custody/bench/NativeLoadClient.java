package dev.custody.bench;

import dev.custody.agent.wire.ServerClient;
import dev.custody.agent.wire.StatusReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client process of the ingest and server-memory benchmarks: streams allocation events to the server through
 * the agent's own {@link ServerClient} (batched native EVENTS frames), exactly as an agent started with
 * {@code server=unix:PATH} does.
 *
 * <pre>
 * java -cp benchmarks.jar:custody-agent.jar dev.custody.bench.NativeLoadClient --socket PATH --events N [--warmup W]
 * java -cp benchmarks.jar:custody-agent.jar dev.custody.bench.NativeLoadClient --socket PATH --hold N
 * </pre>
 *
 * <p>Talks to its coordinator on standard input and output: prints {@code READY} once connected, waits for a
 * line {@code GO}, then with {@code --events} sends N events (ALLOC and FREE alternating over a window of
 * {@value #WINDOW} live objects) and prints {@code DONE events=N start=T0 end=T1 dropped=D}, where T1 is when
 * the server had applied the last event ({@link System#nanoTime()} values, comparable between processes on
 * Linux). With {@code --warmup W} it first sends W events the same way and waits until the server has applied
 * them, before {@code READY}: the measured events are then those of a client whose JIT has compiled its path, as an
 * agent's has after its first moments. With {@code --hold} it allocates N objects, prints {@code HELD}, and keeps
 * them until standard input closes.
 */
/*
 * Pacing. ServerClient never blocks its producer: when its 4 MiB ring is full it drops the event and resyncs
 * later, and a benchmark that dropped events would not measure "the server accounting every event". So the
 * stream is cut into chunks, each ending with a FINDING record the server counts per client, and a chunk is
 * only produced while fewer than MAX_IN_FLIGHT chunks are unaccounted by the server (read with a status
 * query, as `custody top` does). The bound keeps the ring below ~60 % full; the server never starves because
 * several chunks are always queued. Dropped events are still reported, and must be 0 for a valid run.
 */
public final class NativeLoadClient {
    static final int WINDOW = 1024;
    static final int CHUNK = 8192;
    static final int MAX_IN_FLIGHT = 5;
    static final String PROGRESS = "bench-progress";
    private static final String[] SITES = {
        "dev.custody.metal.llama.OpRunner.run(OpRunner.java:88)",
        "dev.custody.metal.llama.Decoder.step(Decoder.java:131)",
        "dev.custody.metal.llama.Model.load(Model.java:54)",
        "dev.custody.metal.program.Program.compile(Program.java:212)"
    };

    private final ServerClient client;
    private final ServerStatus status;
    private final long pid = ProcessHandle.current().pid();
    private long chunksSent;
    private long nextId = 1;
    /** The oldest live id; the stream frees from here, across the warm-up and the measured events. */
    private long oldest = 1;

    private NativeLoadClient(ServerClient client, ServerStatus status) {
        this.client = client;
        this.status = status;
    }

    /** Entry point; see the class documentation. */
    public static void main(String[] args) throws IOException {
        Path socket = null;
        long events = -1;
        long hold = -1;
        long warmup = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--hold" -> hold = Long.parseLong(args[++i]);
                case "--warmup" -> warmup = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument '" + args[i]
                            + "'; use --socket PATH and one of --events N [--warmup W], --hold N");
            }
        }
        if (socket == null || (events < 1) == (hold < 1)) {
            throw new IllegalArgumentException("give --socket PATH and exactly one of --events N, --hold N (N >= 1)");
        }
        if (warmup < 0 || (warmup > 0 && events < 1)) {
            throw new IllegalArgumentException(
                    "--warmup " + warmup + " must be >= 0, and goes with --events (a held client does not stream)");
        }
        ServerClient client = ServerClient.connect(socket, "bench-load-client", "bench");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!client.isConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no server accepted this client at " + socket + " within 20 s (refusal: "
                        + client.refusal() + ")");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        client.deviceOpened(0, false, "wormhole_b0", 12L << 30, 120L << 20, 0, 0);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ServerStatus status = new ServerStatus(socket)) {
            NativeLoadClient load = new NativeLoadClient(client, status);
            if (warmup > 0) {
                load.stream(warmup);
            }
            System.out.println("READY");
            System.out.flush();
            if (!"GO".equals(in.readLine())) {
                return;
            }
            if (events > 0) {
                long start = System.nanoTime();
                load.stream(events);
                long end = System.nanoTime();
                System.out.printf(
                        Locale.ROOT,
                        "DONE events=%d start=%d end=%d dropped=%d%n",
                        events,
                        start,
                        end,
                        client.dropped());
            } else {
                load.hold(hold);
                System.out.println("HELD dropped=" + client.dropped());
                System.out.flush();
                while (in.readLine() != null) {
                    // hold the allocations until the coordinator closes our input
                }
            }
        } finally {
            client.close();
        }
    }

    /** Sends {@code events} ALLOC/FREE events and returns once the server has applied all of them. */
    private void stream(long events) throws IOException {
        long sent = 0;
        while (sent < events) {
            throttle();
            long n = Math.min(CHUNK, events - sent);
            for (long k = 0; k < n; k++) {
                if (nextId - oldest < WINDOW || (sent + k) % 2 == 0) {
                    long id = nextId++;
                    client.allocated(id, 0, 0, id << 12, 4096, SITES[(int) (id & 3)]);
                } else {
                    client.freed(oldest++);
                }
            }
            sent += n;
            endChunk();
        }
        awaitAccounted(chunksSent);
    }

    /** Allocates {@code n} objects and returns once the server holds all of them. */
    private void hold(long n) throws IOException {
        long done = 0;
        while (done < n) {
            throttle();
            long k = Math.min(CHUNK, n - done);
            for (long i = 0; i < k; i++) {
                long id = nextId++;
                client.allocated(id, 0, 0, id << 12, 4096, SITES[(int) (id & 3)]);
            }
            done += k;
            endChunk();
        }
        awaitAccounted(chunksSent);
    }

    private void endChunk() {
        client.finding(0, PROGRESS, "chunk " + chunksSent);
        chunksSent++;
    }

    private void throttle() throws IOException {
        if (chunksSent >= MAX_IN_FLIGHT) {
            awaitAccounted(chunksSent - MAX_IN_FLIGHT + 1);
        }
    }

    /** Waits until the server has counted {@code chunks} progress findings from this process. */
    private void awaitAccounted(long chunks) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            StatusReport.ClientUsage row = status.client(pid);
            if (row != null && row.findings() >= chunks) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the server accounted " + (row == null ? 0 : row.findings()) + " of " + chunks
                        + " chunks in 120 s; is it overloaded or dropping this client?");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // polls are server work too: keep them rare
        }
    }
}
