package dev.custody.agent.wire;

/**
 * The memories the server accounts per device. Kernel binaries live in DRAM and circular buffers in L1, so
 * their bars are drawn against those capacities.
 */
public enum MemoryKind {
    DRAM,
    L1,
    L1_SMALL,
    TRACE,
    CB,
    KERNEL;

    /**
     * The kind a wire buffer type is counted under. SYSTEM_MEMORY (2) counts as L1_SMALL, as the tt-metal
     * branch's server did (§6.3), so legacy totals match it.
     *
     * @throws IllegalArgumentException for a code outside 0..6
     */
    public static MemoryKind ofBufferType(int code) {
        return switch (code) {
            case 0 -> DRAM;
            case 1 -> L1;
            case 2, 3 -> L1_SMALL;
            case 4 -> TRACE;
            case Protocol.TYPE_CB -> CB;
            case Protocol.TYPE_KERNEL -> KERNEL;
            default ->
                throw new IllegalArgumentException(
                        "buffer type " + code + " is outside 0..6 (BufferType 0..4, 5 = CB, 6 = kernel binary)");
        };
    }

    /** The capacity this kind is measured against on {@code d}. */
    public long capacityOn(DeviceInfo d) {
        return switch (this) {
            case DRAM, KERNEL -> d.dramCapacity();
            case L1, CB -> d.l1Capacity();
            case L1_SMALL -> d.l1SmallCapacity();
            case TRACE -> d.traceCapacity();
        };
    }

    /**
     * The name printed in event lines for a wire buffer type: the BufferType names of §6.4, {@code CB} and
     * {@code KERNEL}.
     */
    public static String typeName(int code) {
        return switch (code) {
            case 0 -> "DRAM";
            case 1 -> "L1";
            case 2 -> "SYSTEM_MEMORY";
            case 3 -> "L1_SMALL";
            case 4 -> "TRACE";
            case Protocol.TYPE_CB -> "CB";
            case Protocol.TYPE_KERNEL -> "KERNEL";
            default -> "UNKNOWN(" + code + ")";
        };
    }
}
