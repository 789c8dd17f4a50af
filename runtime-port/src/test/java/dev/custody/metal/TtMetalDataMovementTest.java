package dev.custody.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.allocator.HalMemType;
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
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class TtMetalDataMovementTest {
    private Device device;

    @BeforeEach
    void open() {
        device = Device.open(0, DeviceSpec.wormholeB0());
    }

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void interleaved_pageIGoesToBankIModNumBanksAtItsPageAddress() {
        int pageSize = 1000;
        int pages = 30;
        Buffer buffer = TtMetal.createBuffer(
                new InterleavedBufferConfig(device, (long) pages * pageSize, pageSize, BufferType.DRAM));
        byte[] data = pattern(pages * pageSize, 3);

        TtMetal.enqueueWriteBuffer(buffer, data);

        for (int page = 0; page < pages; page++) {
            int bank = page % 12;
            byte[] onDevice = new byte[pageSize];
            device.memory().read(HalMemType.DRAM, bank, buffer.pageAddress(bank, page), onDevice, 0, pageSize);
            assertThat(onDevice)
                    .as("page %d", page)
                    .isEqualTo(Arrays.copyOfRange(data, page * pageSize, (page + 1) * pageSize));
        }
        assertThat(TtMetal.enqueueReadBuffer(buffer)).isEqualTo(data);
        buffer.close();
    }

    @Test
    void view_readsAndWritesItsRegionOfTheRoot() {
        int pageSize = 2048;
        Buffer root = Buffer.create(device, 20L * pageSize, pageSize, BufferType.DRAM);
        byte[] data = pattern(20 * pageSize, 5);
        TtMetal.enqueueWriteBuffer(root, data);
        Buffer view = root.view(new BufferRegion(13L * pageSize, 4L * pageSize));
        Buffer viewOfView = view.view(new BufferRegion(pageSize, pageSize));

        assertThat(TtMetal.enqueueReadBuffer(view)).isEqualTo(Arrays.copyOfRange(data, 13 * pageSize, 17 * pageSize));
        assertThat(TtMetal.enqueueReadBuffer(viewOfView))
                .isEqualTo(Arrays.copyOfRange(data, 14 * pageSize, 15 * pageSize));

        byte[] patch = pattern(pageSize, 99);
        TtMetal.enqueueWriteBuffer(viewOfView, patch);
        System.arraycopy(patch, 0, data, 14 * pageSize, pageSize);
        assertThat(TtMetal.enqueueReadBuffer(root)).isEqualTo(data);

        viewOfView.close();
        view.close();
        root.close();
    }

    @Test
    void read_atAddressBufferOverSomeoneElsesRange_returnsTheirBytes() {
        Buffer owner = Buffer.create(device, 24L * 1024, 1024, BufferType.L1);
        byte[] data = pattern(24 * 1024, 11);
        TtMetal.enqueueWriteBuffer(owner, data);

        Buffer alias = TtMetal.createBuffer(
                new InterleavedBufferConfig(device, 24L * 1024, 1024, BufferType.L1), owner.address());

        assertThat(TtMetal.enqueueReadBuffer(alias)).isEqualTo(data);
        alias.close();
        owner.close();
    }

    @Test
    void read_deallocatedBuffer_readsItsStaleAddress() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);
        byte[] data = pattern(4096, 1);
        TtMetal.enqueueWriteBuffer(buffer, data);

        TtMetal.deallocateBuffer(buffer);

        assertThat(TtMetal.enqueueReadBuffer(buffer)).isEqualTo(data);
        buffer.close();
    }

    @Test
    void readAndWrite_neverWrittenBytesReadAsZero_andSizeZeroIsEmpty() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);
        Buffer empty = Buffer.create(device, 0, 0, BufferType.L1);

        assertThat(TtMetal.enqueueReadBuffer(buffer)).containsOnly(0);
        TtMetal.enqueueWriteBuffer(empty, new byte[0]);
        assertThat(TtMetal.enqueueReadBuffer(empty)).isEmpty();
        empty.close();
        buffer.close();
    }

    @Test
    void write_wrongLength_throwsNamingBothSizes() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);

        assertThatThrownBy(() -> TtMetal.enqueueWriteBuffer(buffer, new byte[100]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data length (100)")
                .hasMessageContaining("size (4096)");
        buffer.close();
    }

    @Test
    void writeAndRead_closedDevice_throwNamingTheDevice() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);
        device.close();

        assertThatThrownBy(() -> TtMetal.enqueueWriteBuffer(buffer, new byte[4096]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device 0 is closed");
        assertThatThrownBy(() -> TtMetal.enqueueReadBuffer(buffer))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device 0 is closed");
        buffer.close();
    }

    @Test
    void sharded_pagesGoToTheirShardCoresBanks() {
        // 8 × 2 pages of 512 B, shards of 2 × 2 pages on cores (0,0)..(1,1) taken row-major: (0,0) (1,0) (0,1) (1,1).
        int pageSize = 512;
        CoreRangeSet grid = CoreRangeSet.of(CoreRange.of(0, 0, 1, 1));
        ShardSpecBuffer spec = new ShardSpecBuffer(new ShardSpec(grid, 2, 2, ShardOrientation.ROW_MAJOR), 1, 1, 8, 2);
        Buffer buffer = TtMetal.createBuffer(new ShardedBufferConfig(
                device, 16L * pageSize, pageSize, BufferType.L1, TensorMemoryLayout.HEIGHT_SHARDED, spec));
        byte[] data = pattern(16 * pageSize, 7);

        TtMetal.enqueueWriteBuffer(buffer, data);

        int[] shardBank = {0, 1, 8, 9}; // bank of core (x, y) = y × 8 + x
        for (int page = 0; page < 16; page++) {
            int row = page / 2;
            int col = page % 2;
            int bank = shardBank[row / 2];
            long address = buffer.address()
                    + device.allocator().bankOffset(BufferType.L1, bank)
                    + (long) ((row % 2) * 2 + col) * pageSize;
            byte[] onDevice = new byte[pageSize];
            device.memory().read(HalMemType.L1, bank, address, onDevice, 0, pageSize);
            assertThat(onDevice)
                    .as("page %d", page)
                    .isEqualTo(Arrays.copyOfRange(data, page * pageSize, (page + 1) * pageSize));
        }
        assertThat(TtMetal.enqueueReadBuffer(buffer)).isEqualTo(data);
        Buffer view = buffer.view(new BufferRegion(6L * pageSize, 4L * pageSize));
        assertThat(TtMetal.enqueueReadBuffer(view)).isEqualTo(Arrays.copyOfRange(data, 6 * pageSize, 10 * pageSize));
        view.close();
        buffer.close();
    }

    @Test
    void sharded_colMajorOrientation_takesCoresColumnByColumn() {
        int pageSize = 64;
        CoreRangeSet grid = CoreRangeSet.of(CoreRange.of(0, 0, 1, 1));
        ShardSpecBuffer spec = new ShardSpecBuffer(new ShardSpec(grid, 1, 1, ShardOrientation.COL_MAJOR), 1, 1, 4, 1);
        Buffer buffer = TtMetal.createBuffer(ShardedBufferConfig.of(device, 4L * pageSize, pageSize, spec));
        byte[] data = pattern(4 * pageSize, 2);

        TtMetal.enqueueWriteBuffer(buffer, data);

        int[] shardBank = {0, 8, 1, 9}; // (0,0) (0,1) (1,0) (1,1)
        for (int page = 0; page < 4; page++) {
            byte[] onDevice = new byte[pageSize];
            device.memory().read(HalMemType.L1, shardBank[page], buffer.address(), onDevice, 0, pageSize);
            assertThat(onDevice).isEqualTo(Arrays.copyOfRange(data, page * pageSize, (page + 1) * pageSize));
        }
        buffer.close();
    }

    static byte[] pattern(int size, int seed) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + seed * 17 + (i >>> 8));
        }
        return data;
    }
}
