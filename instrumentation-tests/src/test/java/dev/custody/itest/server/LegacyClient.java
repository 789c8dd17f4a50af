package dev.custody.itest.server;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A tt-metal allocation client written from the message layout alone (spec §6.2), independent of the
 * server's codec: packed, little-endian, {@code type:u8 @0, device_id:i32 @4, size:u64 @8,
 * buffer_type:u8 @16, process_id:i32 @20, buffer_id:u64 @24, timestamp:u64 @32}, zero elsewhere.
 */
final class LegacyClient implements AutoCloseable {
    static final int ALLOC = 1;
    static final int FREE = 2;
    static final int QUERY = 3;
    static final int RESPONSE = 4;
    static final int DUMP_REMAINING = 5;
    static final int DEVICE_INFO_QUERY = 6;
    static final int DEVICE_INFO_RESPONSE = 7;
    static final int CB_ALLOC = 8;
    static final int CB_FREE = 9;
    static final int KERNEL_LOAD = 10;
    static final int KERNEL_UNLOAD = 11;
    static final int DUMP_KERNELS = 12;

    final int size;
    final int pid = (int) ProcessHandle.current().pid();
    private final SocketChannel ch;

    LegacyClient(Path socket, int size) throws IOException {
        this.size = size;
        this.ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    }

    static ByteBuffer message(int size, int type, int device, long bytes, int bufferType, int pid, long bufferId) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) type).putInt(4, device).putLong(8, bytes).put(16, (byte) bufferType);
        b.putInt(20, pid).putLong(24, bufferId).putLong(32, System.currentTimeMillis() * 1_000_000L);
        return b;
    }

    void send(int type, int device, long bytes, int bufferType, long bufferId) throws IOException {
        raw(message(size, type, device, bytes, bufferType, pid, bufferId));
    }

    void raw(ByteBuffer b) throws IOException {
        b.rewind();
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    void shutdownOutput() throws IOException {
        ch.shutdownOutput();
    }

    /** Reads one reply of the connection's message size. */
    ByteBuffer reply() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("server closed after " + b.position() + " bytes of a reply");
            }
        }
        return b.flip();
    }

    /** True if the server closes the connection within {@code ms} (a read sees end of stream). */
    boolean closedByServerWithin(long ms) throws Exception {
        var exec = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> r = exec.submit(() -> ch.read(ByteBuffer.allocate(1)));
            return r.get(ms, TimeUnit.MILLISECONDS) < 0;
        } catch (TimeoutException e) {
            return false;
        } finally {
            exec.shutdownNow();
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
