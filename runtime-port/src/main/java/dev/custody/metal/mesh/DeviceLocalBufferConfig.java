package dev.custody.metal.mesh;

import dev.custody.metal.buffer.BufferShardingArgs;
import dev.custody.metal.buffer.BufferType;

/**
 * The layout of a mesh buffer within one device ({@code DeviceLocalBufferConfig}); sub-devices are not modelled.
 *
 * @param pageSize bytes per page
 * @param bufferType where each device's buffer lives
 * @param shardingArgs the layout within the device
 * @param bottomUp null for the buffer type's default direction
 */
public record DeviceLocalBufferConfig(
        long pageSize, BufferType bufferType, BufferShardingArgs shardingArgs, Boolean bottomUp) {
    /**
     * Validates the config.
     *
     * @throws IllegalArgumentException if {@code pageSize} is negative or a required argument is null
     */
    public DeviceLocalBufferConfig {
        if (pageSize < 0) {
            throw new IllegalArgumentException("pageSize (" + pageSize + ") must be >= 0");
        }
        if (bufferType == null || shardingArgs == null) {
            throw new IllegalArgumentException("bufferType and shardingArgs must not be null");
        }
    }

    /**
     * An interleaved config with the default direction.
     *
     * @param pageSize bytes per page
     * @param bufferType where each device's buffer lives
     * @return the config
     */
    public static DeviceLocalBufferConfig of(long pageSize, BufferType bufferType) {
        return new DeviceLocalBufferConfig(pageSize, bufferType, BufferShardingArgs.INTERLEAVED, null);
    }
}
