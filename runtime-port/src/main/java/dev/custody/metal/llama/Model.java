package dev.custody.metal.llama;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.ReplicatedBufferConfig;
import dev.custody.metal.mesh.Shape2D;
import dev.custody.metal.mesh.ShardedBufferConfig;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The weights, as DRAM mesh buffers: the embedding and output tables and per-layer norm gains replicated on every
 * device, the two
 * per-layer projections sharded by columns, one column block per device.
 */
final class Model {
    /** Hidden bytes per device column block (the shard width). */
    static final int SHARD = 32;
    /** Tokens in the vocabulary. */
    static final int VOCAB = 128;

    final int hidden;
    final int layers;
    final MeshBuffer embeddings;
    final MeshBuffer lmHead;
    final MeshBuffer[] norm;
    final MeshBuffer[] wk;
    final MeshBuffer[] wo;

    private Model(
            int hidden,
            int layers,
            MeshBuffer embeddings,
            MeshBuffer lmHead,
            MeshBuffer[] norm,
            MeshBuffer[] wk,
            MeshBuffer[] wo) {
        this.hidden = hidden;
        this.layers = layers;
        this.embeddings = embeddings;
        this.lmHead = lmHead;
        this.norm = norm;
        this.wk = wk;
        this.wo = wo;
    }

    /**
     * Creates and writes every weight, then reads each back from one device to check it arrived.
     *
     * @throws IllegalStateException if a read does not return what was written
     */
    static Model load(MeshDevice mesh, Live live, SplittableRandom rng, int layers) {
        int hidden = SHARD * mesh.numDevices();
        DeviceLocalBufferConfig rowPages = DeviceLocalBufferConfig.of(hidden, BufferType.DRAM);
        DeviceLocalBufferConfig shardPages = DeviceLocalBufferConfig.of(SHARD, BufferType.DRAM);
        MeshBuffer embeddings = live.mesh(new ReplicatedBufferConfig((long) VOCAB * hidden), rowPages, mesh);
        write(mesh, embeddings, randomBytes(rng, VOCAB * hidden));
        MeshBuffer lmHead = live.mesh(new ReplicatedBufferConfig((long) VOCAB * hidden), rowPages, mesh);
        write(mesh, lmHead, randomBytes(rng, VOCAB * hidden));
        MeshBuffer[] norm = new MeshBuffer[layers];
        MeshBuffer[] wk = new MeshBuffer[layers];
        MeshBuffer[] wo = new MeshBuffer[layers];
        ShardedBufferConfig byColumns =
                ShardedBufferConfig.of((long) hidden * hidden, new Shape2D(hidden, hidden), new Shape2D(hidden, SHARD));
        for (int l = 0; l < layers; l++) {
            norm[l] = live.mesh(new ReplicatedBufferConfig(hidden), rowPages, mesh);
            write(mesh, norm[l], randomBytes(rng, hidden));
            wk[l] = live.mesh(byColumns, shardPages, mesh);
            write(mesh, wk[l], randomBytes(rng, hidden * hidden));
            wo[l] = live.mesh(byColumns, shardPages, mesh);
            write(mesh, wo[l], randomBytes(rng, hidden * hidden));
        }
        return new Model(hidden, layers, embeddings, lmHead, norm, wk, wo);
    }

    static byte[] randomBytes(SplittableRandom rng, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rng.nextInt(256);
        }
        return b;
    }

    /** Writes a mesh buffer and checks the first device's copy (or shard) reads back as written. */
    private static void write(MeshDevice mesh, MeshBuffer b, byte[] data) {
        TtMetal.enqueueWriteMeshBuffer(b, data);
        byte[] back = TtMetal.enqueueReadMeshBuffer(b, new MeshCoordinate(0, 0));
        byte[] expected =
                b.config() instanceof ShardedBufferConfig ? firstColumnBlock(data, mesh.numDevices() * SHARD) : data;
        if (!Arrays.equals(back, expected)) {
            throw new IllegalStateException("weights read back from device 0 differ from what was written to " + b);
        }
    }

    private static byte[] firstColumnBlock(byte[] rowMajor, int width) {
        int rows = rowMajor.length / width;
        byte[] out = new byte[rows * SHARD];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(rowMajor, r * width, out, r * SHARD, SHARD);
        }
        return out;
    }
}
