package dev.custody.agent.wire;

/** The tt-metal branch's message kinds ({@code AllocMessage::Type}, spec §6.2); the code goes on the wire. */
public enum LegacyType {
    ALLOC(1),
    FREE(2),
    QUERY(3),
    RESPONSE(4),
    DUMP_REMAINING(5),
    DEVICE_INFO_QUERY(6),
    DEVICE_INFO_RESPONSE(7),
    CB_ALLOC(8),
    CB_FREE(9),
    KERNEL_LOAD(10),
    KERNEL_UNLOAD(11),
    DUMP_KERNELS(12);

    private final int code;

    LegacyType(int code) {
        this.code = code;
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** The type of a wire value, or null when there is none. */
    public static LegacyType of(int code) {
        return code >= 1 && code <= 12 ? values()[code - 1] : null;
    }

    /** True for the kinds that change the allocation state and so must carry a real pid. */
    public boolean changesState() {
        return this == ALLOC
                || this == FREE
                || this == CB_ALLOC
                || this == CB_FREE
                || this == KERNEL_LOAD
                || this == KERNEL_UNLOAD;
    }
}
