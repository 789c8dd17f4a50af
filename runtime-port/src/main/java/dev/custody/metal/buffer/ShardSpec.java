package dev.custody.metal.buffer;

import dev.custody.metal.device.CoreRangeSet;

/**
 * The shape of one shard and the cores holding the shards ({@code ShardSpec} in {@code buffer.hpp}).
 *
 * @param grid the cores; one shard per core
 * @param height shard height in elements ({@code shape[0]})
 * @param width shard width in elements ({@code shape[1]})
 * @param orientation the order in which shards are assigned to the grid's cores
 */
public record ShardSpec(CoreRangeSet grid, int height, int width, ShardOrientation orientation) {
    /**
     * Validates the spec.
     *
     * @throws IllegalArgumentException if {@code grid} or {@code orientation} is null or a dimension is not positive
     */
    public ShardSpec {
        BufferChecks.requireNonNull("grid", grid);
        BufferChecks.requireNonNull("orientation", orientation);
        BufferChecks.requirePositive("height", height);
        BufferChecks.requirePositive("width", width);
    }

    /** {@return the number of cores in the grid} */
    public int numCores() {
        return grid.numCores();
    }
}
