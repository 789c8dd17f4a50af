package dev.custody.metal.program;

import dev.custody.metal.device.CoreRangeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One circular buffer of a program ({@code CircularBuffer} in {@code circular_buffer.hpp}): a config placed on a
 * set of cores, with an address once the program's CBs are allocated.
 *
 * <p>A static CB gets its address from {@link Program#allocateCircularBuffers}; a globally allocated CB takes the
 * address of its backing buffer. Ids come from one process-wide counter starting at 0 (upstream's {@code CBHandle}).
 */
public final class CircularBuffer {
    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    /** Process-wide id, returned by {@link Program#addCircularBuffer}. */
    private final int id;
    /** The cores the CB occupies. */
    private final CoreRangeSet coreRanges;
    /** Size and per-index pages. */
    private final CircularBufferConfig config;
    /** Address in the static CB region; -1 until allocated (static CBs only). */
    private long locallyAllocatedAddress = -1;

    CircularBuffer(CoreRangeSet coreRanges, CircularBufferConfig config) {
        this.id = NEXT_ID.getAndIncrement();
        this.coreRanges = coreRanges;
        this.config = config;
    }

    /** {@return the process-wide id of this CB} */
    public int id() {
        return id;
    }

    /** {@return the cores the CB is placed on} */
    public CoreRangeSet coreRanges() {
        return coreRanges;
    }

    /** {@return the config} */
    public CircularBufferConfig config() {
        return config;
    }

    /** {@return the total size in bytes} */
    public long size() {
        return config.totalSize();
    }

    /** {@return true if the CB lives in an allocator-managed buffer rather than the static region} */
    public boolean globallyAllocated() {
        return config.globallyAllocated();
    }

    /** {@return true if the CB has an address: globally allocated, or static and allocated} */
    public boolean isAllocated() {
        return globallyAllocated() || locallyAllocatedAddress >= 0;
    }

    /**
     * {@return the L1 address of the CB on every core it occupies}
     *
     * @throws IllegalStateException if a static CB has not been allocated yet (enqueue or
     *     {@code allocateCircularBuffers} first)
     */
    public long address() {
        if (globallyAllocated()) {
            return config.globalBuffer().address();
        }
        if (locallyAllocatedAddress < 0) {
            throw new IllegalStateException("Circular buffer " + id
                    + " has not been allocated, cannot request address; call Program.allocateCircularBuffers first");
        }
        return locallyAllocatedAddress;
    }

    void setLocallyAllocatedAddress(long address) {
        this.locallyAllocatedAddress = address;
    }

    void resetLocallyAllocatedAddress() {
        this.locallyAllocatedAddress = -1;
    }

    @Override
    public String toString() {
        return "CircularBuffer[id=" + id + ", " + coreRanges.str() + ", " + size() + " B"
                + (isAllocated() ? " @ " + address() : "") + "]";
    }
}
