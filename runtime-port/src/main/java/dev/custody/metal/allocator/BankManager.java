package dev.custody.metal.allocator;

import dev.custody.metal.TtException;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRangeSet;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The banks of one buffer type, allocated in lockstep ({@code BankManager}, {@code bank_manager.cpp}).
 *
 * <p>Not thread-safe: {@link Allocator} serialises every call.
 */
public final class BankManager {
    /*
     * Design. Every bank of a type holds the same address range reserved at the same time, so one FreeListOpt
     * (FIRST policy, min allocation size = alignment = this manager's alignment, as in the 2025 code) describes all
     * of them; a bank's absolute address is the free-list address plus that bank's offset. A request of `size`
     * bytes in `page_size` pages is spread over the banks by calculate_bank_size_spread and the per-bank size is
     * allocated once. Interleaved L1 may not start below interleaved_address_limit (the L1 manager's base);
     * sharded L1 and every other type have no limit.
     *
     * All checks run before the free list is touched, and FreeListOpt itself changes nothing when it fails, so a
     * call that throws leaves the manager exactly as it was.
     */

    private static final Set<Integer> NON_POWER_OF_TWO_BANK_COUNTS =
            Set.of(7, 12, 20, 48, 56, 63, 70, 72, 80, 94, 108, 110, 117, 120, 124, 126, 130, 140);

    /** Type named in messages. */
    private final BufferType bufferType;
    /** Address offset of each bank, by bank id. */
    private final long[] bankOffsets;
    /** Alignment of sizes and addresses. */
    private final long alignment;
    /** Lowest address an interleaved L1 buffer may start at. */
    private final long interleavedAddressLimit;
    /** The lockstep free list. */
    private final FreeListOpt freeList;
    /** Addresses handed out and not yet freed, in allocation order. */
    private final Set<Long> allocatedBuffers = new LinkedHashSet<>();

    /**
     * Creates the banks.
     *
     * @param bufferType the type the banks hold
     * @param bankOffsets address offset of each bank, indexed by bank id
     * @param sizeBytes size of each bank's managed region
     * @param allocOffset absolute address of the region's first byte
     * @param alignment alignment of every allocation
     * @param interleavedAddressLimit lowest start address of interleaved L1 buffers (ignored for other types)
     * @param disableInterleaved true to skip the bank-count rule
     * @throws TtException "Invalid number of memory banks {n} for {TYPE}. Num banks must be power of 2 or have a
     *     dedicated modulo implementation" unless the count is allowed or the type is L1_SMALL
     */
    BankManager(
            BufferType bufferType,
            List<Long> bankOffsets,
            long sizeBytes,
            long allocOffset,
            long alignment,
            long interleavedAddressLimit,
            boolean disableInterleaved) {
        validateNumBanks(bankOffsets.size(), bufferType, disableInterleaved);
        this.bufferType = bufferType;
        this.bankOffsets = bankOffsets.stream().mapToLong(Long::longValue).toArray();
        this.alignment = alignment;
        this.interleavedAddressLimit = interleavedAddressLimit;
        this.freeList = new FreeListOpt(sizeBytes, allocOffset, alignment, alignment);
    }

    /**
     * Reserves the same range in every bank a buffer needs.
     *
     * @param size the buffer's aligned size in bytes, a multiple of {@code pageSize}
     * @param pageSize the buffer's aligned page size in bytes; 0 only if {@code size} is 0
     * @param bottomUp true to take the lowest fitting address, false the highest
     * @param computeGrid the compute cores; {@code numShards} may not exceed their count
     * @param numShards 0 for an interleaved buffer (spread over all banks), else the number of banks it is sharded
     *     over
     * @return the start address, the same in every bank (add {@link #bankOffset} for a bank's absolute address)
     * @throws IllegalArgumentException if a size is negative, {@code size} is not a whole number of pages, or
     *     {@code numShards} is negative
     * @throws TtException "Expected number of shards {n} to be less than or equal to total number of L1 banks {c} in
     *     compute cores" if {@code numShards} exceeds the compute cores
     * @throws OutOfDeviceMemoryException "Out of Memory: Not enough space to allocate {size} B {TYPE} buffer across
     *     {banks} banks, where each bank needs to store {per bank} B, but bank size is only {bank size} B" if no range
     *     fits, or the address-limit text if the chosen range of an interleaved L1 buffer starts below the limit
     */
    public long allocateBuffer(long size, long pageSize, boolean bottomUp, CoreRangeSet computeGrid, int numShards) {
        Checks.sizeAndPage("size", size, "pageSize", pageSize);
        Checks.nonNegative("numShards", numShards);
        int numBanks = numBanks();
        boolean sharded = numShards > 0;
        if (sharded) {
            int computeBanks = computeGrid.numCores();
            if (numShards > computeBanks) {
                throw new TtException("Expected number of shards " + numShards
                        + " to be less than or equal to total number of L1 banks " + computeBanks
                        + " in compute cores");
            }
            numBanks = numShards;
        }
        long sizePerBank = Allocator.calculateBankSizeSpread(size, pageSize, numBanks, alignment);
        long addressLimit = 0;
        if (!sharded && bufferType == BufferType.L1) {
            addressLimit = interleavedAddressLimit;
            if (addressLimit <= 0) {
                throw new TtException("Address limit " + addressLimit + " needs to be larger than zero.");
            }
        }
        OptionalLong address = freeList.allocate(sizePerBank, bottomUp, addressLimit);
        if (address.isEmpty()) {
            throw new OutOfDeviceMemoryException("Out of Memory: Not enough space to allocate " + size + " B "
                    + bufferType.name() + " buffer across " + numBanks + " banks, where each bank needs to store "
                    + sizePerBank + " B, but bank size is only " + bankSize() + " B");
        }
        allocatedBuffers.add(address.getAsLong());
        return address.getAsLong();
    }

