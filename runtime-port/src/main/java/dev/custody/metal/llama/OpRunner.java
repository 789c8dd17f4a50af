package dev.custody.metal.llama;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.ProgramCache;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.program.CircularBufferConfig;
import dev.custody.metal.program.CommandQueue;
import dev.custody.metal.program.DataFormat;
import dev.custody.metal.program.MeshCoordinateRange;
import dev.custody.metal.program.MeshWorkload;
import dev.custody.metal.program.Program;
import java.util.Locale;
import java.util.Optional;

/**
 * Enqueues an op's program on the whole mesh, building its workload once per (op, shape) and keeping it in the mesh's
 * program cache, as ttnn does: cached workloads keep their kernel binaries and pool buffers until the cache is
 * cleared, and are re-validated against L1 on every enqueue.
 */
final class OpRunner {
    /** Bytes per bank of the L1 scratch buffer each matmul program keeps in its pool. */
    private static final long SCRATCH_PER_BANK = 32;

    private final MeshDevice mesh;
    private final Live live;
    private final CoreRangeSet grid;
    private int enqueues;
    private int programsBuilt;

    OpRunner(MeshDevice mesh, Live live) {
        this.mesh = mesh;
        this.live = live;
        this.grid = mesh.spec().computeGrid();
    }

    int enqueues() {
        return enqueues;
    }

    int programsBuilt() {
        return programsBuilt;
    }

    /**
     * Enqueues {@code op} at shape {@code rows × cols}.
     *
     * @throws dev.custody.metal.TtException if the op's CBs clash with L1 buffers now on the mesh
     */
    void run(Op op, int rows, int cols) {
        ProgramCache cache = mesh.programCache();
        long key = op.cacheKey(rows, cols);
        Optional<AutoCloseable> cached = cache.find(key);
        if (cached.isPresent()) {
            CommandQueue.enqueueMeshWorkload(mesh, (MeshWorkload) cached.get());
            enqueues++;
            return;
        }
        MeshWorkload workload = build(op, rows, cols);
        if (cache.isEnabled()) {
            cache.insert(key, workload);
            CommandQueue.enqueueMeshWorkload(mesh, workload);
        } else {
            try (workload) {
                CommandQueue.enqueueMeshWorkload(mesh, workload);
            }
        }
        enqueues++;
    }

    private MeshWorkload build(Op op, int rows, int cols) {
        programsBuilt++;
        Program program = new Program();
        MeshWorkload workload = new MeshWorkload();
        workload.addProgram(MeshCoordinateRange.of(mesh.shape()), program);
        long in0 = 2 * Op.TILE * Op.tilesFor(rows);
        long in1 = 2 * Op.TILE * Op.tilesFor(cols);
        TtMetal.createCircularBuffer(program, grid, cb(0, in0));
        if (op != Op.SOFTMAX) {
            TtMetal.createCircularBuffer(program, grid, cb(1, in1));
        }
        TtMetal.createCircularBuffer(program, grid, cb(16, 2 * Op.TILE));
        if (op == Op.RMSNORM || op == Op.ATTENTION) {
            TtMetal.createCircularBuffer(program, grid, cb(24, Op.TILE));
        }
        String name = op.name().toLowerCase(Locale.ROOT);
        program.addKernel(name + "_reader", grid, op.readerBytes());
        program.addKernel(name + "_compute", grid, op.computeBytes());
        program.addKernel(name + "_writer", grid, op.writerBytes());
        if (op == Op.MATMUL) {
            keepScratchInPool(program);
        }
        return workload;
    }

    /** A matmul keeps a small L1 buffer (its semaphores) alive through its pool, like ttnn's global semaphores. */
    private void keepScratchInPool(Program program) {
        int banks = mesh.allocator().getNumBanks(BufferType.L1);
        Buffer scratch = live.untracked(Buffer.create(mesh, banks * SCRATCH_PER_BANK, SCRATCH_PER_BANK, BufferType.L1));
        TtMetal.assignGlobalBufferToProgram(scratch, program);
        scratch.close();
    }

    private static CircularBufferConfig cb(int index, long size) {
        return CircularBufferConfig.builder(size)
                .index(index, DataFormat.FLOAT16_B, Op.TILE)
                .build();
    }
}
