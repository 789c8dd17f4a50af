package dev.custody.metal.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.allocator.HalMemType;
import dev.custody.metal.buffer.BufferType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTest {
    // Ids from 900 up keep these tests clear of other tests that open devices 0..7.

    @Test
    void open_sameIdTwice_throwsUntilTheFirstIsClosed() {
        try (Device device = Device.open(900, DeviceSpec.wormholeB0())) {
            assertThat(Device.isOpen(900)).isTrue();
            assertThatThrownBy(() -> Device.open(900, DeviceSpec.wormholeB0()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("device 900 is already open in this process; close it before opening it again");
            assertThat(device.isInitialized()).isTrue();
        }
        assertThat(Device.isOpen(900)).isFalse();
        try (Device again = Device.open(900, DeviceSpec.blackhole())) {
            assertThat(again.spec().arch()).isEqualTo(Arch.BLACKHOLE);
        }
    }

    @Test
    void open_negativeId_throws() {
        assertThatThrownBy(() -> Device.open(-1, DeviceSpec.wormholeB0()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("device id (-1) must be >= 0");
    }

    @Test
    void open_specBreakingUpstreamRule_doesNotLeaveTheIdRegistered() {
        DeviceSpec tooMuchL1Small = DeviceSpec.wormholeB0().withL1SmallSize(2_000_000);

        assertThatThrownBy(() -> Device.open(901, tooMuchL1Small))
                .hasMessage("Reserved size must be less than bank size");
        assertThat(Device.isOpen(901)).isFalse();
    }

    @Test
    void close_freesEveryBufferClearsProgramCacheAndIsIdempotent() {
        Device device = Device.open(902, DeviceSpec.wormholeB0());
        Allocator allocator = device.allocator();
        allocator.allocateBuffer(BufferType.DRAM, 12 * 2048, 2048, true, 0);
        allocator.allocateBuffer(BufferType.L1, 64 * 2048, 2048, false, 0);
        List<String> closed = new ArrayList<>();
        device.programCache().enable();
        device.programCache().insert(1, () -> closed.add("workload 1"));
        device.memory().write(HalMemType.DRAM, 0, 32, new byte[] {1}, 0, 1);

        device.close();
        device.close();

        assertThat(device.isInitialized()).isFalse();
        assertThat(closed).containsExactly("workload 1");
        assertThat(device.programCache().numEntries()).isZero();
        assertThat(allocator.getStatistics(BufferType.DRAM).totalAllocatedBytes())
                .isZero();
        assertThat(allocator.getStatistics(BufferType.L1).totalAllocatedBytes()).isZero();
        assertThat(Device.isOpen(902)).isFalse();
    }

    @Test
    void closedDevice_refusesAllocatorMemoryAndLowestL1_namingTheDevice() {
        Device device = Device.open(903, DeviceSpec.wormholeB0());
        device.close();

        assertThatThrownBy(device::allocator)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("device 903 is closed; allocator() is unavailable after close(). Open it again with "
                        + "Device.open(903, spec)");
        assertThatThrownBy(device::memory)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device 903");
        assertThatThrownBy(device::lowestOccupiedComputeL1Address)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device 903");
        assertThat(device.id()).isEqualTo(903);
        assertThat(device.l1SizePerCore()).isEqualTo(1_499_136);
    }

    @Test
    void close_whenACacheEntryFails_stillFreesAndReleasesTheId() {
        Device device = Device.open(904, DeviceSpec.wormholeB0());
        device.allocator().allocateBuffer(BufferType.DRAM, 12 * 2048, 2048, true, 0);
        Allocator allocator = device.allocator();
        device.programCache().enable();
        device.programCache().insert(7, () -> {
            throw new IllegalStateException("entry broke");
        });

        assertThatThrownBy(device::close).hasMessage("entry broke");

        assertThat(device.isInitialized()).isFalse();
        assertThat(Device.isOpen(904)).isFalse();
        assertThat(allocator.getStatistics(BufferType.DRAM).totalAllocatedBytes())
                .isZero();
    }

    @Test
    void lowestOccupiedComputeL1Address_followsL1Buffers() {
        try (Device device = Device.open(905, DeviceSpec.wormholeB0())) {
            assertThat(device.lowestOccupiedComputeL1Address()).isEmpty();

            long address = device.allocator().allocateBuffer(BufferType.L1, 64L * 989_184, 989_184, false, 0);

            assertThat(address).isEqualTo(509_952);
            assertThat(device.lowestOccupiedComputeL1Address()).hasValue(509_952);
            assertThat(device.computeWithStorageGridSize()).isEqualTo(new CoreCoord(8, 8));
        }
    }
}
