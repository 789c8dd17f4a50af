package dev.custody.metal.allocator;

import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRangeSet;
import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalLong;

/** Lockstep banks of one buffer type ({@code BankManager}, {@code bank_manager.cpp}). */
public final class BankManager {
    BankManager(
            BufferType bufferType,
            List<Long> bankOffsets,
            long sizeBytes,
            long allocOffset,
            long alignment,
            long interleavedAddressLimit,
            boolean disableInterleaved) {}

    /**
     * Reserves the same range in every bank needed by a buffer.
     *
     * @param size the buffer's aligned size in bytes
     * @param pageSize the buffer's aligned page size in bytes
     * @param bottomUp true to take the lowest fitting address, false the highest
     * @param computeGrid the compute cores (bounds {@code numShards})
     * @param numShards 0 for an interleaved buffer, else the number of cores it is sharded over
     * @return the bank-relative start address (the same in every bank)
     * @throws OutOfDeviceMemoryException if no range fits
     */
    public long allocateBuffer(long size, long pageSize, boolean bottomUp, CoreRangeSet computeGrid, int numShards) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Frees the range starting at {@code address}; an unknown address is ignored.
     *
     * @param address an address returned by {@link #allocateBuffer}
     */
    public void deallocateBuffer(long address) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Frees every range still allocated. */
    public void deallocateAll() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the lowest allocated address in bank {@code bankId} plus its offset, empty if none} */
    public OptionalLong lowestOccupiedAddress(int bankId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return usage of one bank} */
    public Statistics statistics() {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Prints the block table in upstream's {@code dump_blocks} layout.
     *
     * @param out where to print
     */
    public void dumpBlocks(PrintWriter out) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the number of banks} */
    public int numBanks() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the size of each bank's managed region} */
    public long bankSize() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the address offset of bank {@code bankId}} */
    public long bankOffset(int bankId) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the alignment of every allocation} */
    public long alignment() {
        throw new UnsupportedOperationException("not yet");
    }
}
