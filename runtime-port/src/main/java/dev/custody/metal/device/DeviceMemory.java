package dev.custody.metal.device;

import dev.custody.metal.allocator.HalMemType;

/** Sparse simulated bytes of one device, per (memory type, bank, address). */
public final class DeviceMemory {
    /** Creates an empty memory: every byte reads as 0. */
    public DeviceMemory() {}

    /**
     * Copies {@code len} bytes of {@code src} from {@code off} to {@code address} of bank {@code bank}.
     *
     * @param memType the memory
     * @param bank the bank id
     * @param address the first address written
     * @param src the bytes
     * @param off first index in {@code src}
     * @param len number of bytes
     */
    public void write(HalMemType memType, int bank, long address, byte[] src, int off, int len) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Copies {@code len} bytes from {@code address} of bank {@code bank} into {@code dst} at {@code off}.
     *
     * @param memType the memory
     * @param bank the bank id
     * @param address the first address read
     * @param dst where to copy
     * @param off first index in {@code dst}
     * @param len number of bytes
     */
    public void read(HalMemType memType, int bank, long address, byte[] dst, int off, int len) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the bytes of host memory the simulation currently holds} */
    public long bytesResident() {
        throw new UnsupportedOperationException("not yet");
    }
}
