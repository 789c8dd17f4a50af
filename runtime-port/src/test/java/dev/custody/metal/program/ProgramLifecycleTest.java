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
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.MeshShape;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgramLifecycleTest {
    private final Device device = Device.open(0, DeviceSpec.wormholeB0());

    @AfterEach
    void closeDevice() {
        device.close();
    }

    @Test
    void id_comesFromOneCounterAcrossPrograms() {
        try (Program a = new Program();
                Program b = new Program()) {
            assertThat(b.id()).isEqualTo(a.id() + 1);
        }
    }

    @Test
    void closedProgram_rejectsNewBuffersAndCbs() {
        Program p = new Program();
        p.close();

        try (Buffer b = Buffer.create(device, 2048, 2048, BufferType.DRAM)) {
            assertThatThrownBy(() -> TtMetal.assignGlobalBufferToProgram(b, p))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("program " + p.id() + " is closed; create a new Program");
            assertThat(b.isAllocated()).isTrue();
        }
        assertThatThrownBy(() -> p.addCircularBuffer(
                        CoreRangeSet.of(CoreRange.of(0, 0, 0, 0)),
                        CircularBufferConfig.of(2048, Map.of(0, DataFormat.FLOAT16_B))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void enqueueProgram_onAMeshDevice_pointsToMeshWorkloads() {
        device.close();
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(1, 1), DeviceSpec.wormholeB0());
                Program p = new Program()) {
            assertThatThrownBy(() -> CommandQueue.enqueueProgram(mesh, p))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("enqueueMeshWorkload");
        }
    }

    @Test
    void globallyAllocatedCb_takesItsBuffersAddressAndNoStaticSpace() {
        CoreRangeSet grid = CoreRangeSet.of(CoreRange.of(0, 0, 7, 7));
        try (Buffer backing = Buffer.create(device, 64 * 4096, 4096, BufferType.L1);
                Program p = new Program()) {
            CircularBufferConfig dynamic = CircularBufferConfig.builder(4096)
                    .index(0, DataFormat.FLOAT16_B, 2048)
                    .globallyAllocatedAddress(backing)
                    .build();
            TtMetal.createCircularBuffer(p, grid, dynamic);
            TtMetal.createCircularBuffer(p, grid, CircularBufferConfig.of(2048, Map.of(1, DataFormat.FLOAT16_B)));
            CommandQueue.enqueueProgram(device, p);

            assertThat(p.circularBuffers().get(0).address()).isEqualTo(backing.address());
            assertThat(p.circularBuffers().get(1).address()).isEqualTo(101_152);
        }
    }
}
