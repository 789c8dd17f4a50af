package dev.custody.metal.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.AllocationStatus;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spec S8: buffers temporarily owned by a program live as long as the program. */
class ProgramBufferPoolTest {
    private final Device device = Device.open(0, DeviceSpec.wormholeB0());

    @AfterEach
    void closeDevice() {
        device.close();
    }

    private long l1Allocated() {
        return device.allocator().getStatistics(BufferType.L1).totalAllocatedBytes();
    }

    @Test
    void pooledBuffer_livesUntilTheProgramCacheIsCleared() {
        device.programCache().enable();
        Buffer b = Buffer.create(device, 262_144, 2048, BufferType.L1);
        Program p = new Program();
        TtMetal.assignGlobalBufferToProgram(b, p);
        device.programCache().insert(8, p);
        b.close(); // the creator lets go; only the pool holds the buffer now

        assertThat(b.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        assertThat(l1Allocated()).isEqualTo(4096);

        device.programCache().disableAndClear();

        assertThat(b.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(l1Allocated()).isZero();
    }

    @Test
    void pooledBuffer_explicitlyDeallocated_laterProgramCloseFreesNothingMore() {
        Buffer b = Buffer.create(device, 262_144, 2048, BufferType.L1);
        long address = b.address();
        Program p = new Program();
        TtMetal.assignGlobalBufferToProgram(b, p);
        b.close();

        TtMetal.deallocateBuffer(b);
        // The freed range is taken again by a new owner at the same address.
        try (Buffer successor = Buffer.create(device, 262_144, 2048, BufferType.L1)) {
            assertThat(successor.address()).isEqualTo(address);

            p.close();

            assertThat(successor.isAllocated()).isTrue();
            assertThat(l1Allocated()).isEqualTo(4096);
        }
        assertThat(l1Allocated()).isZero();
    }

    @Test
    void releaseBuffers_givesBackPoolReferencesButKeepsTheCreators() {
        try (Buffer b = Buffer.create(device, 4096, 2048, BufferType.DRAM);
                Program p = new Program()) {
            p.addBuffer(b);
            p.addBuffer(b);
            assertThat(p.ownedBuffers()).hasSize(2);

            p.releaseBuffers();

            assertThat(p.ownedBuffers()).isEmpty();
            assertThat(b.isAllocated()).isTrue();
        }
        assertThat(device.allocator().getStatistics(BufferType.DRAM).totalAllocatedBytes())
                .isZero();
    }

    @Test
    void close_twice_releasesThePoolOnce() {
        Buffer b = Buffer.create(device, 4096, 2048, BufferType.DRAM);
        Program p = new Program();
        p.addBuffer(b);

        p.close();
        p.close();

        assertThat(b.isAllocated()).isTrue();
        b.close();
        assertThat(b.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
    }
}
