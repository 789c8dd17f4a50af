package dev.custody.metal.buffer;

/** The order in which shards are assigned to the cores of a shard grid ({@code ShardOrientation}). */
public enum ShardOrientation {
    /** Cores are taken row by row: y outer, x inner. */
    ROW_MAJOR,
    /** Cores are taken column by column: x outer, y inner. */
    COL_MAJOR
}
