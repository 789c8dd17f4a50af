package dev.custody.agent.server;

import dev.custody.agent.wire.LegacyCodec;
import dev.custody.agent.wire.LegacyFrame;
import dev.custody.agent.wire.LegacyFrameException;
import dev.custody.agent.wire.LegacyGeneration;
import dev.custody.agent.wire.MemoryKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Serves one tt-metal client on the legacy socket: fixed-size frames of one generation, each read fully
 * and validated before it touches the registry; the first bad frame closes the connection.
 */
/*
 * One read system call fills a 64 KiB buffer with as many frames as the client has sent; each whole frame is
 * validated and applied where it lies (no copy, no InputStream), a trailing partial frame moves to the front
 * to wait for its remaining bytes. Frames before a bad one are applied, as when they were read one by one.
 */
final class LegacySession implements Runnable {
    private static final int READ_BUFFER = 64 * 1024;

    private final SocketChannel ch;
    private final LegacyGeneration gen;
    private final Registry registry;
    private final Console console;

    LegacySession(SocketChannel ch, LegacyGeneration gen, Registry registry, Console console) {
        this.ch = ch;
        this.gen = gen;
        this.registry = registry;
        this.console = console;
    }

    @Override
    public void run() {
        long index = 0;
        int size = gen.size();
        ByteBuffer buf = ByteBuffer.allocate(READ_BUFFER);
        byte[] b = buf.array();
        try (ch) {
            while (ch.read(buf) >= 0) {
                int end = buf.position();
                int off = 0;
                for (; end - off >= size; off += size) {
                    index++;
                    apply(LegacyCodec.decode(b, off, gen));
                }
                // a partial frame waits at the front for the rest of its bytes
                System.arraycopy(b, off, b, 0, end - off);
                buf.position(end - off);
                console.flush();
            }
            if (buf.position() > 0) {
                throw new LegacyFrameException("short frame: the stream ended after " + buf.position() + " of " + size
                        + " bytes (gen " + gen + " messages are " + size + " bytes)");
            }
        } catch (LegacyFrameException e) {
            console.error("⚠️  Legacy frame " + (index + (e.getMessage().startsWith("short") ? 1 : 0)) + " rejected: "
                    + e.getMessage() + " - closing connection (nothing from this frame was applied)");
        } catch (IOException e) {
            // the client went away; its buffers stay until its pid dies, as in the branch
        } finally {
            console.flush();
        }
    }

    private void apply(LegacyFrame f) throws IOException {
        switch (f.type()) {
            case ALLOC, FREE, CB_ALLOC, CB_FREE, KERNEL_LOAD, KERNEL_UNLOAD -> registry.legacy(f);
            case QUERY -> {
                long[] c = registry.counters(f.deviceId());
                reply(LegacyCodec.response(
                        gen,
                        f.deviceId(),
                        c[MemoryKind.DRAM.ordinal()],
                        c[MemoryKind.L1.ordinal()],
                        c[MemoryKind.L1_SMALL.ordinal()],
                        c[MemoryKind.TRACE.ordinal()],
                        c[MemoryKind.CB.ordinal()],
                        c[MemoryKind.KERNEL.ordinal()]));
            }
            case DEVICE_INFO_QUERY ->
                reply(LegacyCodec.deviceInfoResponse(gen, f.deviceId(), registry.deviceFacts(f.deviceId())));
            case DUMP_REMAINING -> registry.printDumpRemaining();
            case DUMP_KERNELS -> registry.printDumpKernels();
            case RESPONSE, DEVICE_INFO_RESPONSE ->
                throw new IllegalStateException("validation lets no server-to-client type through: " + f.type());
        }
    }

    private void reply(byte[] frame) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(frame);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
