package dev.custody.metal.device;

import dev.custody.metal.allocator.HalMemType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Simulated bytes of one device, per (memory type, bank, address). Sparse: memory is held in 4 KiB chunks created
 * on first write, so a device costs host memory only for what has been written. Never-written bytes read as 0.
 * Thread-safe.
 */
public final class DeviceMemory {
    /*
     * Chunks are keyed by one long: memory type (2 bits) | bank (22 bits) | chunk index (40 bits). That bounds
     * banks to 4,194,303 and addresses to 2^52 bytes, far above any device, and avoids a key object per access.
     */

    /** Bytes per chunk. */
    static final int CHUNK_SIZE = 4096;

    private static final int CHUNK_SHIFT = 12;
    private static final int BANK_BITS = 22;
    private static final int INDEX_BITS = 40;
    private static final long MAX_ADDRESS = 1L << (INDEX_BITS + CHUNK_SHIFT);

    private final Map<Long, byte[]> chunks = new HashMap<>();

    /** Creates an empty memory: every byte reads as 0. */
    public DeviceMemory() {}

    /**
     * Copies {@code len} bytes of {@code src} starting at {@code off} to {@code address} of bank {@code bank}.
     *
     * @param memType the memory
     * @param bank the bank id, {@code >= 0}
     * @param address the first address written, {@code >= 0}
     * @param src the bytes
     * @param off first index in {@code src}
     * @param len number of bytes
     * @throws IllegalArgumentException if the bank or address range is out of bounds
     * @throws IndexOutOfBoundsException if {@code [off, off + len)} is not inside {@code src}
     */
    public void write(HalMemType memType, int bank, long address, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        check(bank, address, len);
        synchronized (chunks) {
            int done = 0;
            while (done < len) {
                long a = address + done;
                int inChunk = (int) (a & (CHUNK_SIZE - 1));
                int n = Math.min(len - done, CHUNK_SIZE - inChunk);
                byte[] chunk = chunks.computeIfAbsent(key(memType, bank, a), k -> new byte[CHUNK_SIZE]);
                System.arraycopy(src, off + done, chunk, inChunk, n);
                done += n;
            }
        }
    }

    /**
     * Copies {@code len} bytes from {@code address} of bank {@code bank} into {@code dst} starting at {@code off}.
     * Bytes never written read as 0; reading allocates nothing.
     *
     * @param memType the memory
     * @param bank the bank id, {@code >= 0}
     * @param address the first address read, {@code >= 0}
     * @param dst where to copy
     * @param off first index in {@code dst}
     * @param len number of bytes
     * @throws IllegalArgumentException if the bank or address range is out of bounds
     * @throws IndexOutOfBoundsException if {@code [off, off + len)} is not inside {@code dst}
     */
    public void read(HalMemType memType, int bank, long address, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        check(bank, address, len);
        synchronized (chunks) {
            int done = 0;
            while (done < len) {
                long a = address + done;
                int inChunk = (int) (a & (CHUNK_SIZE - 1));
                int n = Math.min(len - done, CHUNK_SIZE - inChunk);
                byte[] chunk = chunks.get(key(memType, bank, a));
                if (chunk == null) {
                    Arrays.fill(dst, off + done, off + done + n, (byte) 0);
                } else {
                    System.arraycopy(chunk, inChunk, dst, off + done, n);
                }
                done += n;
            }
        }
    }

    /** {@return the bytes of host memory the simulation holds: 4 KiB per chunk written} */
    public long bytesResident() {
        synchronized (chunks) {
            return (long) chunks.size() * CHUNK_SIZE;
        }
    }

    /** Forgets everything written; every byte reads as 0 again. */
    public void clear() {
        synchronized (chunks) {
            chunks.clear();
        }
    }

    private static void check(int bank, long address, int len) {
        if (bank < 0 || bank >= 1 << BANK_BITS) {
            throw new IllegalArgumentException("bank (" + bank + ") must be in [0, " + (1 << BANK_BITS) + ")");
        }
        if (address < 0 || address > MAX_ADDRESS - len) {
            throw new IllegalArgumentException("address range [" + address + ", " + address + " + " + len
                    + ") must lie in [0, " + MAX_ADDRESS + ")");
        }
    }

    private static long key(HalMemType memType, int bank, long address) {
        return ((long) memType.ordinal() << (BANK_BITS + INDEX_BITS))
                | ((long) bank << INDEX_BITS)
                | (address >>> CHUNK_SHIFT);
    }
}
