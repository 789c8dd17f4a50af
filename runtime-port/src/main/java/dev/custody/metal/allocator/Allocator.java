package dev.custody.metal.allocator;

import dev.custody.metal.TtException;
import dev.custody.metal.buffer.BufferType;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.OptionalLong;

/**
 * The device allocator: four lockstep bank managers for DRAM, L1, L1_SMALL and TRACE ({@code Allocator} /
 * {@code L1BankingAllocator}, {@code allocator.cpp}, {@code l1_banking_allocator.cpp}).
 *
 * <p>One per {@code Device} and one per mesh device. Thread-safe: every method holds the allocator's lock, as
 * upstream's mutex does.
 *
 * <p>{@link #allocateBuffer} and {@link #deallocateBuffer} are the ground truth of device memory ownership: only
 * owning buffers call them, once each. {@link #deallocateBuffers} frees everything without going through
 * {@link #deallocateBuffer}, so no per-buffer free is observed at device close.
 */
public final class Allocator {
    /*
     * Layout per bank (spec §5.2):
     *   DRAM bank:  [0, dram_unreserved_base) reserved | DRAM region | TRACE region (top, trace_region_size)
     *   L1 (core):  [0, l1_unreserved_base) firmware | L1 region (static CBs grow up, buffers come down) | L1_SMALL
     * The L1 manager's interleaved address limit is l1_unreserved_base; L1_SMALL has banks only when its size is
     * non-zero and takes sharded buffers only. Bank ids are 0..n-1 with offset 0 for L1 (upstream shuffles which
     * core gets which id; the port has no cores to map, so the order does not matter).
     */

    private final Object lock = new Object();
    private final AllocatorConfig config;
    private final BankManager dramManager;
    private final BankManager l1Manager;
    private final BankManager l1SmallManager;
    private final BankManager traceManager;

    /**
     * Builds the four bank managers of a device.
     *
     * @param config the configuration
     * @throws TtException if a bank count breaks the bank-count rule
     */
    public Allocator(AllocatorConfig config) {
        this.config = config;
        long dramRegion = config.dramRegionSize();
        dramManager = new BankManager(
                BufferType.DRAM,
                config.dramBankOffsets(),
                dramRegion,
                config.dramUnreservedBase(),
                config.dramAlignment(),
                0,
                config.disableInterleaved());
        traceManager = new BankManager(
                BufferType.TRACE,
                config.dramBankOffsets(),
                config.traceRegionSize(),
                config.dramUnreservedBase() + dramRegion,
                config.dramAlignment(),
                0,
                config.disableInterleaved());
        int numL1Banks = config.numL1Banks();
        long l1Region = config.l1RegionSize();
        l1Manager = new BankManager(
                BufferType.L1,
                Collections.nCopies(numL1Banks, 0L),
                l1Region,
                config.l1UnreservedBase(),
                config.l1Alignment(),
                config.l1UnreservedBase(),
                config.disableInterleaved());
        l1SmallManager = new BankManager(
                BufferType.L1_SMALL,
                Collections.nCopies(config.l1SmallSize() > 0 ? numL1Banks : 0, 0L),
                config.l1SmallSize(),
                config.l1UnreservedBase() + l1Region,
                config.l1Alignment(),
                config.workerL1Size() - config.l1SmallSize(),
                config.disableInterleaved());
    }

