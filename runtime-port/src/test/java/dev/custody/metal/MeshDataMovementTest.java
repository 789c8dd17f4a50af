package dev.custody.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.buffer.ShardOrientation;
import dev.custody.metal.device.DeviceSpec;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.MeshShape;
import dev.custody.metal.mesh.ReplicatedBufferConfig;
import dev.custody.metal.mesh.Shape2D;
import dev.custody.metal.mesh.ShardedBufferConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class MeshDataMovementTest {
    private MeshDevice mesh;

    @BeforeEach
    void open() {
        mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0());
    }

    @AfterEach
    void close() {
        mesh.close();
    }

    @Test
    void replicated_everyDeviceGetsAllBytes() {
        MeshBuffer buffer = MeshBuffer.create(
                new ReplicatedBufferConfig(12 * 2048), DeviceLocalBufferConfig.of(2048, BufferType.DRAM), mesh);
        byte[] data = TtMetalDataMovementTest.pattern(12 * 2048, 4);

        TtMetal.enqueueWriteMeshBuffer(buffer, data);

        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(TtMetal.enqueueReadMeshBuffer(buffer, new MeshCoordinate(r, c)))
                        .isEqualTo(data);
            }
        }
        buffer.close();
    }

    @Test
    void sharded_rowMajor_deviceRowColGetsShardRowCol() {
        // 4 × 8 datums of 4 B, shards of 2 × 2: device (r, c) holds rows 2r..2r+1, columns 2c..2c+1.
        MeshBuffer buffer = MeshBuffer.create(
                ShardedBufferConfig.of(128, new Shape2D(4, 8), new Shape2D(2, 2)),
                DeviceLocalBufferConfig.of(16, BufferType.DRAM),
                mesh);
        byte[] data = TtMetalDataMovementTest.pattern(128, 9);

        TtMetal.enqueueWriteMeshBuffer(buffer, data);

        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(TtMetal.enqueueReadMeshBuffer(buffer, new MeshCoordinate(r, c)))
                        .as("device (%d, %d)", r, c)
                        .isEqualTo(block(data, 8, 4, 2 * r, 2 * c, 2, 2));
            }
        }
        buffer.close();
    }

    @Test
    void sharded_colMajor_numbersShardsDownTheColumnsFirst() {
        MeshBuffer buffer = MeshBuffer.create(
                new ShardedBufferConfig(128, new Shape2D(4, 8), new Shape2D(2, 2), ShardOrientation.COL_MAJOR),
                DeviceLocalBufferConfig.of(16, BufferType.DRAM),
                mesh);
        byte[] data = TtMetalDataMovementTest.pattern(128, 10);

        TtMetal.enqueueWriteMeshBuffer(buffer, data);

        // Device d (row-major) holds the d-th shard in column-major order: shard (d % 2, d / 2).
        for (int d = 0; d < 8; d++) {
            assertThat(TtMetal.enqueueReadMeshBuffer(buffer, new MeshCoordinate(d / 4, d % 4)))
                    .as("device %d", d)
                    .isEqualTo(block(data, 8, 4, 2 * (d % 2), 2 * (d / 2), 2, 2));
        }
        buffer.close();
    }

    @Test
    void sharded_heightReplicated_rowMajor_deviceRowColGetsColumnShardCol() {
        // Shards span the full height and 2 columns; each mesh row repeats the 4 shards.
        MeshBuffer buffer = MeshBuffer.create(
                ShardedBufferConfig.of(128, new Shape2D(4, 8), new Shape2D(0, 2)),
                DeviceLocalBufferConfig.of(32, BufferType.DRAM),
                mesh);
        byte[] data = TtMetalDataMovementTest.pattern(128, 12);

        TtMetal.enqueueWriteMeshBuffer(buffer, data);

        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 4; c++) {
                assertThat(TtMetal.enqueueReadMeshBuffer(buffer, new MeshCoordinate(r, c)))
                        .isEqualTo(block(data, 8, 4, 0, 2 * c, 4, 2));
            }
        }
        buffer.close();
    }

    @Test
    void write_wrongLengthOrClosedMeshBuffer_throws() {
        MeshBuffer buffer = MeshBuffer.create(
                new ReplicatedBufferConfig(2048), DeviceLocalBufferConfig.of(2048, BufferType.DRAM), mesh);

        assertThatThrownBy(() -> TtMetal.enqueueWriteMeshBuffer(buffer, new byte[10]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data length (10)");
        buffer.close();
        assertThatThrownBy(() -> TtMetal.enqueueWriteMeshBuffer(buffer, new byte[2048]))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was closed");
    }

    @Test
    void write_afterMeshClosed_throwsTheUpstreamDeviceText() {
        MeshBuffer buffer = MeshBuffer.create(
                new ReplicatedBufferConfig(2048), DeviceLocalBufferConfig.of(2048, BufferType.DRAM), mesh);
        mesh.close();

        assertThatThrownBy(() -> TtMetal.enqueueWriteMeshBuffer(buffer, new byte[2048]))
                .isInstanceOf(TtException.class)
                .hasMessage("Can't get device from mesh buffer, already deallocated");
        assertThatThrownBy(() -> TtMetal.enqueueReadBuffer(buffer.getDeviceBuffer(new MeshCoordinate(0, 1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device 1 is closed");
        buffer.close();
    }

    @Test
    void write_bufferOnTheMeshDeviceItself_isUnsupported() {
        Buffer backing = Buffer.create(mesh, 2048, 2048, BufferType.DRAM);

        assertThatThrownBy(() -> TtMetal.enqueueWriteBuffer(backing, new byte[2048]))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("has no memory of its own");
        backing.close();
    }

    /** {@return the bytes of a {@code rows × cols} block at (row0, col0) of a row-major {@code width}-wide grid} */
    private static byte[] block(byte[] data, int width, int datum, int row0, int col0, int rows, int cols) {
        byte[] out = new byte[rows * cols * datum];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, ((row0 + r) * width + col0) * datum, out, r * cols * datum, cols * datum);
        }
        return out;
    }
}
