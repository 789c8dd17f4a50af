package dev.custody.metal.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kernel binaries on one device: owning top-down DRAM buffers of PROGRAM_PAGE_SIZE pages (spec §4.1, §5.5). */
class KernelBinaryBufferTest {
    private static final CoreRangeSet GRID = CoreRangeSet.of(CoreRange.of(0, 0, 7, 7));

    private final Device device = Device.open(0, DeviceSpec.wormholeB0());

    @AfterEach
    void closeDevice() {
        device.close();
    }

    private static Program programWithBinary(int bytes) {
        Program p = new Program();
        p.addKernel("reader", GRID, bytes / 2);
        p.addKernel("compute", GRID, bytes / 2);
        return p;
    }

    private long dramAllocated() {
        return device.allocator().getStatistics(BufferType.DRAM).totalAllocatedBytes();
    }

    @Test
    void enqueue_twoPrograms_binariesTopDownFromTheEndOfDram() {
        try (Program add = programWithBinary(12 * 1024);
                Program matmul = programWithBinary(24 * 1024)) {
            CommandQueue.enqueueProgram(device, add);
            CommandQueue.enqueueProgram(device, matmul);

            Buffer addBin = add.kernelsBinBuffer(device.id()).orElseThrow();
            Buffer matmulBin = matmul.kernelsBinBuffer(device.id()).orElseThrow();
            assertThat(addBin.address()).isEqualTo(1_073_739_776L);
            assertThat(matmulBin.address()).isEqualTo(1_073_737_728L);
            assertThat(addBin.ownsData()).isTrue();
            assertThat(addBin.pageSize()).isEqualTo(Program.PROGRAM_PAGE_SIZE);
            assertThat(addBin.bottomUp()).isFalse();
        }
        assertThat(dramAllocated()).isZero();
    }

    @Test
    void enqueue_writesTheBinaryBytes() {
        try (Program p = programWithBinary(12 * 1024)) {
            CommandQueue.enqueueProgram(device, p);

            byte[] read =
                    TtMetal.enqueueReadBuffer(p.kernelsBinBuffer(device.id()).orElseThrow());

            assertThat(read).hasSize(12 * 1024).isEqualTo(p.binaryData());
        }
    }

    @Test
    void enqueue_again_keepsTheSameBinaryBuffer() {
        try (Program p = programWithBinary(4096)) {
            CommandQueue.enqueueProgram(device, p);
            Buffer first = p.kernelsBinBuffer(device.id()).orElseThrow();
            CommandQueue.enqueueProgram(device, p);

            assertThat(p.kernelsBinBuffer(device.id())).containsSame(first);
            assertThat(dramAllocated()).isEqualTo(2048);
        }
    }

    @Test
    void compile_packsBinariesIntoWholePages() {
        try (Program p = new Program()) {
            p.addKernel("writer", GRID, 100);
            p.compile(device);

            assertThat(p.binarySize()).isEqualTo(2048);
            assertThat(p.binaryData()).hasSize(2048);
        }
    }

    @Test
    void allocateKernelBinBufOnDevice_beforeCompile_throws() {
        try (Program p = programWithBinary(4096)) {
            assertThatThrownBy(() -> p.allocateKernelBinBufOnDevice(device))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("call compile(device) first");
        }
    }

    @Test
    void programWithoutKernels_allocatesNoBinaryBuffer() {
        try (Program p = new Program()) {
            CommandQueue.enqueueProgram(device, p);

            assertThat(p.kernelsBinBuffer(device.id())).isEmpty();
            assertThat(dramAllocated()).isZero();
        }
    }

    @Test
    void programCacheClear_releasesKernelBinaries() {
        device.programCache().enable();
        Program p = programWithBinary(24 * 1024);
        device.programCache().insert(1, p);
        CommandQueue.enqueueProgram(device, p);
        assertThat(dramAllocated()).isEqualTo(2048);

        device.programCache().clear();

        assertThat(dramAllocated()).isZero();
        assertThat(p.isClosed()).isTrue();
    }

    @Test
    void addKernel_afterCompile_throws() {
        try (Program p = programWithBinary(4096)) {
            p.compile(device);

            assertThatThrownBy(() -> p.addKernel("late", GRID, 64))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already compiled");
        }
    }
}