    /**
     * Frees the range starting at {@code address}; an address not handed out (or already freed) is ignored.
     *
     * @param address an address returned by {@link #allocateBuffer}
     */
    public void deallocateBuffer(long address) {
        freeList.deallocate(address);
        allocatedBuffers.remove(address);
    }

    /** Frees every range still allocated, oldest first. */
    public void deallocateAll() {
        for (long address : allocatedBuffers) {
            freeList.deallocate(address);
        }
        allocatedBuffers.clear();
    }

    /**
     * The lowest allocated address as seen in one bank.
     *
     * @param bankId the bank
     * @return the free list's lowest allocated address plus the bank's offset, empty if nothing is allocated
     * @throws TtException "Expected bank {id} to be tracked!" for an unknown bank
     */
    public OptionalLong lowestOccupiedAddress(int bankId) {
        long bankOffset = bankOffset(bankId);
        OptionalLong lowest = freeList.lowestOccupiedAddress();
        return lowest.isEmpty() ? lowest : OptionalLong.of(lowest.getAsLong() + bankOffset);
    }

    /** {@return usage of one bank (all banks are alike)} */
    public Statistics statistics() {
        return freeList.statistics();
    }

    /**
     * Prints the free list in upstream's {@code dump_blocks} layout.
     *
     * @param out where to print
     */
    public void dumpBlocks(PrintWriter out) {
        freeList.dumpBlocks(out);
    }

    /**
     * Removes bytes from the bottom of every bank (sub-device L1 carving, {@code shrink_size}).
     *
     * @param shrinkSize bytes to remove
     * @param bottomUp must be true
     * @throws TtException with upstream's text if the shrink is from the top or cuts into an allocation
     */
    public void shrinkSize(long shrinkSize, boolean bottomUp) {
        freeList.shrinkSize(shrinkSize, bottomUp);
    }

    /** Undoes every {@link #shrinkSize} ({@code reset_size}). */
    public void resetSize() {
        freeList.resetSize();
    }

    /** {@return the number of banks} */
    public int numBanks() {
        return bankOffsets.length;
    }

    /** {@return the size of each bank's managed region} */
    public long bankSize() {
        return freeList.maxSize();
    }

    /**
     * The address offset of a bank.
     *
     * @param bankId the bank
     * @return its offset
     * @throws TtException "Expected bank {id} to be tracked!" for an unknown bank
     */
    public long bankOffset(int bankId) {
        if (bankId < 0 || bankId >= bankOffsets.length) {
            throw new TtException("Expected bank " + bankId + " to be tracked!");
        }
        return bankOffsets[bankId];
    }

    /** {@return the alignment of every allocation} */
    public long alignment() {
        return alignment;
    }

    @Override
    public String toString() {
        return "BankManager[" + bufferType + ", " + numBanks() + " banks of " + bankSize() + " B]";
    }

    private static void validateNumBanks(int numBanks, BufferType type, boolean disableInterleaved) {
        boolean interleavingUnsupported = type == BufferType.L1_SMALL || disableInterleaved;
        boolean powerOfTwo = numBanks > 0 && (numBanks & (numBanks - 1)) == 0;
        if (!powerOfTwo && !NON_POWER_OF_TWO_BANK_COUNTS.contains(numBanks) && !interleavingUnsupported) {
            throw new TtException("Invalid number of memory banks " + numBanks + " for " + type.name()
                    + ". Num banks must be power of 2 or have a dedicated modulo implementation");
        }
    }
}
