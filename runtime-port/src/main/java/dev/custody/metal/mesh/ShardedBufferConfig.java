package dev.custody.metal.mesh;

import dev.custody.metal.buffer.ShardOrientation;

/**
 * A 2-D global buffer cut into shards, one per device ({@code distributed::ShardedBufferConfig}).
 *
 * <p>The global buffer is {@code globalBufferShape} datums in row-major order, each datum
 * {@link #computeDatumSizeBytes()} bytes. A 0 in {@code shardShape} replicates along that dimension.
 *
 * @param globalSize bytes of the whole buffer; a multiple of height × width
 * @param globalBufferShape the global shape in datums; both dimensions {@code >= 1}
 * @param shardShape the shard shape in datums; 0 = replicated dimension
 * @param shardOrientation the order shards are assigned to devices
 */
public record ShardedBufferConfig(
        long globalSize, Shape2D globalBufferShape, Shape2D shardShape, ShardOrientation shardOrientation)
        implements MeshBufferConfig {

    /**
     * Validates what upstream's arithmetic needs; the shard fit is checked against a mesh by
     * {@link MeshBuffer#create}.
     *
     * @throws IllegalArgumentException if an argument is null, the global shape has a 0 dimension, or
     *     {@code globalSize} is negative or not a multiple of height × width
     */
    public ShardedBufferConfig {
        if (globalBufferShape == null || shardShape == null || shardOrientation == null) {
            throw new IllegalArgumentException("globalBufferShape, shardShape and shardOrientation must not be null");
        }
        if (globalBufferShape.height() == 0 || globalBufferShape.width() == 0) {
            throw new IllegalArgumentException(
                    "globalBufferShape " + globalBufferShape + " must have both dimensions >= 1");
        }
        long datums;
        try {
            datums = Math.multiplyExact(globalBufferShape.height(), globalBufferShape.width());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("globalBufferShape " + globalBufferShape + " overflows a long", e);
        }
        if (globalSize < 0 || globalSize % datums != 0) {
            throw new IllegalArgumentException("globalSize (" + globalSize + ") must be >= 0 and a multiple of the "
                    + datums + " datums of globalBufferShape " + globalBufferShape);
        }
    }

    /**
     * A row-major config.
     *
     * @return the config
     */
    public static ShardedBufferConfig of(long globalSize, Shape2D globalBufferShape, Shape2D shardShape) {
        return new ShardedBufferConfig(globalSize, globalBufferShape, shardShape, ShardOrientation.ROW_MAJOR);
    }

    @Override
    public long size() {
        return globalSize;
    }

    @Override
    public MeshBufferLayout layout() {
        return MeshBufferLayout.SHARDED;
    }

    /** {@return bytes per datum: global size / (height × width)} */
    public long computeDatumSizeBytes() {
        return globalSize / (globalBufferShape.height() * globalBufferShape.width());
    }

    /** {@return true if the shard height is 0, i.e. every shard spans the full height} */
    public boolean heightReplicated() {
        return shardShape.height() == 0;
    }

    /** {@return true if the shard width is 0, i.e. every shard spans the full width} */
    public boolean widthReplicated() {
        return shardShape.width() == 0;
    }

    /** {@return the shard shape with each 0 dimension replaced by the global dimension} */
    public Shape2D physicalShardShape() {
        return new Shape2D(
                heightReplicated() ? globalBufferShape.height() : shardShape.height(),
                widthReplicated() ? globalBufferShape.width() : shardShape.width());
    }
}
