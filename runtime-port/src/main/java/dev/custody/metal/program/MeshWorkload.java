package dev.custody.metal.program;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferShardingArgs;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.ReplicatedBufferConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Programs placed on ranges of a mesh, compiled and loaded together ({@code MeshWorkload} in
 * {@code mesh_workload.cpp}). The workload owns its programs and its kernel-binary mesh buffer.
 */
public final class MeshWorkload implements AutoCloseable {
    /*
     * Kernel binaries (MeshWorkloadImpl::load_binaries), once per workload: one owning replicated MeshBuffer
     * (kernel_bin_buf_) as large as the largest program binary, DRAM, page PROGRAM_PAGE_SIZE, top-down. Then per
     * program a temporary externally owned MeshBuffer at the same address, through which the binary is written to the
     * devices of the program's range, and a non-owning Buffer on the mesh device at that address, handed to the
     * program as its kernel-binary buffer. So a cached workload keeps one DRAM allocation in the mesh allocator
     * until the cache entry is closed, and every program holds a second, non-owning object at the same address.
     */

    /** Programs by the mesh range they run on, in the order added. */
    private final Map<MeshCoordinateRange, Program> programs = new LinkedHashMap<>();
    /** The owning kernel-binary buffer ({@code kernel_bin_buf_}); null until loaded. */
    private MeshBuffer kernelBinBuf;
    /** Id of the mesh the binaries were loaded on; -1 before. */
    private int loadedOnMeshId = -1;

    private boolean closed;

    /** Creates an empty workload. */
    public MeshWorkload() {}

    /**
     * Adds a program on a mesh range; the workload takes ownership and closes the program with itself.
     *
     * @param range the devices the program runs on
     * @param program the program
     * @throws IllegalArgumentException if {@code range} overlaps the range of a program already added
     * @throws IllegalStateException if the workload is closed or its binaries are loaded
     */
    public void addProgram(MeshCoordinateRange range, Program program) {
        requireOpen();
        if (kernelBinBuf != null) {
            throw new IllegalStateException(
                    "mesh workload binaries are already loaded; add programs before the first enqueue");
        }
        for (MeshCoordinateRange r : programs.keySet()) {
            if (r.intersects(range)) {
                throw new IllegalArgumentException("mesh range " + range + " overlaps range " + r
                        + " of another program in this workload; give each program its own devices");
            }
        }
        programs.put(range, program);
    }

    /** {@return the programs by mesh range, in the order added} */
    public Map<MeshCoordinateRange, Program> programs() {
        return Collections.unmodifiableMap(programs);
    }

    /**
     * Compiles every program for {@code mesh} ({@code MeshWorkloadImpl::compile}, run on every enqueue): per program
     * {@link Program#compile} (a no-op when compiled), {@link Program#allocateCircularBuffers} (a no-op unless
     * invalidated) and {@link Program#validateCircularBufferRegion} (always).
     *
     * @param mesh the mesh device
     * @throws dev.custody.metal.TtException if a program's CB region is beyond L1 or clashes with L1 buffers
     * @throws IllegalStateException if the workload is closed
     */
    public void compile(MeshDevice mesh) {
        requireOpen();
        for (Program p : programs.values()) {
            p.compile(mesh);
            p.allocateCircularBuffers(mesh);
            p.validateCircularBufferRegion(mesh);
        }
    }

    /**
     * Allocates and writes the kernel binaries ({@code MeshWorkloadImpl::load_binaries}); a no-op after the first
     * call, and when no program has kernels.
     *
     * @param mesh the mesh device
     * @throws IllegalStateException if the workload is closed, not compiled, or was loaded on another mesh
     */
    public void loadBinaries(MeshDevice mesh) {
        requireOpen();
        if (loadedOnMeshId >= 0) {
            if (loadedOnMeshId != mesh.id()) {
                throw new IllegalStateException("Reusing MeshWorkloads across MeshDevices is currently not supported.");
            }
            return;
        }
        long maxBinarySize = 0;
        for (Program p : programs.values()) {
            maxBinarySize = Math.max(maxBinarySize, p.binarySize());
        }
        loadedOnMeshId = mesh.id();
        if (maxBinarySize == 0) {
            return;
        }
        DeviceLocalBufferConfig local = new DeviceLocalBufferConfig(
                Program.PROGRAM_PAGE_SIZE, BufferType.DRAM, BufferShardingArgs.INTERLEAVED, false);
        kernelBinBuf = MeshBuffer.create(new ReplicatedBufferConfig(maxBinarySize), local, mesh);
        long address = kernelBinBuf.address();
        for (Map.Entry<MeshCoordinateRange, Program> e : programs.entrySet()) {
            Program p = e.getValue();
            if (p.binarySize() == 0) {
                continue;
            }
            writeBinary(mesh, e.getKey(), p, local, address);
            Buffer binaries = Buffer.createAt(
                    mesh,
                    address,
                    p.binarySize(),
                    Program.PROGRAM_PAGE_SIZE,
                    BufferType.DRAM,
                    BufferShardingArgs.INTERLEAVED,
                    false);
            p.setKernelsBinBuffer(mesh.id(), binaries);
        }
    }

    /** {@return the owning kernel-binary mesh buffer, or null before {@link #loadBinaries}} */
    public MeshBuffer kernelBinBuffer() {
        return kernelBinBuf;
    }

    /**
     * Destroys the workload: closes the kernel-binary mesh buffer (freeing its DRAM) and every program (releasing
     * their pools). Closing again is a no-op.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (kernelBinBuf != null) {
            kernelBinBuf.close();
            kernelBinBuf = null;
        }
        for (Program p : programs.values()) {
            p.close();
        }
    }

    /** Writes one program's binary to the devices of its range through a temporary view at the binary address. */
    private static void writeBinary(
            MeshDevice mesh, MeshCoordinateRange range, Program p, DeviceLocalBufferConfig local, long address) {
        byte[] data = p.binaryData();
        try (MeshBuffer view = MeshBuffer.create(new ReplicatedBufferConfig(p.binarySize()), local, mesh, address)) {
            for (MeshCoordinate c : range.coordinates()) {
                TtMetal.enqueueWriteBuffer(view.getDeviceBuffer(c), data);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("mesh workload is closed; build a new MeshWorkload");
        }
    }
}
