package dev.custody.metal.program;

/**
 * Data formats of circular-buffer pages ({@code tt::DataFormat}, a subset).
 *
 * <p>{@link #tileSizeBytes()} is the size of one 32×32 tile, the usual CB page size.
 */
public enum DataFormat {
    /** IEEE float32: 4096 B per tile. */
    FLOAT32(4096),
    /** bfloat16: 2048 B per tile. */
    FLOAT16_B(2048),
    /** Block float, 8-bit mantissas with shared exponents: 1088 B per tile. */
    BFP8_B(1088),
    /** 32-bit unsigned integers: 4096 B per tile. */
    UINT32(4096);

    private final long tileSizeBytes;

    DataFormat(long tileSizeBytes) {
        this.tileSizeBytes = tileSizeBytes;
    }

    /** {@return the size in bytes of one 32×32 tile in this format} */
    public long tileSizeBytes() {
        return tileSizeBytes;
    }
}
