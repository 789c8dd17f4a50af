package dev.custody.metal.buffer;

import dev.custody.metal.device.IDevice;

/**
 * The arguments of a sharded {@code CreateBuffer} ({@code ShardedBufferConfig} in {@code buffer.hpp}).
 *
 * @param device the device
 * @param size the size in bytes
 * @param pageSize the page size in bytes
 * @param bufferType where the buffer lives (upstream default L1)
 * @param bufferLayout the layout (upstream default HEIGHT_SHARDED)
 * @param shardParameters the shard geometry
 */
public record ShardedBufferConfig(
        IDevice device,
        long size,
        long pageSize,
        BufferType bufferType,
        TensorMemoryLayout bufferLayout,
        ShardSpecBuffer shardParameters) {

    /**
     * A config with upstream's defaults: L1, HEIGHT_SHARDED.
     *
     * @param device the device
     * @param size the size in bytes
     * @param pageSize the page size in bytes
     * @param shardParameters the shard geometry
     * @return the config
     */
    public static ShardedBufferConfig of(IDevice device, long size, long pageSize, ShardSpecBuffer shardParameters) {
        return new ShardedBufferConfig(
                device, size, pageSize, BufferType.L1, TensorMemoryLayout.HEIGHT_SHARDED, shardParameters);
    }

    /** {@return the sharding arguments these settings describe} */
    public BufferShardingArgs shardingArgs() {
        return new BufferShardingArgs(shardParameters, bufferLayout);
    }
}