    /**
     * Reserves a buffer's range in every bank it needs: the ground truth of allocation
     * ({@code Allocator::allocate_buffer}).
     *
     * @param type the buffer type
     * @param alignedSize the buffer's aligned size in bytes: a whole number of pages
     * @param alignedPageSize the buffer's aligned page size in bytes: a multiple of {@link #getAlignment}; 0 only if
     *     {@code alignedSize} is 0
     * @param bottomUp true for the lowest fitting address, false for the highest
     * @param numShards 0 for interleaved, else the number of cores the buffer is sharded over
     * @return the address, the same in every bank
     * @throws IllegalArgumentException if a size or {@code numShards} is negative, the page size is 0 while the size
     *     is not, the size is not a whole number of pages, or the page size is not aligned
     * @throws TtException "Unsupported buffer type!" for SYSTEM_MEMORY; "L1_SMALL only supports sharded allocations,
     *     see validate_num_banks" for interleaved L1_SMALL; "Interleaved allocation is disabled, see
     *     validate_num_banks" when interleaving is disabled; the shard-count text of {@link BankManager}
     * @throws OutOfDeviceMemoryException if no range fits (exact upstream text); the allocator is then unchanged
     */
    public long allocateBuffer(
            BufferType type, long alignedSize, long alignedPageSize, boolean bottomUp, int numShards) {
        synchronized (lock) {
            BankManager manager = manager(type);
            Checks.sizeAndPage("alignedSize", alignedSize, "alignedPageSize", alignedPageSize);
            Checks.nonNegative("numShards", numShards);
            if (alignedPageSize % manager.alignment() != 0) {
                throw new IllegalArgumentException(
                        "alignedPageSize (" + alignedPageSize + ") must be a multiple of the " + type + " alignment ("
                                + manager.alignment() + "); round the page size up first");
            }
            if (config.disableInterleaved() && numShards == 0) {
                throw new TtException("Interleaved allocation is disabled, see validate_num_banks");
            }
            if (type == BufferType.L1_SMALL && numShards == 0) {
                throw new TtException("L1_SMALL only supports sharded allocations, see validate_num_banks");
            }
            return manager.allocateBuffer(alignedSize, alignedPageSize, bottomUp, config.computeGrid(), numShards);
        }
    }

    /**
     * Frees the buffer of {@code type} at {@code address}: the ground truth of deallocation
     * ({@code Allocator::deallocate_buffer}). An address that is not allocated is ignored, as upstream does.
     *
     * @param type the buffer type
     * @param address the address returned by {@link #allocateBuffer}
     * @throws TtException "Unsupported buffer type!" for SYSTEM_MEMORY
     */
    public void deallocateBuffer(BufferType type, long address) {
        synchronized (lock) {
            manager(type).deallocateBuffer(address);
        }
    }

    /**
     * Frees everything still allocated in every bank manager ({@code deallocate_buffers}, run when a device
     * closes). Does not call {@link #deallocateBuffer}.
     */
    public void deallocateBuffers() {
        synchronized (lock) {
            dramManager.deallocateAll();
            l1Manager.deallocateAll();
            l1SmallManager.deallocateAll();
            traceManager.deallocateAll();
        }
    }

    /**
     * The alignment of buffers of a type: DRAM and TRACE use the DRAM alignment, L1 and L1_SMALL the L1 alignment.
     *
     * @param type the buffer type
     * @return the alignment in bytes
     * @throws TtException "Unsupported buffer type!" for SYSTEM_MEMORY
     */
    public long getAlignment(BufferType type) {
        return switch (type) {
            case DRAM, TRACE -> config.dramAlignment();
            case L1, L1_SMALL -> config.l1Alignment();
            case SYSTEM_MEMORY -> throw unsupported();
        };
    }

    /**
     * The number of banks of a type.
     *
     * @param type the buffer type
     * @return the bank count (0 for L1_SMALL when its size is 0)
     * @throws TtException "Unsupported buffer type!" for SYSTEM_MEMORY
     */
    public int getNumBanks(BufferType type) {
        synchronized (lock) {
            return manager(type).numBanks();
        }
    }

    /**
     * The size of each bank's managed region.
     *
     * @param type the buffer type
     * @return the size in bytes
     * @throws TtException "Unsupported buffer type!" for SYSTEM_MEMORY
     */
    public long getBankSize(BufferType type) {
        synchronized (lock) {
            return manager(type).bankSize();
        }
    }

    /**
     * The first allocatable address of a memory ({@code get_base_allocator_addr}).
     *
     * @param memType the memory
     * @return {@code dram_unreserved_base} for DRAM, {@code l1_unreserved_base} for L1
     * @throws TtException "Allocator does not support allocating in HOST" for HOST
     */
    public long getBaseAllocatorAddr(HalMemType memType) {
        return switch (memType) {
            case DRAM -> config.dramUnreservedBase();
            case L1 -> config.l1UnreservedBase();
            case HOST -> throw new TtException("Allocator does not support allocating in " + memType.name());
        };
    }

