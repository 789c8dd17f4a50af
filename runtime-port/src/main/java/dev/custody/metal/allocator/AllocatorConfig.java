package dev.custody.metal.allocator;

import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.DeviceSpec;
import java.util.List;

/**
 * What an {@link Allocator} is built from ({@code AllocatorConfig}, filled by
 * {@code L1BankingAllocator::generate_config}).
 *
 * @param numDramChannels DRAM banks
 * @param dramBankSize bytes per DRAM bank
 * @param dramBankOffsets per-bank address offset (the soc view offset); all 0 in the port
 * @param dramUnreservedBase first allocatable DRAM byte of every bank
 * @param dramAlignment DRAM alignment
 * @param l1UnreservedBase first allocatable L1 byte, rounded up to {@code dramAlignment}
 * @param workerL1Size L1 bytes per worker core
 * @param l1SmallSize L1_SMALL bytes per core, rounded up to {@code dramAlignment}
 * @param traceRegionSize TRACE bytes per DRAM bank, rounded up to {@code dramAlignment × numDramChannels}
 * @param computeGrid the compute cores; one L1 bank each
 * @param l1Alignment L1 alignment
 * @param disableInterleaved true to skip the bank-count rule (interleaving disabled)
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

    /** Copies the offsets. */
    public AllocatorConfig {
        dramBankOffsets = List.copyOf(dramBankOffsets);
    }

    /**
     * Derives the configuration of a device with the given numbers, rounding as upstream does.
     *
     * @param spec the device numbers
     * @return the configuration
     * @throws IllegalArgumentException if the rounded regions do not fit in L1 or DRAM
     */
    public static AllocatorConfig from(DeviceSpec spec) {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the number of L1 banks: one per compute core} */
    public int numL1Banks() {
        return computeGrid.numCores();
    }
}
