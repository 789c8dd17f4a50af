package dev.custody.agent.server;

import dev.custody.agent.wire.LegacyCodec;
import dev.custody.agent.wire.LegacyFrame;
import dev.custody.agent.wire.LegacyFrameException;
import dev.custody.agent.wire.LegacyGeneration;
import dev.custody.agent.wire.MemoryKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * Serves one tt-metal client on the legacy socket: fixed-size frames of one generation, each read fully
 * and validated before it touches the registry; the first bad frame closes the connection.
 */
final class LegacySession implements Runnable {
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
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            for (byte[] b = LegacyCodec.readFrame(in, gen); b != null; b = LegacyCodec.readFrame(in, gen)) {
                index++;
                LegacyFrame f = LegacyCodec.decode(b, gen);
                apply(f);
                console.flush();
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
