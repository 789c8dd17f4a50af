package dev.custody.metal.buffer;

import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;

/** Shard specs for tests; one element per page, so shapes are in pages. */
final class Shards {
    private Shards() {}

    /** {@code tensorHeight × 2} pages in shards of {@code shardHeight × 2} pages on cores (0,0)..(cores−1,0). */
    static ShardSpecBuffer heightSharded(int cores, int shardHeight, int tensorHeight) {
        return heightSharded(cores, 1, shardHeight, 2, tensorHeight);
    }

    /** {@code tensorHeight × width} pages in shards of {@code shardHeight × width} pages on a gridX × gridY grid. */
    static ShardSpecBuffer heightSharded(int gridX, int gridY, int shardHeight, int width, int tensorHeight) {
        CoreRangeSet grid = CoreRangeSet.of(CoreRange.of(0, 0, gridX - 1, gridY - 1));
        ShardSpec shard = new ShardSpec(grid, shardHeight, width, ShardOrientation.ROW_MAJOR);
        return new ShardSpecBuffer(shard, 1, 1, tensorHeight, width);
    }
}
