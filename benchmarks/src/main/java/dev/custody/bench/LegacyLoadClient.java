package dev.custody.bench;

import dev.custody.agent.wire.LegacyCodec;
import dev.custody.agent.wire.LegacyFrame;
import dev.custody.agent.wire.LegacyGeneration;
import dev.custody.agent.wire.LegacyType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A tt-metal client of the legacy ingest benchmark: sends 112-byte gen-B messages (spec §6.2), ALLOC and FREE
 * of one buffer id after another, as {@code allocation_client.py} does.
 *
 * <pre>
 * java -cp benchmarks.jar:custody-agent.jar dev.custody.bench.LegacyLoadClient --socket PATH --events N
 * </pre>
 *
 * <p>Same protocol with the coordinator as {@link NativeLoadClient}: {@code READY}, wait for {@code GO}, then
 * {@code DONE events=N start=T0 end=T1 dropped=0}. The end time is taken when the RESPONSE to a final QUERY
 * arrives: the server handles a connection's messages in order, so by then it has applied every one.
 */
/*
 * Messages are encoded once into a reusable batch of BATCH messages (only buffer_id changes), so the client
 * costs a few stores and one write per batch and the server is what is measured.
 */
public final class LegacyLoadClient {
    static final int BATCH = 512;

    private LegacyLoadClient() {}

    /** Entry point; see the class documentation. */
    public static void main(String[] args) throws IOException {
        Path socket = null;
        long events = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--socket" -> socket = Path.of(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument '" + args[i] + "'; use --socket PATH --events N");
            }
        }
        if (socket == null || events < 2) {
            throw new IllegalArgumentException("give --socket PATH and --events N (N >= 2)");
        }
        LegacyGeneration gen = LegacyGeneration.B;
        int pid = (int) ProcessHandle.current().pid();
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("READY");
            System.out.flush();
            if (!"GO".equals(in.readLine())) {
                return;
            }
            byte[] alloc = LegacyCodec.encode(gen, new LegacyFrame(LegacyType.ALLOC, 0, 4096, 0, pid, 0, 0));
            byte[] free = LegacyCodec.encode(gen, new LegacyFrame(LegacyType.FREE, 0, 4096, 0, pid, 0, 0));
            ByteBuffer batch = ByteBuffer.allocateDirect(BATCH * gen.size()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            long pairs = events / 2;
            long start = System.nanoTime();
            long bufferId = 1;
            long done = 0;
            while (done < pairs) {
                batch.clear();
                int n = (int) Math.min(BATCH / 2, pairs - done);
                for (int k = 0; k < n; k++) {
                    int a = batch.position();
                    batch.put(alloc).putLong(a + 24, bufferId);
                    int f = batch.position();
                    batch.put(free).putLong(f + 24, bufferId);
                    bufferId++;
                }
                batch.flip();
                while (batch.hasRemaining()) {
                    ch.write(batch);
                }
                done += n;
            }
            ByteBuffer query =
                    ByteBuffer.wrap(LegacyCodec.encode(gen, new LegacyFrame(LegacyType.QUERY, 0, 0, 0, pid, 0, 0)));
            while (query.hasRemaining()) {
                ch.write(query);
            }
            ByteBuffer reply = ByteBuffer.allocate(gen.size());
            while (reply.hasRemaining()) {
                if (ch.read(reply) < 0) {
                    throw new IOException("the server closed the legacy connection before answering the final QUERY");
                }
            }
            long end = System.nanoTime();
            System.out.printf(Locale.ROOT, "DONE events=%d start=%d end=%d dropped=0%n", pairs * 2, start, end);
        }
    }
}
