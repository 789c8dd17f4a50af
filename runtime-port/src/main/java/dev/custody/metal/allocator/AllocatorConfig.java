package dev.custody.metal.allocator;

import dev.custody.metal.TtException;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.DeviceSpec;
import java.util.Collections;
import java.util.List;

/**
 * What an {@link Allocator} is built from ({@code AllocatorConfig}, filled by
 * {@code L1BankingAllocator::generate_config}).
 *
 * @param numDramChannels DRAM banks, one per channel
 * @param dramBankSize bytes per DRAM bank
 * @param dramBankOffsets address offset of each DRAM bank (the soc view offset); all 0 in the port
 * @param dramUnreservedBase first allocatable byte of every DRAM bank
 * @param dramAlignment DRAM alignment
 * @param l1UnreservedBase first allocatable L1 byte, a multiple of {@code dramAlignment}
 * @param workerL1Size L1 bytes per worker core
 * @param l1SmallSize L1_SMALL bytes per core, a multiple of {@code dramAlignment}
 * @param traceRegionSize TRACE bytes per DRAM bank, a multiple of {@code dramAlignment × numDramChannels}
 * @param computeGrid the compute cores; one L1 bank each
 * @param l1Alignment L1 alignment
 * @param disableInterleaved true to skip the bank-count rule and refuse interleaved buffers
 */
public record AllocatorConfig(
        int numDramChannels,
        long dramBankSize,
        List<Long> dramBankOffsets,
        long dramUnreservedBase,
        long dramAlignment,
        long l1UnreservedBase,
        long workerL1Size,
        long l1SmallSize,
        long traceRegionSize,
        CoreRangeSet computeGrid,
        long l1Alignment,
        boolean disableInterleaved) {

    /**
     * Copies the offsets and checks that the regions fit.
     *
     * @throws IllegalArgumentException if {@code dramBankOffsets} does not have one entry per channel, an alignment
     *     is not a power of two, or the reserved base plus the trace region does not fit in a DRAM bank
     * @throws TtException "Reserved size must be less than bank size" if L1_SMALL does not fit above the unreserved
     *     base, or "Reserved size must be aligned to L1 allocator alignment {a}"
     */
    public AllocatorConfig {
        dramBankOffsets = List.copyOf(dramBankOffsets);
        if (dramBankOffsets.size() != numDramChannels) {
            throw new IllegalArgumentException("dramBankOffsets has " + dramBankOffsets.size()
                    + " entries but numDramChannels is " + numDramChannels + "; give one offset per channel");
        }
        Checks.powerOfTwo("dramAlignment", dramAlignment);
        Checks.powerOfTwo("l1Alignment", l1Alignment);
        Checks.nonNegative("traceRegionSize", traceRegionSize);
        Checks.nonNegative("l1SmallSize", l1SmallSize);
        if (dramUnreservedBase < 0 || traceRegionSize > dramBankSize - dramUnreservedBase) {
            throw new IllegalArgumentException("traceRegionSize (" + traceRegionSize + ") must fit in the DRAM bank ("
                    + dramBankSize + " B) above dramUnreservedBase (" + dramUnreservedBase
                    + "); ask for a smaller trace region");
        }
        if (l1UnreservedBase < 0 || l1SmallSize >= workerL1Size - l1UnreservedBase) {
            throw new TtException("Reserved size must be less than bank size");
        }
        if (l1SmallSize % l1Alignment != 0) {
            throw new TtException("Reserved size must be aligned to L1 allocator alignment " + l1Alignment);
        }
    }

    /**
     * Derives the configuration of a device, rounding as upstream does: {@code l1UnreservedBase} and
     * {@code l1SmallSize} up to the DRAM alignment, {@code traceRegionSize} up to DRAM alignment × DRAM channels.
     *
     * @param spec the device numbers
     * @return the configuration
     * @throws IllegalArgumentException or {@link TtException} as the canonical constructor does, if the rounded
     *     regions do not fit
     */
    public static AllocatorConfig from(DeviceSpec spec) {
        long dramAlignment = spec.dramAlignment();
        long traceAlignment = dramAlignment * spec.numDramBanks();
        return new AllocatorConfig(
                spec.numDramBanks(),
                spec.dramBankSize(),
                Collections.nCopies(spec.numDramBanks(), 0L),
                spec.dramUnreservedBase(),
                dramAlignment,
                roundUp(spec.l1UnreservedBase(), dramAlignment),
                spec.workerL1Size(),
                roundUp(spec.l1SmallSize(), dramAlignment),
                roundUp(spec.traceRegionSize(), traceAlignment),
                spec.computeGrid(),
                spec.l1Alignment(),
                false);
    }

    /** {@return the number of L1 banks: one per compute core} */
    public int numL1Banks() {
        return computeGrid.numCores();
    }

    /** {@return the size of the DRAM region of each bank, between the reserved base and the trace region} */
    public long dramRegionSize() {
        return dramBankSize - dramUnreservedBase - traceRegionSize;
    }

    /** {@return the size of the L1 allocator's region, between the unreserved base and L1_SMALL} */
    public long l1RegionSize() {
        return workerL1Size - l1UnreservedBase - l1SmallSize;
    }

    private static long roundUp(long value, long multiple) {
        return Math.multiplyExact(Math.addExact(value, multiple - 1) / multiple, multiple);
    }
}
