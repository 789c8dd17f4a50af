package dev.custody.metal;

import dev.custody.metal.buffer.ShardOrientation;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.ReplicatedBufferConfig;
import dev.custody.metal.mesh.Shape2D;
import dev.custody.metal.mesh.ShardedBufferConfig;

/**
 * Moves bytes between the host and the device-local buffers of a {@link MeshBuffer}.
 *
 * <p>Replicated: every device gets all bytes. Sharded (the port's mapping): the global buffer is row-major
 * {@code H × W} datums cut into physical shards; with no replicated dimension, shards are numbered in the config's
 * orientation (ROW_MAJOR: shard row outer; COL_MAJOR: shard column outer) and shard {@code k} goes to the device with
 * row-major index {@code k}; with one replicated dimension, ROW_MAJOR gives device (r, c) shard {@code c} and
 * COL_MAJOR gives it shard {@code r} (each shard repeated down the mesh rows or along the mesh columns, as upstream's
 * fit check counts them); with both dimensions replicated every device gets the whole buffer. Devices without a
 * shard are not written.
 */
final class MeshBufferTransfer {
    private MeshBufferTransfer() {}

    static void write(MeshBuffer meshBuffer, byte[] data) {
        MeshDevice mesh = requireUsable(meshBuffer, data);
        if (data.length != meshBuffer.size()) {
            throw new IllegalArgumentException(
                    "data length (" + data.length + ") must equal the mesh buffer size (" + meshBuffer.size() + ")");
        }
        if (meshBuffer.config() instanceof ReplicatedBufferConfig) {
            for (int i = 0; i < mesh.numDevices(); i++) {
                BufferTransfer.write(meshBuffer.getDeviceBuffer(coordinate(mesh, i)), data);
            }
            return;
        }
        ShardedBufferConfig config = (ShardedBufferConfig) meshBuffer.config();
        for (int i = 0; i < mesh.numDevices(); i++) {
            MeshCoordinate coord = coordinate(mesh, i);
            long shard = shardOf(config, mesh, coord);
            if (shard >= 0) {
                BufferTransfer.write(meshBuffer.getDeviceBuffer(coord), extractShard(config, data, shard));
            }
        }
    }

    static byte[] read(MeshBuffer meshBuffer, MeshCoordinate coord) {
        requireUsable(meshBuffer, new byte[0]);
        return BufferTransfer.read(meshBuffer.getDeviceBuffer(coord));
    }

    private static MeshDevice requireUsable(MeshBuffer meshBuffer, byte[] data) {
        if (meshBuffer == null || data == null) {
            throw new IllegalArgumentException("meshBuffer and data must not be null");
        }
        if (meshBuffer.isClosed()) {
            throw new IllegalStateException(meshBuffer + " was closed");
        }
        return meshBuffer.device();
    }

    private static MeshCoordinate coordinate(MeshDevice mesh, int index) {
        return new MeshCoordinate(index / mesh.numCols(), index % mesh.numCols());
    }

    /** {@return the shard index device {@code coord} holds, or -1 for none} */
    private static long shardOf(ShardedBufferConfig config, MeshDevice mesh, MeshCoordinate coord) {
        Shape2D global = config.globalBufferShape();
        Shape2D shard = config.physicalShardShape();
        long shardRows = global.height() / shard.height();
        long shardCols = global.width() / shard.width();
        long numShards = shardRows * shardCols;
        boolean rowMajor = config.shardOrientation() == ShardOrientation.ROW_MAJOR;
        long k;
        if (config.heightReplicated() && config.widthReplicated()) {
            k = 0;
        } else if (config.heightReplicated() || config.widthReplicated()) {
            k = rowMajor ? coord.col() : coord.row();
        } else {
            long d = (long) coord.row() * mesh.numCols() + coord.col();
            if (d >= numShards) {
                return -1;
            }
            // Device d holds the d-th shard in orientation order; convert that to a row-major shard index.
            k = rowMajor ? d : (d % shardRows) * shardCols + d / shardRows;
        }
        return k < numShards ? k : -1;
    }

    /** {@return the bytes of row-major shard {@code k}} */
    private static byte[] extractShard(ShardedBufferConfig config, byte[] data, long k) {
        Shape2D global = config.globalBufferShape();
        Shape2D shard = config.physicalShardShape();
        long shardCols = global.width() / shard.width();
        long datum = config.computeDatumSizeBytes();
        long firstRow = (k / shardCols) * shard.height();
        long firstCol = (k % shardCols) * shard.width();
        int rowBytes = (int) (shard.width() * datum);
        byte[] out = new byte[(int) (shard.height() * rowBytes)];
        for (int r = 0; r < shard.height(); r++) {
            long src = ((firstRow + r) * global.width() + firstCol) * datum;
            System.arraycopy(data, (int) src, out, r * rowBytes, rowBytes);
        }
        return out;
    }
}