    /**
     * The lowest address of any L1 buffer in a bank ({@code get_lowest_occupied_l1_address}). Only the L1 manager
     * is consulted: it always sits below L1_SMALL.
     *
     * @param bankId the L1 bank
     * @return the address, or empty if no L1 buffer is allocated
     * @throws TtException "Expected bank {id} to be tracked!" for an unknown bank
     */
    public OptionalLong getLowestOccupiedL1Address(int bankId) {
        synchronized (lock) {
            return l1Manager.lowestOccupiedAddress(bankId);
        }
    }

    /**
     * Usage of one bank of a type.
     *
     * @param type the buffer type
     * @return the statistics
     * @throws TtException "Unsupported buffer type!" for SYSTEM_MEMORY
     */
    public Statistics getStatistics(BufferType type) {
        synchronized (lock) {
            return manager(type).statistics();
        }
    }

    /**
     * Prints the block table of the manager of a type in upstream's {@code dump_blocks} layout.
     *
     * @param type the buffer type
     * @param out where to print
     * @throws TtException "Unsupported buffer type!" for SYSTEM_MEMORY
     */
    public void dumpBlocks(BufferType type, PrintWriter out) {
        synchronized (lock) {
            manager(type).dumpBlocks(out);
        }
    }

    /**
     * The address offset of a bank ({@code get_bank_offset}).
     *
     * @param type the buffer type
     * @param bankId the bank
     * @return the offset in bytes
     * @throws TtException "Unsupported buffer type!" for SYSTEM_MEMORY, "Expected bank {id} to be tracked!" for an
     *     unknown bank
     */
    public long bankOffset(BufferType type, int bankId) {
        synchronized (lock) {
            return manager(type).bankOffset(bankId);
        }
    }

    /** {@return the configuration this allocator was built from} */
    public AllocatorConfig config() {
        return config;
    }

    /**
     * Bytes each bank must hold for a buffer spread over {@code numBanks} banks
     * ({@code detail::calculate_bank_size_spread}): {@code ceil((size / pageSize) / numBanks) × roundUp(pageSize,
     * alignment)}, 0 if there are no pages.
     *
     * @param size buffer size in bytes, a multiple of {@code pageSize}
     * @param pageSize page size in bytes; 0 only if {@code size} is 0
     * @param numBanks banks the pages are spread over; {@code > 0} when there are pages
     * @param alignment page alignment, a positive power of two
     * @return bytes per bank
     * @throws IllegalArgumentException if a size is negative, {@code size} is not a whole number of pages,
     *     {@code numBanks} is not positive while there are pages, the alignment is not a power of two, or the
     *     result overflows a {@code long}
     */
    public static long calculateBankSizeSpread(long size, long pageSize, int numBanks, long alignment) {
        Checks.sizeAndPage("size", size, "pageSize", pageSize);
        Checks.powerOfTwo("alignment", alignment);
        long numPages = pageSize == 0 ? 0 : size / pageSize;
        if (numPages == 0) {
            return 0;
        }
        if (numBanks <= 0) {
            throw new IllegalArgumentException(
                    "numBanks (" + numBanks + ") must be > 0 to spread " + numPages + " pages; this type has no banks");
        }
        long pagesPerBank = 1 + (numPages - 1) / numBanks;
        try {
            long alignedPage = Math.addExact(pageSize, alignment - 1) & -alignment;
            return Math.multiplyExact(pagesPerBank, alignedPage);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "size (" + size + ") in pages of pageSize (" + pageSize + ") over " + numBanks
                            + " banks needs more than " + Long.MAX_VALUE + " B per bank; use a smaller size",
                    e);
        }
    }

    @Override
    public String toString() {
        return "Allocator[DRAM " + config.numDramChannels() + "×" + config.dramRegionSize() + " B, L1 "
                + config.numL1Banks() + "×" + config.l1RegionSize() + " B]";
    }

    private BankManager manager(BufferType type) {
        return switch (type) {
            case DRAM -> dramManager;
            case L1 -> l1Manager;
            case L1_SMALL -> l1SmallManager;
            case TRACE -> traceManager;
            case SYSTEM_MEMORY -> throw unsupported();
        };
    }

    private static TtException unsupported() {
        return new TtException("Unsupported buffer type!");
    }
}
