package dev.custody.metal.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.DeviceSpec;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.MeshShape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Mesh workloads: compile on every enqueue, one owning kernel-binary mesh buffer per workload (spec §4.1, §4.5). */
class MeshWorkloadTest {
    private static final CoreRangeSet GRID = CoreRangeSet.of(CoreRange.of(0, 0, 7, 7));

    private final MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0());

    @AfterEach
    void closeMesh() {
        mesh.close();
    }

    private static CircularBufferConfig cb(int index, long size) {
        return CircularBufferConfig.builder(size)
                .index(index, DataFormat.FLOAT16_B, 2048)
                .build();
    }

    private static Program addProgram(int binaryBytes) {
        Program p = new Program();
        TtMetal.createCircularBuffer(p, GRID, cb(0, 4096));
        TtMetal.createCircularBuffer(p, GRID, cb(1, 4096));
        TtMetal.createCircularBuffer(p, GRID, cb(16, 2048));
        p.addKernel("eltwise_binary", GRID, binaryBytes);
        return p;
    }

    private MeshWorkload workload(Program p) {
        MeshWorkload w = new MeshWorkload();
        w.addProgram(MeshCoordinateRange.of(mesh.shape()), p);
        return w;
    }

    private long meshDramAllocated() {
        return mesh.allocator().getStatistics(BufferType.DRAM).totalAllocatedBytes();
    }

    @Test
    void enqueue_twoWorkloads_cbsAliasAndBinariesStackTopDown() {
        Program p1 = addProgram(12 * 1024);
        Program p2 = addProgram(24 * 1024);
        try (MeshWorkload w1 = workload(p1);
                MeshWorkload w2 = workload(p2)) {
            CommandQueue.enqueueMeshWorkload(mesh, w1);
            CommandQueue.enqueueMeshWorkload(mesh, w2);

            for (Program p : List.of(p1, p2)) {
                assertThat(p.circularBuffers())
                        .extracting(CircularBuffer::address)
                        .containsExactly(101_152L, 105_248L, 109_344L);
            }
            assertThat(w1.kernelBinBuffer().address()).isEqualTo(1_073_739_776L);
            assertThat(w2.kernelBinBuffer().address()).isEqualTo(1_073_737_728L);
        }
        assertThat(meshDramAllocated()).isZero();
    }

    @Test
    void loadBinaries_programHoldsNonOwningBufferAtTheWorkloadsAddress() {
        Program p = addProgram(24 * 1024);
        try (MeshWorkload w = workload(p)) {
            CommandQueue.enqueueMeshWorkload(mesh, w);

            Buffer bin = p.kernelsBinBuffer(mesh.id()).orElseThrow();
            assertThat(bin.ownsData()).isFalse();
            assertThat(bin.device()).isSameAs(mesh);
            assertThat(bin.address()).isEqualTo(w.kernelBinBuffer().address());
            assertThat(bin.size()).isEqualTo(24 * 1024);
            assertThat(meshDramAllocated()).isEqualTo(2048);
        }
    }

    @Test
    void loadBinaries_writesTheBinaryToEveryDeviceOfTheRange() {
        Program p = addProgram(6 * 1024);
        try (MeshWorkload w = workload(p)) {
            CommandQueue.enqueueMeshWorkload(mesh, w);

            for (MeshCoordinate c : MeshCoordinateRange.of(mesh.shape()).coordinates()) {
                assertThat(TtMetal.enqueueReadMeshBuffer(w.kernelBinBuffer(), c))
                        .startsWith(p.binaryData());
            }
        }
    }

    @Test
    void loadBinaries_largestProgramSizesTheSharedBuffer() {
        Program left = addProgram(4 * 1024);
        Program right = addProgram(30 * 1024);
        try (MeshWorkload w = new MeshWorkload()) {
            w.addProgram(new MeshCoordinateRange(new MeshCoordinate(0, 0), new MeshCoordinate(1, 1)), left);
            w.addProgram(new MeshCoordinateRange(new MeshCoordinate(0, 2), new MeshCoordinate(1, 3)), right);
            CommandQueue.enqueueMeshWorkload(mesh, w);

            MeshBuffer bin = w.kernelBinBuffer();
            assertThat(bin.size()).isEqualTo(30 * 1024);
            assertThat(left.kernelsBinBuffer(mesh.id()).orElseThrow().address()).isEqualTo(bin.address());
            assertThat(right.kernelsBinBuffer(mesh.id()).orElseThrow().address())
                    .isEqualTo(bin.address());
        }
    }

    @Test
    void addProgram_overlappingRange_throws() {
        try (MeshWorkload w = workload(addProgram(2048));
                Program other = new Program()) {
            MeshCoordinateRange corner = new MeshCoordinateRange(new MeshCoordinate(1, 1), new MeshCoordinate(1, 1));

            assertThatThrownBy(() -> w.addProgram(corner, other))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("overlaps");
        }
    }

    @Test
    void programCacheClear_releasesTheKernelBinariesAndPools() {
        mesh.programCache().enable();
        Program p = addProgram(24 * 1024);
        Buffer pooled = Buffer.create(mesh, 262_144, 2048, BufferType.L1);
        TtMetal.assignGlobalBufferToProgram(pooled, p);
        pooled.close();
        MeshWorkload w = workload(p);
        mesh.programCache().insert(17, w);
        CommandQueue.enqueueMeshWorkload(mesh, w);
        assertThat(meshDramAllocated()).isEqualTo(2048);
        assertThat(mesh.allocator().getStatistics(BufferType.L1).totalAllocatedBytes())
                .isEqualTo(4096);

        mesh.programCache().disableAndClear();

        assertThat(meshDramAllocated()).isZero();
        assertThat(mesh.allocator().getStatistics(BufferType.L1).totalAllocatedBytes())
                .isZero();
        assertThat(p.isClosed()).isTrue();
    }

    @Test
    void enqueue_cachedWorkload_revalidatesAgainstCurrentL1() {
        mesh.programCache().enable();
        MeshWorkload w = workload(addProgram(2048));
        mesh.programCache().insert(5, w);
        CommandQueue.enqueueMeshWorkload(mesh, w);
        long perBank = 1_499_136 - 101_152 - 1024;

        Buffer low = Buffer.create(mesh, 64 * perBank, perBank, BufferType.L1);
        assertThat(low.address()).isEqualTo(102_176);
        assertThatThrownBy(() -> CommandQueue.enqueueMeshWorkload(mesh, w))
                .isInstanceOf(TtException.class)
                .hasMessageEndingWith("L1 buffer allocated at 102176 and static circular buffer region ends at 111392");
        low.close();
        CommandQueue.enqueueMeshWorkload(mesh, w);
        mesh.programCache().disableAndClear();
    }
}
