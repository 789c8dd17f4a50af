package dev.custody.metal;

import dev.custody.metal.allocator.HalMemType;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.device.DeviceMemory;
import dev.custody.metal.device.IDevice;
import java.util.List;

/** Moves bytes between the host and a buffer's pages in its device's {@link DeviceMemory}. */
final class BufferTransfer {
    private BufferTransfer() {}

    static void write(Buffer buffer, byte[] data) {
        requireArgs(buffer, data);
        if (data.length != buffer.size()) {
            throw new IllegalArgumentException("data length (" + data.length + ") must equal the size (" + buffer.size()
                    + ") of buffer " + buffer.uniqueId());
        }
        DeviceMemory memory = openMemory(buffer, "write");
        HalMemType memType = buffer.bufferType().memoryType();
        List<BufferPages.Location> pages = BufferPages.locate(buffer);
        int pageSize = (int) buffer.pageSize();
        for (int j = 0; j < pages.size(); j++) {
            BufferPages.Location loc = pages.get(j);
            memory.write(memType, loc.bank(), loc.address(), data, j * pageSize, pageSize);
        }
    }

    static byte[] read(Buffer buffer) {
        requireArgs(buffer, new byte[0]);
        if (buffer.size() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("buffer " + buffer.uniqueId() + " of size " + buffer.size()
                    + " does not fit in a Java array; read a view of it instead");
        }
        DeviceMemory memory = openMemory(buffer, "read");
        HalMemType memType = buffer.bufferType().memoryType();
        List<BufferPages.Location> pages = BufferPages.locate(buffer);
        int pageSize = (int) buffer.pageSize();
        byte[] out = new byte[(int) buffer.size()];
        for (int j = 0; j < pages.size(); j++) {
            BufferPages.Location loc = pages.get(j);
            memory.read(memType, loc.bank(), loc.address(), out, j * pageSize, pageSize);
        }
        return out;
    }

    private static void requireArgs(Buffer buffer, byte[] data) {
        if (buffer == null || data == null) {
            throw new IllegalArgumentException("buffer and data must not be null");
        }
    }

    private static DeviceMemory openMemory(Buffer buffer, String what) {
        IDevice device = buffer.device();
        if (!device.isInitialized()) {
            throw new IllegalStateException(
                    "device " + device.id() + " is closed; cannot " + what + " buffer " + buffer.uniqueId());
        }
        return device.memory();
    }
}
