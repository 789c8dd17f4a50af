package dev.custody.metal.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class MeshDeviceTest {
    @ParameterizedTest
    @CsvSource({"1,1", "1,2", "2,4", "4,8"})
    void create_opensPhysicalDevicesZeroToRowsTimesColsRowMajor(int rows, int cols) {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(rows, cols), DeviceSpec.wormholeB0())) {
            assertThat(mesh.numDevices()).isEqualTo(rows * cols);
            assertThat(mesh.getDevices()).extracting(Device::id).containsExactly(range(rows * cols));
            assertThat(mesh.getDevice(new MeshCoordinate(rows - 1, cols - 1)).id())
                    .isEqualTo(rows * cols - 1);
            assertThat(mesh.getDevices()).allMatch(Device::isInitialized);
            assertThat(mesh.isInitialized()).isTrue();
        }
    }

    @Test
    void create_moreDevicesThanTheCluster_throws() {
        assertThatThrownBy(() -> MeshDevice.create(new MeshShape(8, 8), DeviceSpec.wormholeB0()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8x8 needs 64 devices but the cluster has 32");
    }

    @Test
    void meshShape_invalidDimensions_throw() {
        assertThatThrownBy(() -> new MeshShape(0, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0x4)");
        assertThatThrownBy(() -> new MeshShape(2, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void create_deviceAlreadyOpen_throwsAndClosesWhatItOpened() {
        try (Device busy = Device.open(3, DeviceSpec.wormholeB0())) {
            assertThatThrownBy(() -> MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0()))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(busy.isInitialized()).isTrue();
        }
        // Devices 0..2 were closed again, so a new mesh can take them.
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(1, 4), DeviceSpec.wormholeB0())) {
            assertThat(mesh.numDevices()).isEqualTo(4);
        }
    }

    @Test
    void getDevice_outsideTheMesh_throwsNamingTheCoordinate() {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0())) {
            assertThatThrownBy(() -> mesh.getDevice(new MeshCoordinate(2, 0)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(2, 0)")
                    .hasMessageContaining("2x4");
        }
    }

    @Test
    void meshAllocator_isSeparateFromTheDevicesAllocators() {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(1, 2), DeviceSpec.wormholeB0())) {
            Buffer onMesh = Buffer.create(mesh, 1 << 20, 2048, BufferType.DRAM);

            assertThat(mesh.allocator().getStatistics(BufferType.DRAM).totalAllocatedBytes())
                    .isPositive();
            for (Device d : mesh.getDevices()) {
                assertThat(d.allocator().getStatistics(BufferType.DRAM).totalAllocatedBytes())
                        .isZero();
            }
            onMesh.close();
            assertThat(mesh.allocator().getStatistics(BufferType.DRAM).totalAllocatedBytes())
                    .isZero();
        }
    }

    @Test
    void close_closesDevicesAndIsIdempotent() {
        MeshDevice mesh = MeshDevice.create(new MeshShape(1, 2), DeviceSpec.wormholeB0());
        Buffer leaked = Buffer.create(mesh, 1 << 20, 2048, BufferType.DRAM);

        mesh.close();
        mesh.close();

        assertThat(mesh.isClosed()).isTrue();
        assertThat(mesh.isInitialized()).isFalse();
        assertThat(mesh.getDevices()).noneMatch(Device::isInitialized);
        assertThatThrownBy(mesh::allocator)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mesh device " + mesh.id());
        // The mesh is gone: destroying the buffer only changes its status.
        leaked.close();
        assertThat(leaked.isAllocated()).isFalse();
    }

    @Test
    void meshIds_comeFromTheirOwnCounter() {
        int first;
        try (MeshDevice a = MeshDevice.create(new MeshShape(1, 1), DeviceSpec.wormholeB0())) {
            first = a.id();
        }
        try (MeshDevice b = MeshDevice.create(new MeshShape(1, 1), DeviceSpec.wormholeB0())) {
            assertThat(b.id()).isEqualTo(first + 1);
        }
    }

    @Test
    void firstMeshInAProcess_hasIdZero_likePhysicalDeviceZero() throws Exception {
        // A fresh class loader gives fresh static counters, as a fresh process would.
        URL classes = MeshDevice.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> specClass = fresh.loadClass(DeviceSpec.class.getName());
            Class<?> shapeClass = fresh.loadClass(MeshShape.class.getName());
            Class<?> meshClass = fresh.loadClass(MeshDevice.class.getName());
            Object spec = specClass.getMethod("wormholeB0").invoke(null);
            Object shape = shapeClass.getConstructor(int.class, int.class).newInstance(2, 4);
            Object mesh = meshClass.getMethod("create", shapeClass, specClass).invoke(null, shape, spec);
            try {
                Method id = meshClass.getMethod("id");
                Object device0 = meshClass.getMethod("getDevices").invoke(mesh);
                Object firstDevice = ((java.util.List<?>) device0).get(0);
                assertThat(id.invoke(mesh)).isEqualTo(0);
                assertThat(firstDevice.getClass().getMethod("id").invoke(firstDevice))
                        .isEqualTo(0);
            } finally {
                meshClass.getMethod("close").invoke(mesh);
            }
        }
    }

    private static Integer[] range(int n) {
        Integer[] ids = new Integer[n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
        }
        return ids;
    }
}
