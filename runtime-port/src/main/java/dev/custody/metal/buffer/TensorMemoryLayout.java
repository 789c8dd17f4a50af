package dev.custody.metal.buffer;

/**
 * How a buffer's pages are spread over banks ({@code TensorMemoryLayout} in {@code buffer_types.hpp}).
 *
 * <p>{@link #value()} is the upstream enum value; there is no 1.
 */
public enum TensorMemoryLayout {
    /** Page {@code i} lives in bank {@code i % numBanks}. */
    INTERLEAVED(0),
    /** Shards split the tensor's height; each core holds full-width rows. */
    HEIGHT_SHARDED(2),
    /** Shards split the tensor's width; each core holds full-height columns. */
    WIDTH_SHARDED(3),
    /** Shards split both dimensions. */
    BLOCK_SHARDED(4),
    /** N-dimensional sharding through a distribution spec (not modelled by the port beyond its value). */
    ND_SHARDED(5);

    private final int value;

    TensorMemoryLayout(int value) {
        this.value = value;
    }

    /** {@return the upstream enum value} */
    public int value() {
        return value;
    }

    /** {@return true for HEIGHT_SHARDED, WIDTH_SHARDED and BLOCK_SHARDED ({@code is_sharded}, 2025 code)} */
    public boolean isSharded() {
        return this == HEIGHT_SHARDED || this == WIDTH_SHARDED || this == BLOCK_SHARDED;
    }
}
