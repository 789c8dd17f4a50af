package dev.custody.metal.allocator;

/** The kinds of memory the HAL knows ({@code HalMemType} in {@code hal_types.hpp}). */
public enum HalMemType {
    /** Core-local SRAM of Tensix and Ethernet cores. */
    L1,
    /** Device DRAM. */
    DRAM,
    /** Host memory visible to the device (PCIe). */
    HOST
}
