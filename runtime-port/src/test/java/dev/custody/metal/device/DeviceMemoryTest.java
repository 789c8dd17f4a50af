package dev.custody.metal.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.allocator.HalMemType;
import org.junit.jupiter.api.Test;

class DeviceMemoryTest {

    @Test
    void read_neverWritten_returnsZerosAndAllocatesNothing() {
        DeviceMemory memory = new DeviceMemory();
        byte[] dst = {9, 9, 9, 9};

        memory.read(HalMemType.DRAM, 3, 4_000_000_000L, dst, 0, 4);

        assertThat(dst).containsOnly(0);
        assertThat(memory.bytesResident()).isZero();
    }

    @Test
    void write_acrossChunkBoundary_readsBackAndHoldsTwoChunks() {
        DeviceMemory memory = new DeviceMemory();
        byte[] src = new byte[100];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i + 1);
        }

        memory.write(HalMemType.L1, 5, 4096 - 50, src, 0, 100);
        byte[] dst = new byte[120];
        memory.read(HalMemType.L1, 5, 4096 - 60, dst, 0, 120);

        assertThat(dst[9]).isZero();
        assertThat(dst[10]).isEqualTo((byte) 1);
        assertThat(dst[109]).isEqualTo((byte) 100);
        assertThat(dst[110]).isZero();
        assertThat(memory.bytesResident()).isEqualTo(2 * 4096);
    }

    @Test
    void banksAndMemoryTypes_areSeparate() {
        DeviceMemory memory = new DeviceMemory();
        memory.write(HalMemType.DRAM, 0, 64, new byte[] {7}, 0, 1);
        byte[] dst = new byte[1];

        memory.read(HalMemType.DRAM, 1, 64, dst, 0, 1);
        assertThat(dst[0]).isZero();
        memory.read(HalMemType.L1, 0, 64, dst, 0, 1);
        assertThat(dst[0]).isZero();
        memory.read(HalMemType.DRAM, 0, 64, dst, 0, 1);
        assertThat(dst[0]).isEqualTo((byte) 7);
    }

    @Test
    void sparse_farApartWrites_costOnlyTheirChunks() {
        DeviceMemory memory = new DeviceMemory();

        for (int bank = 0; bank < 12; bank++) {
            memory.write(HalMemType.DRAM, bank, (1L << 30) - 2048, new byte[2048], 0, 2048);
        }

        assertThat(memory.bytesResident()).isEqualTo(12 * 4096);
        memory.clear();
        assertThat(memory.bytesResident()).isZero();
    }

    @Test
    void write_outOfRange_throws() {
        DeviceMemory memory = new DeviceMemory();

        assertThatThrownBy(() -> memory.write(HalMemType.DRAM, -1, 0, new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bank (-1) must be in [0, 4194304)");
        assertThatThrownBy(() -> memory.read(HalMemType.DRAM, 0, -8, new byte[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("address range [-8, -8 + 1)");
        assertThatThrownBy(() -> memory.write(HalMemType.DRAM, 0, 0, new byte[1], 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
