package dev.custody.metal.buffer;

/**
 * How a buffer is laid out over banks ({@code BufferShardingArgs} in {@code buffer.hpp}); the port has no
 * distribution spec.
 *
 * @param shardSpec the shard geometry, null for interleaved buffers
 * @param layout the memory layout
 */
public record BufferShardingArgs(ShardSpecBuffer shardSpec, TensorMemoryLayout layout) {
    /** Interleaved, no shard spec (the upstream default). */
    public static final BufferShardingArgs INTERLEAVED = new BufferShardingArgs(null, TensorMemoryLayout.INTERLEAVED);

    /**
     * Checks the layout is given.
     *
     * @throws IllegalArgumentException if {@code layout} is null
     */
    public BufferShardingArgs {
        BufferChecks.requireNonNull("layout", layout);
    }
}
