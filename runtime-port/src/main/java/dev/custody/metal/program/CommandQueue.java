package dev.custody.metal.program;

import dev.custody.metal.TtMetal;
import dev.custody.metal.device.IDevice;
import dev.custody.metal.mesh.MeshDevice;

/**
 * Enqueueing programs ({@code EnqueueProgram} / {@code EnqueueMeshWorkload}). Execution itself is not simulated; an
 * enqueue does the memory work upstream does before dispatch: compile, place and validate the CBs, and make the
 * kernel binaries resident.
 */
public final class CommandQueue {
    private CommandQueue() {}

    /**
     * Enqueues a program on one device: {@link Program#compile}, {@link Program#allocateCircularBuffers},
     * {@link Program#validateCircularBufferRegion} (on every enqueue), then, on the first enqueue on that device,
     * {@link Program#allocateKernelBinBufOnDevice} and the write of the binaries.
     *
     * @param device the device
     * @param program the program
     * @throws dev.custody.metal.TtException if the program's CB region is beyond L1 or clashes with L1 buffers
     * @throws IllegalArgumentException if {@code device} is a mesh device (use {@link #enqueueMeshWorkload})
     */
    public static void enqueueProgram(IDevice device, Program program) {
        if (device instanceof MeshDevice mesh) {
            throw new IllegalArgumentException("enqueueProgram needs a physical device, got mesh device " + mesh.id()
                    + "; put the program in a MeshWorkload and call enqueueMeshWorkload");
        }
        program.compile(device);
        program.allocateCircularBuffers(device);
        program.validateCircularBufferRegion(device);
        if (program.kernelsBinBuffer(device.id()).isEmpty()) {
            program.allocateKernelBinBufOnDevice(device);
            program.kernelsBinBuffer(device.id()).ifPresent(b -> TtMetal.enqueueWriteBuffer(b, program.binaryData()));
        }
    }

    /**
     * Enqueues a mesh workload ({@code EnqueueMeshWorkload}): {@link MeshWorkload#compile} on every enqueue, then
     * {@link MeshWorkload#loadBinaries} (once).
     *
     * @param mesh the mesh device
     * @param workload the workload
     * @throws dev.custody.metal.TtException if a program's CB region is beyond L1 or clashes with L1 buffers
     */
    public static void enqueueMeshWorkload(MeshDevice mesh, MeshWorkload workload) {
        workload.compile(mesh);
        workload.loadBinaries(mesh);
    }
}
