package dev.custody.metal.device;

/**
 * The architecture numbers one device is built from (spec §5.5); the allocator derives its configuration from it.
 *
 * <p>{@code l1SmallSize} and {@code traceRegionSize} are the sizes the user asked for; the allocator rounds them as
 * upstream's {@code L1BankingAllocator::generate_config} does (see {@code AllocatorConfig#from}).
 *
 * @param arch the architecture
 * @param workerL1Size L1 bytes per Tensix core ({@code MEM_L1_SIZE})
 * @param numDramBanks DRAM banks (one per channel/view)
 * @param dramBankSize bytes per DRAM bank ({@code dram_view_size})
 * @param l1Alignment L1 allocation alignment
 * @param dramAlignment DRAM allocation alignment (also CB alignment and the rounding of l1 bases)
 * @param computeGridSize compute-with-storage grid size, x columns by y rows; one L1 bank per core
 * @param l1UnreservedBase first byte of worker L1 not reserved for firmware
 * @param dramUnreservedBase first byte of each DRAM bank not reserved ({@code HalDramMemAddrType::UNRESERVED})
 * @param l1SmallSize requested size of the L1_SMALL region at the top of each core's L1
 * @param traceRegionSize requested size of the TRACE region at the top of each DRAM bank
 */
public record DeviceSpec(
        Arch arch,
        long workerL1Size,
        int numDramBanks,
        long dramBankSize,
        long l1Alignment,
        long dramAlignment,
        CoreCoord computeGridSize,
        long l1UnreservedBase,
        long dramUnreservedBase,
        long l1SmallSize,
        long traceRegionSize) {

    /**
     * Validates the numbers.
     *
     * @throws IllegalArgumentException if a size is negative, an alignment is not a positive power of two, the
     *     grid is empty, or a reserved base does not fit in its memory
     */
    public DeviceSpec {
        requirePositive("workerL1Size", workerL1Size);
        requirePositive("numDramBanks", numDramBanks);
        requirePositive("dramBankSize", dramBankSize);
        requirePowerOfTwo("l1Alignment", l1Alignment);
        requirePowerOfTwo("dramAlignment", dramAlignment);
        if (computeGridSize.x() < 1 || computeGridSize.y() < 1) {
            throw new IllegalArgumentException(
                    "computeGridSize (" + computeGridSize.str() + ") must have at least one column and one row");
        }
        requireNonNegative("l1SmallSize", l1SmallSize);
        requireNonNegative("traceRegionSize", traceRegionSize);
        if (l1UnreservedBase < 0 || l1UnreservedBase >= workerL1Size) {
            throw new IllegalArgumentException(
                    "l1UnreservedBase (" + l1UnreservedBase + ") must be in [0, workerL1Size=" + workerL1Size + ")");
        }
        if (dramUnreservedBase < 0 || dramUnreservedBase >= dramBankSize) {
            throw new IllegalArgumentException("dramUnreservedBase (" + dramUnreservedBase
                    + ") must be in [0, dramBankSize=" + dramBankSize + ")");
        }
    }

    /**
     * Wormhole B0 as on an n150/n300 card: 1,499,136 B L1 per core, 12 DRAM banks of 1 GiB, alignments 16 (L1) and
     * 32 (DRAM), 8×8 compute grid, l1_unreserved_base 101,152, dram_unreserved_base 32, no L1_SMALL, no trace
     * region.
     *
     * @return the Wormhole B0 numbers of spec §5.5
     */
    public static DeviceSpec wormholeB0() {
        return new DeviceSpec(
                Arch.WORMHOLE_B0, 1_499_136L, 12, 1L << 30, 16, 32, new CoreCoord(8, 8), 101_152L, 32L, 0L, 0L);
    }

    /**
     * Blackhole as on a p150 card: 1,572,864 B L1 per core, 8 DRAM banks of 4,278,190,080 B, alignments 16 (L1) and
     * 64 (DRAM), a 13×10 compute grid (the unharvested grid; upstream logs also show 12×10 and 11×10),
     * l1_unreserved_base 102,784 (see the package documentation), dram_unreserved_base 64, no L1_SMALL, no trace
     * region.
     *
     * @return the Blackhole numbers of spec §5.5
     */
    public static DeviceSpec blackhole() {
        return new DeviceSpec(
                Arch.BLACKHOLE, 1_572_864L, 8, 4_278_190_080L, 16, 64, new CoreCoord(13, 10), 102_784L, 64L, 0L, 0L);
    }

    /** {@return this spec with the given requested L1_SMALL size} */
    public DeviceSpec withL1SmallSize(long size) {
        return new DeviceSpec(
                arch,
                workerL1Size,
                numDramBanks,
                dramBankSize,
                l1Alignment,
                dramAlignment,
                computeGridSize,
                l1UnreservedBase,
                dramUnreservedBase,
                size,
                traceRegionSize);
    }

    /** {@return this spec with the given requested TRACE region size} */
    public DeviceSpec withTraceRegionSize(long size) {
        return new DeviceSpec(
                arch,
                workerL1Size,
                numDramBanks,
                dramBankSize,
                l1Alignment,
                dramAlignment,
                computeGridSize,
                l1UnreservedBase,
                dramUnreservedBase,
                l1SmallSize,
                size);
    }

    /** {@return this spec with a different compute grid (columns × rows)} */
    public DeviceSpec withComputeGridSize(CoreCoord size) {
        return new DeviceSpec(
                arch,
                workerL1Size,
                numDramBanks,
                dramBankSize,
                l1Alignment,
                dramAlignment,
                size,
                l1UnreservedBase,
                dramUnreservedBase,
                l1SmallSize,
                traceRegionSize);
    }

    /** {@return the number of compute cores, which is the number of L1 banks} */
    public int numComputeCores() {
        return computeGridSize.x() * computeGridSize.y();
    }

    /** {@return the compute grid as the single range {@code [(0,0) - (x-1,y-1)]}} */
    public CoreRangeSet computeGrid() {
        return CoreRangeSet.of(CoreRange.of(0, 0, computeGridSize.x() - 1, computeGridSize.y() - 1));
    }

    private static void requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be > 0");
        }
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be >= 0");
        }
    }

    private static void requirePowerOfTwo(String name, long value) {
        if (value <= 0 || Long.bitCount(value) != 1) {
            throw new IllegalArgumentException(name + " (" + value + ") must be a positive power of two");
        }
    }
}
