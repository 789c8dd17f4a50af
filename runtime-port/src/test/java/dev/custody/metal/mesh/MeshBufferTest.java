package dev.custody.metal.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.TtMetal;
import dev.custody.metal.allocator.OutOfDeviceMemoryException;
import dev.custody.metal.allocator.Statistics;
import dev.custody.metal.buffer.AllocationStatus;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.buffer.ShardOrientation;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class MeshBufferTest {
    private static final long MIB4 = 4L * 1024 * 1024;
    private static final DeviceLocalBufferConfig DRAM_2K = DeviceLocalBufferConfig.of(2048, BufferType.DRAM);

    private MeshDevice mesh;

    @BeforeEach
    void open() {
        mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0());
    }

    @AfterEach
    void close() {
        mesh.close();
    }

    private Statistics meshDram() {
        return mesh.allocator().getStatistics(BufferType.DRAM);
    }

    private void assertDeviceAllocatorsUntouched() {
        for (Device d : mesh.getDevices()) {
            assertThat(d.allocator().getStatistics(BufferType.DRAM).totalAllocatedBytes())
                    .isZero();
            assertThat(d.allocator().getStatistics(BufferType.L1).totalAllocatedBytes())
                    .isZero();
        }
    }

    @Test
    void s5a_replicated_isOneMeshAllocationPlusEightNonOwningDeviceBuffers() {
        MeshBuffer buffer = MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh);

        assertThat(buffer.state()).isEqualTo(MeshBuffer.State.OWNED);
        assertThat(buffer.isAllocated()).isTrue();
        assertThat(buffer.size()).isEqualTo(MIB4);
        assertThat(meshDram().totalAllocatedBytes()).isEqualTo(350_208);
        assertDeviceAllocatorsUntouched();
        Buffer backing = buffer.getBackingBuffer();
        assertThat(backing.device()).isSameAs(mesh);
        assertThat(backing.ownsData()).isTrue();
        assertThat(backing.address()).isEqualTo(buffer.address());
        for (int i = 0; i < 8; i++) {
            Buffer local = buffer.getDeviceBuffer(new MeshCoordinate(i / 4, i % 4));
            assertThat(local.device()).isSameAs(mesh.getDevices().get(i));
            assertThat(local.ownsData()).isFalse();
            assertThat(local.address()).isEqualTo(buffer.address());
            assertThat(local.size()).isEqualTo(MIB4);
        }
        assertThat(buffer.getReferenceBuffer()).isSameAs(buffer.getDeviceBuffer(new MeshCoordinate(0, 0)));

        buffer.deallocate();

        assertThat(buffer.state()).isEqualTo(MeshBuffer.State.DEALLOCATED);
        assertThat(buffer.isAllocated()).isFalse();
        assertThat(buffer.getBackingBuffer()).isNull();
        assertThat(backing.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(meshDram().totalAllocatedBytes()).isZero();
        assertDeviceAllocatorsUntouched();
        // Device-local buffers stay ALLOCATED with the stale address until the mesh buffer is closed.
        for (Buffer local : buffer.deviceBuffers()) {
            assertThat(local.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
            assertThat(local.address()).isEqualTo(buffer.address());
            assertThat(local.isDestroyed()).isFalse();
        }
        var locals = buffer.deviceBuffers();

        buffer.close();

        assertThat(locals).allMatch(Buffer::isDestroyed);
        assertThat(meshDram().totalAllocatedBytes()).isZero();
    }

    @Test
    void close_withoutDeallocate_freesTheBackingBuffer() {
        MeshBuffer buffer = MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh);

        buffer.close();

        assertThat(buffer.state()).isEqualTo(MeshBuffer.State.DEALLOCATED);
        assertThat(meshDram().totalAllocatedBytes()).isZero();
        assertThatThrownBy(buffer::close).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> buffer.getDeviceBuffer(new MeshCoordinate(0, 0)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void s7_meshClosedFirst_marksTheBackingBufferDeallocatedWithoutFreeing() {
        MeshBuffer buffer = MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh);
        Buffer backing = buffer.getBackingBuffer();
        backing.retain(); // keep the object to inspect it
        mesh.close();

        buffer.deallocate();

        assertThat(backing.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(buffer.state()).isEqualTo(MeshBuffer.State.DEALLOCATED);
        assertThat(buffer.isAllocated()).isFalse();
        assertThatThrownBy(buffer::device)
                .isInstanceOf(TtException.class)
                .hasMessage("Can't get device from mesh buffer, already deallocated");
        buffer.close();
        backing.close();
        assertThat(backing.isDestroyed()).isTrue();
    }

    @Test
    void backingHeldElsewhere_deallocateReturnsTheAddressOnlyWhenThatHolderCloses() {
        MeshBuffer buffer = MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh);
        Buffer backing = buffer.getBackingBuffer();
        backing.retain();

        buffer.deallocate();
        assertThat(meshDram().totalAllocatedBytes()).isEqualTo(350_208);

        backing.close();
        assertThat(meshDram().totalAllocatedBytes()).isZero();
        buffer.close();
    }

    @Test
    void s6_staleDeviceBuffers_seeTheBytesOfTheNextOwnerOfTheAddress() {
        MeshBuffer x = MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh);
        x.deallocate();

        MeshBuffer y = MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh);
        assertThat(y.address()).isEqualTo(x.address());
        byte[] data = new byte[(int) MIB4];
        Arrays.fill(data, (byte) 42);
        TtMetal.enqueueWriteMeshBuffer(y, data);

        Buffer stale = x.getDeviceBuffer(new MeshCoordinate(1, 3));
        assertThat(stale.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        assertThat(TtMetal.enqueueReadBuffer(stale)).isEqualTo(data);
        x.close();
        assertThat(meshDram().totalAllocatedBytes()).isEqualTo(350_208);
        y.close();
        assertThat(meshDram().totalAllocatedBytes()).isZero();
    }

    @Test
    void createAtAddress_isExternallyOwnedAndNeverTouchesAnAllocator() {
        MeshBuffer buffer = MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh, 0x10000);

        assertThat(buffer.state()).isEqualTo(MeshBuffer.State.EXTERNALLY_OWNED);
        assertThat(buffer.getBackingBuffer()).isNull();
        assertThat(buffer.address()).isEqualTo(0x10000);
        assertThat(buffer.deviceBuffers()).hasSize(8).allMatch(b -> !b.ownsData() && b.address() == 0x10000);
        assertThat(meshDram().totalAllocatedBytes()).isZero();
        assertDeviceAllocatorsUntouched();

        buffer.close();
        assertThat(buffer.state()).isEqualTo(MeshBuffer.State.DEALLOCATED);
        assertThat(meshDram().totalAllocatedBytes()).isZero();
    }

    @Test
    void create_onClosedMesh_throwsNamingTheMesh() {
        mesh.close();
        assertThatThrownBy(() -> MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mesh device " + mesh.id() + " is closed");
    }

    @Test
    void create_outOfMemory_leavesTheMeshAllocatorUnchanged() {
        MeshBuffer held = MeshBuffer.create(new ReplicatedBufferConfig(MIB4), DRAM_2K, mesh);
        Statistics before = meshDram();

        assertThatThrownBy(() -> MeshBuffer.create(new ReplicatedBufferConfig(13L << 30), DRAM_2K, mesh))
                .isInstanceOf(OutOfDeviceMemoryException.class);

        assertThat(meshDram()).isEqualTo(before);
        held.close();
    }

    // ---- sharded --------------------------------------------------------------------------------------------------

    @Test
    void sharded_deviceLocalSizeIsDatumTimesPhysicalShard() {
        // 4 × 8 datums of 4 B; shards of 2 × 2 ⇒ 8 shards on 8 devices, 16 B each.
        ShardedBufferConfig config = ShardedBufferConfig.of(128, new Shape2D(4, 8), new Shape2D(2, 2));
        MeshBuffer buffer = MeshBuffer.create(config, DeviceLocalBufferConfig.of(16, BufferType.DRAM), mesh);

        assertThat(buffer.size()).isEqualTo(128);
        assertThat(buffer.deviceLocalSize()).isEqualTo(16);
        assertThat(buffer.globalLayout()).isEqualTo(MeshBufferLayout.SHARDED);
        buffer.close();
    }

    @Test
    void sharded_shapeNotAlignedWithShard_throwsUpstreamText() {
        ShardedBufferConfig config = ShardedBufferConfig.of(4 * 6 * 4, new Shape2D(4, 6), new Shape2D(2, 4));

        assertThatThrownBy(() -> MeshBuffer.create(config, DeviceLocalBufferConfig.of(32, BufferType.DRAM), mesh))
                .isInstanceOf(TtException.class)
                .hasMessage("Global buffer shape must be aligned with the shard shape: requested buffer shape: (4, 6),"
                        + " shard shape: (2, 4)");
        assertThat(meshDram().totalAllocatedBytes()).isZero();
    }

    @Test
    void sharded_moreShardsThanDevices_throwsUpstreamText() {
        ShardedBufferConfig config = ShardedBufferConfig.of(4 * 8 * 4, new Shape2D(4, 8), new Shape2D(1, 2));

        assertThatThrownBy(() -> MeshBuffer.create(config, DeviceLocalBufferConfig.of(8, BufferType.DRAM), mesh))
                .isInstanceOf(TtException.class)
                .hasMessage("The sharded tensor does not fit on the Mesh. Num shards in buffer 16, Num Devices 8");
        assertThat(meshDram().totalAllocatedBytes()).isZero();
    }

    @Test
    void sharded_replicationScalesTheShardCountByOrientation() {
        // Width replicated: 4 shards along the height.
        Shape2D global = new Shape2D(8, 4);
        Shape2D byRows = new Shape2D(2, 0);
        // ROW_MAJOR scales by the 2 mesh rows: 8 ≤ 8 fits.
        MeshBuffer fits = MeshBuffer.create(
                new ShardedBufferConfig(128, global, byRows, ShardOrientation.ROW_MAJOR),
                DeviceLocalBufferConfig.of(32, BufferType.DRAM),
                mesh);
        assertThat(fits.deviceLocalSize()).isEqualTo(2 * 4 * 4);
        fits.close();
        // COL_MAJOR scales by the 4 mesh columns: 16 > 8.
        assertThatThrownBy(() -> MeshBuffer.create(
                        new ShardedBufferConfig(128, global, byRows, ShardOrientation.COL_MAJOR),
                        DeviceLocalBufferConfig.of(32, BufferType.DRAM),
                        mesh))
                .isInstanceOf(TtException.class)
                .hasMessage("The sharded tensor does not fit on the Mesh. Num shards in buffer 16, Num Devices 8");
        // Both replicated: 1 × 8 devices.
        MeshBuffer everywhere = MeshBuffer.create(
                ShardedBufferConfig.of(128, global, new Shape2D(0, 0)),
                DeviceLocalBufferConfig.of(128, BufferType.DRAM),
                mesh);
        assertThat(everywhere.deviceLocalSize()).isEqualTo(128);
        everywhere.close();
    }

    @Test
    void shardedConfig_invalidGlobalShapeOrSize_throws() {
        assertThatThrownBy(() -> ShardedBufferConfig.of(0, new Shape2D(0, 4), new Shape2D(1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("globalBufferShape (0, 4)");
        assertThatThrownBy(() -> ShardedBufferConfig.of(10, new Shape2D(2, 2), new Shape2D(1, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("globalSize (10)");
    }
}
