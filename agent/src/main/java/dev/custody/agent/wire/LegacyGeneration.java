package dev.custody.agent.wire;

/**
 * The two message layouts a legacy socket accepts (spec §6.2): gen B, 112 bytes
 * ({@code allocation_server_poc.cpp}, {@code allocation_client.py}), types 1..7; gen C, 144 bytes
 * ({@code allocation_client.cpp}, {@code tt_smi_umd.cpp}), types 1..12.
 */
public enum LegacyGeneration {
    B(112, 7),
    C(144, 12);

    private final int size;
    private final int maxType;

    LegacyGeneration(int size, int maxType) {
        this.size = size;
        this.maxType = maxType;
    }

    /** Bytes per message. */
    public int size() {
        return size;
    }

    /** Highest message type this generation defines. */
    public int maxType() {
        return maxType;
    }

    /**
     * The generation with the given message size.
     *
     * @throws IllegalArgumentException for any size but 112 or 144
     */
    public static LegacyGeneration ofSize(int size) {
        for (LegacyGeneration g : values()) {
            if (g.size == size) {
                return g;
            }
        }
        throw new IllegalArgumentException("legacy frame size " + size
                + " is not supported: use 112 (gen B: allocation_server_poc, allocation_client.py) or 144"
                + " (gen C: the later allocation_client.cpp)");
    }
}
