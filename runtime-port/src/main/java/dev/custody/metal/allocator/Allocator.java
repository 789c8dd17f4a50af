package dev.custody.metal.allocator;

import dev.custody.metal.buffer.BufferType;
import java.io.PrintWriter;
import java.util.OptionalLong;

/** The device allocator ({@code Allocator} / {@code L1BankingAllocator}, {@code allocator.cpp}). */
public final class Allocator {
    /**
     * Builds the four bank managers of a device.
     *
     * @param config the configuration
     */
    public Allocator(AllocatorConfig config) {}

    /**
     * Reserves a buffer's range in every bank it needs: the ground truth of allocation.
     *
     * @param type the buffer type
     * @param alignedSize the buffer's aligned size in bytes
     * @param alignedPageSize the buffer's aligned page size in bytes
     * @param bottomUp true for the lowest fitting address, false for the highest
     * @param numShards 0 for interleaved, else the number of cores it is sharded over
     * @return the address
     */
    public long allocateBuffer(
            BufferType type, long alignedSize, long alignedPageSize, boolean bottomUp, int numShards) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Frees the buffer of {@code type} at {@code address}: the ground truth of deallocation.
     *
     * @param type the buffer type
     * @param address the address returned by {@link #allocateBuffer}
     */
    public void deallocateBuffer(BufferType type, long address) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Frees everything still allocated in every bank manager ({@code deallocate_buffers}). */
    public void deallocateBuffers() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the alignment of buffers of {@code type}} */
    public long getAlignment(BufferType type) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the number of banks of {@code type}} */
    public int getNumBanks(BufferType type) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the size of each bank of {@code type}} */
    public long getBankSize(BufferType type) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the first allocatable address of {@code memType}} */
    public long getBaseAllocatorAddr(HalMemType memType) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the lowest allocated L1 address of bank {@code bankId}, empty if none} */
    public OptionalLong getLowestOccupiedL1Address(int bankId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return usage of one bank of {@code type}} */
    public Statistics getStatistics(BufferType type) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Prints the block table of the manager of {@code type}.
     *
     * @param type the buffer type
     * @param out where to print
     */
    public void dumpBlocks(BufferType type, PrintWriter out) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the address offset of bank {@code bankId} of {@code type}} */
    public long bankOffset(BufferType type, int bankId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the configuration this allocator was built from} */
    public AllocatorConfig config() {
        throw new UnsupportedOperationException("not yet");
    }
}
