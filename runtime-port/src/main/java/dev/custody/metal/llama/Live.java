package dev.custody.metal.llama;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferRegion;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.buffer.InterleavedBufferConfig;
import dev.custody.metal.buffer.ShardOrientation;
import dev.custody.metal.buffer.ShardSpec;
import dev.custody.metal.buffer.ShardSpecBuffer;
import dev.custody.metal.buffer.ShardedBufferConfig;
import dev.custody.metal.buffer.TensorMemoryLayout;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.IDevice;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshBufferConfig;
import dev.custody.metal.mesh.MeshDevice;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The buffers the job holds right now: every create goes through here, every free too, so a failed run can still
 * release what it held and the summary can count what was created.
 */
final class Live {
    /** Handles the job still has to release, in creation order. */
    private final Set<Buffer> buffers = new LinkedHashSet<>();
    /** Mesh buffers the job still has to close, in creation order. */
    private final Set<MeshBuffer> meshBuffers = new LinkedHashSet<>();

    private long created;

    /** {@return how many buffers, views and mesh buffers the job created} */
    long created() {
        return created;
    }

    /** {@return the mesh buffers held now, in creation order} */
    List<MeshBuffer> liveMeshBuffers() {
        return new ArrayList<>(meshBuffers);
    }

    Buffer interleaved(IDevice device, long size, long pageSize, BufferType type) {
        return hold(TtMetal.createBuffer(new InterleavedBufferConfig(device, size, pageSize, type)));
    }

    /** An L1 buffer split by width over the first {@code cores} cores of row 0, one page per core. */
    Buffer widthSharded(IDevice device, long size, int cores) {
        long shardBytes = size / cores;
        ShardSpec spec = new ShardSpec(
                CoreRangeSet.of(CoreRange.of(0, 0, cores - 1, 0)), 1, (int) shardBytes, ShardOrientation.ROW_MAJOR);
        ShardSpecBuffer shards = new ShardSpecBuffer(spec, 1, (int) shardBytes, 1, cores);
        return hold(TtMetal.createBuffer(new ShardedBufferConfig(
                device, size, shardBytes, BufferType.L1, TensorMemoryLayout.WIDTH_SHARDED, shards)));
    }

    Buffer view(Buffer root, long offset, long size) {
        return hold(root.view(new BufferRegion(offset, size)));
    }

    MeshBuffer mesh(MeshBufferConfig config, DeviceLocalBufferConfig local, MeshDevice mesh) {
        return adopt(MeshBuffer.create(config, local, mesh));
    }

    /** Holds a mesh buffer created elsewhere, so teardown closes it. */
    MeshBuffer adopt(MeshBuffer b) {
        created++;
        meshBuffers.add(b);
        return b;
    }

    /** Counts a buffer the job created but does not hold (a leak on purpose, a buffer handed to a pool). */
    Buffer untracked(Buffer b) {
        created++;
        return b;
    }

    private Buffer hold(Buffer b) {
        created++;
        buffers.add(b);
        return b;
    }

    /** Frees an owning buffer now ({@code DeallocateBuffer}) and releases the job's handle. */
    void free(Buffer b) {
        TtMetal.deallocateBuffer(b);
        release(b);
    }

    /** Releases the job's handle without {@code DeallocateBuffer} (views; buffers already freed). */
    void release(Buffer b) {
        if (buffers.remove(b)) {
            b.close();
        }
    }

    void close(MeshBuffer b) {
        if (meshBuffers.remove(b)) {
            b.close();
        }
    }

    /** Releases everything still held, newest first: views before their roots, buffers before mesh buffers. */
    void releaseAll() {
        List<Buffer> bs = new ArrayList<>(buffers);
        for (int i = bs.size() - 1; i >= 0; i--) {
            Buffer b = bs.get(i);
            if (b.ownsData()) {
                free(b);
            } else {
                release(b);
            }
        }
        List<MeshBuffer> ms = new ArrayList<>(meshBuffers);
        for (int i = ms.size() - 1; i >= 0; i--) {
            close(ms.get(i));
        }
    }
}
