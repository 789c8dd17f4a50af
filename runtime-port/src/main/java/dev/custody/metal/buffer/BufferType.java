package dev.custody.metal.buffer;

import dev.custody.metal.TtException;
import dev.custody.metal.allocator.HalMemType;

/**
 * Where a buffer lives ({@code BufferType} in {@code buffer_types.hpp}).
 *
 * <p>{@link #ordinal()} is the upstream enum value and goes on the wire: DRAM=0, L1=1, SYSTEM_MEMORY=2, L1_SMALL=3,
 * TRACE=4. Do not reorder.
 */
public enum BufferType {
    /** Interleaved or sharded DRAM, one bank per DRAM channel. */
    DRAM,
    /** Worker L1, one bank per compute core. */
    L1,
    /** Host memory; never allocated by the device allocator. */
    SYSTEM_MEMORY,
    /** The small sharded-only L1 region at the top of each core's L1. */
    L1_SMALL,
    /** The trace region at the top of each DRAM bank. */
    TRACE;

    /** {@return true for L1 and L1_SMALL ({@code is_l1})} */
    public boolean isL1() {
        return this == L1 || this == L1_SMALL;
    }

    /** {@return true for DRAM and TRACE ({@code is_dram})} */
    public boolean isDram() {
        return this == DRAM || this == TRACE;
    }

    /** {@return true for TRACE ({@code is_trace})} */
    public boolean isTrace() {
        return this == TRACE;
    }

    /**
     * The HAL memory a buffer of this type lives in ({@code Buffer::memory_type}).
     *
     * @return {@link HalMemType#DRAM} for DRAM and TRACE, {@link HalMemType#L1} for L1 and L1_SMALL
     * @throws TtException for SYSTEM_MEMORY, with the upstream text "Unknown HAL memory type for
     *     SYSTEM_MEMORY buffer type"
     */
    public HalMemType memoryType() {
        if (isDram()) {
            return HalMemType.DRAM;
        }
        if (isL1()) {
            return HalMemType.L1;
        }
        throw new TtException("Unknown HAL memory type for " + name() + " buffer type");
    }
}
