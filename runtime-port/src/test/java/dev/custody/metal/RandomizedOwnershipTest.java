package dev.custody.metal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.allocator.OutOfDeviceMemoryException;
import dev.custody.metal.allocator.Statistics;
import dev.custody.metal.buffer.AllocationStatus;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferRegion;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.MeshShape;
import dev.custody.metal.mesh.ReplicatedBufferConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Long random sequences of create / view / retain / write / read / deallocate / close, checked against a model:
 * live owning buffers never overlap in a bank, reads of live memory return what was written, a buffer is destroyed
 * exactly when its handles and views are gone, and closing everything returns every byte.
 */
final class RandomizedOwnershipTest {
    private static final int STEPS = 1500;
    private static final long[] PAGE_SIZES = {32, 64, 100, 1024, 2048};

    // ---- single device ------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 1234, 98765})
    void randomSequence_onADevice_keepsOwnershipConsistent(long seed) {
        Random random = new Random(seed);
        try (Device device = Device.open(0, DeviceSpec.wormholeB0())) {
            DeviceModel model = new DeviceModel(device, random);
            for (int step = 0; step < STEPS; step++) {
                model.step(step);
                model.checkInvariants(step);
            }
            model.closeEverything();
            assertAllocatorEmpty(device.allocator());
            assertThat(model.everyBuffer).allMatch(Buffer::isDestroyed);
        }
    }

    /** One handle = one reference to a buffer object (from create, createAt, view or retain). */
    private static final class Handle {
        final Buffer buffer;
        boolean open = true;

        Handle(Buffer buffer) {
            this.buffer = buffer;
        }
    }

    private static final class DeviceModel {
        final Device device;
        final Random random;
        final List<Handle> handles = new ArrayList<>();
        final List<Buffer> everyBuffer = new ArrayList<>();
        /** Expected bytes of each owning root whose range is still ALLOCATED. */
        final IdentityHashMap<Buffer, byte[]> contents = new IdentityHashMap<>();
        /** At-address buffers created over a root's range, and that root. */
        final IdentityHashMap<Buffer, Buffer> aliasOf = new IdentityHashMap<>();

        DeviceModel(Device device, Random random) {
            this.device = device;
            this.random = random;
        }

        void step(int step) {
            int op = random.nextInt(100);
            if (op < 20 || open().isEmpty()) {
                create();
            } else if (op < 28) {
                createAlias();
            } else if (op < 40) {
                view();
            } else if (op < 45) {
                retain();
            } else if (op < 60) {
                write();
            } else if (op < 75) {
                read(step);
            } else if (op < 82) {
                deallocate();
            } else {
                close();
            }
        }

        List<Handle> open() {
            List<Handle> out = new ArrayList<>();
            for (Handle h : handles) {
                if (h.open) {
                    out.add(h);
                }
            }
            return out;
        }

        Handle pick() {
            List<Handle> open = open();
            return open.isEmpty() ? null : open.get(random.nextInt(open.size()));
        }

        void create() {
            BufferType type = random.nextBoolean() ? BufferType.DRAM : BufferType.L1;
            long pageSize = PAGE_SIZES[random.nextInt(PAGE_SIZES.length)];
            long pages = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(type == BufferType.L1 ? 400 : 200);
            Statistics before = device.allocator().getStatistics(type);
            Buffer buffer;
            try {
                buffer = Buffer.create(device, pages * pageSize, pageSize, type);
            } catch (OutOfDeviceMemoryException e) {
                assertThat(device.allocator().getStatistics(type)).isEqualTo(before);
                return;
            }
            track(buffer);
            byte[] data = randomBytes((int) buffer.size());
            TtMetal.enqueueWriteBuffer(buffer, data);
            if (buffer.size() > 0) {
                contents.put(buffer, data);
            }
        }

        void createAlias() {
            List<Buffer> roots = new ArrayList<>(contents.keySet());
            if (roots.isEmpty()) {
                return;
            }
            roots.sort(Comparator.comparingLong(Buffer::uniqueId));
            Buffer root = roots.get(random.nextInt(roots.size()));
            Buffer alias = Buffer.createAt(device, root.address(), root.size(), root.pageSize(), root.bufferType());
            aliasOf.put(alias, root);
            track(alias);
        }

        void view() {
            Handle h = pick();
            if (h == null || h.buffer.size() == 0 || aliasOf.containsKey(h.buffer)) {
                return;
            }
            long pages = h.buffer.numPages();
            long first = random.nextInt((int) pages);
            long count = 1L + random.nextInt((int) (pages - first));
            Buffer view = h.buffer.view(new BufferRegion(first * h.buffer.pageSize(), count * h.buffer.pageSize()));
            assertThat(view.rootBuffer()).isSameAs(h.buffer.rootBuffer());
            track(view);
        }

        void retain() {
            Handle h = pick();
            if (h != null) {
                h.buffer.retain();
                handles.add(new Handle(h.buffer));
            }
        }

        void write() {
            Handle h = pick();
            if (h == null || aliasOf.containsKey(h.buffer)) {
                return;
            }
            byte[] expected = contents.get(h.buffer.rootBuffer());
            if (expected == null) {
                return; // the root's range may belong to someone else now
            }
            byte[] data = randomBytes((int) h.buffer.size());
            TtMetal.enqueueWriteBuffer(h.buffer, data);
            System.arraycopy(
                    data, 0, expected, (int) h.buffer.rootBufferRegion().offset(), data.length);
        }

        void read(int step) {
            Handle h = pick();
            if (h == null) {
                return;
            }
            byte[] actual = TtMetal.enqueueReadBuffer(h.buffer);
            Buffer root = aliasOf.getOrDefault(h.buffer, h.buffer.rootBuffer());
            byte[] expected = contents.get(root);
            if (expected == null) {
                return;
            }
            int offset = (int) h.buffer.rootBufferRegion().offset();
            byte[] region = java.util.Arrays.copyOfRange(expected, offset, offset + actual.length);
            assertThat(actual).as("step %d: read of %s", step, h.buffer).isEqualTo(region);
        }

        void deallocate() {
            Handle h = pick();
            if (h != null) {
                TtMetal.deallocateBuffer(h.buffer);
                forgetFreedRoots();
            }
        }

        void close() {
            Handle h = pick();
            if (h != null) {
                h.open = false;
                h.buffer.close();
                forgetFreedRoots();
            }
        }

        void track(Buffer buffer) {
            if (!everyBuffer.contains(buffer)) {
                everyBuffer.add(buffer);
            }
            handles.add(new Handle(buffer));
        }

        void forgetFreedRoots() {
            contents.keySet().removeIf(root -> root.allocationStatus() != AllocationStatus.ALLOCATED);
        }

        void checkInvariants(int step) {
            assertNoOverlap(step, everyBuffer);
            IdentityHashMap<Buffer, Integer> references = new IdentityHashMap<>();
            for (Handle h : handles) {
                if (h.open) {
                    references.merge(h.buffer, 1, Integer::sum);
                }
            }
            for (Buffer b : everyBuffer) {
                if (b.rootBuffer() != b && !b.isDestroyed()) {
                    references.merge(b.rootBuffer(), 1, Integer::sum);
                }
            }
            for (Buffer b : everyBuffer) {
                if (b.isDestroyed() == references.containsKey(b)) {
                    fail(
                            "step %d: %s is destroyed=%s but %s references are held",
                            step, b, b.isDestroyed(), references.getOrDefault(b, 0));
                }
            }
        }

        void closeEverything() {
            List<Handle> open = open();
            java.util.Collections.shuffle(open, random);
            for (Handle h : open) {
                h.open = false;
                h.buffer.close();
            }
        }

        byte[] randomBytes(int size) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            return data;
        }
    }

    // ---- mesh ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(longs = {3, 11, 2024})
    void randomSequence_onAMesh_keepsOwnershipConsistent(long seed) {
        Random random = new Random(seed);
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(1, 2), DeviceSpec.wormholeB0())) {
            List<MeshBuffer> open = new ArrayList<>();
            List<Buffer> backings = new ArrayList<>();
            Map<MeshBuffer, byte[]> contents = new HashMap<>();
            for (int step = 0; step < STEPS; step++) {
                int op = random.nextInt(100);
                if (op < 30 || open.isEmpty()) {
                    BufferType type = random.nextBoolean() ? BufferType.DRAM : BufferType.L1;
                    long pageSize = type == BufferType.DRAM ? 2048 : 1024;
                    long size = (1 + random.nextInt(300)) * pageSize;
                    MeshBuffer mb;
                    if (random.nextInt(5) == 0 && !open.isEmpty()) {
                        MeshBuffer target = open.get(random.nextInt(open.size()));
                        mb = MeshBuffer.create(
                                new ReplicatedBufferConfig(target.size()),
                                target.deviceLocalConfig(),
                                mesh,
                                target.address());
                    } else {
                        try {
                            mb = MeshBuffer.create(
                                    new ReplicatedBufferConfig(size), DeviceLocalBufferConfig.of(pageSize, type), mesh);
                        } catch (OutOfDeviceMemoryException e) {
                            continue;
                        }
                        backings.add(mb.getBackingBuffer());
                        byte[] data = new byte[(int) size];
                        random.nextBytes(data);
                        TtMetal.enqueueWriteMeshBuffer(mb, data);
                        contents.put(mb, data);
                    }
                    open.add(mb);
                } else if (op < 50) {
                    MeshBuffer mb = open.get(random.nextInt(open.size()));
                    if (contents.containsKey(mb)) {
                        byte[] data = new byte[(int) mb.size()];
                        random.nextBytes(data);
                        TtMetal.enqueueWriteMeshBuffer(mb, data);
                        contents.put(mb, data);
                    }
                } else if (op < 70) {
                    MeshBuffer mb = open.get(random.nextInt(open.size()));
                    byte[] actual = TtMetal.enqueueReadMeshBuffer(mb, new MeshCoordinate(0, random.nextInt(2)));
                    if (contents.containsKey(mb)) {
                        assertThat(actual).as("step %d", step).isEqualTo(contents.get(mb));
                    }
                } else if (op < 85) {
                    MeshBuffer mb = open.get(random.nextInt(open.size()));
                    mb.deallocate();
                    contents.remove(mb);
                } else {
                    MeshBuffer mb = open.remove(random.nextInt(open.size()));
                    mb.close();
                    contents.remove(mb);
                }
                assertNoOverlap(step, backings);
                for (Device d : mesh.getDevices()) {
                    assertAllocatorEmpty(d.allocator());
                }
            }
            for (MeshBuffer mb : open) {
                mb.close();
            }
            assertAllocatorEmpty(mesh.allocator());
            assertThat(backings).allMatch(Buffer::isDestroyed);
        }
    }

    // ---- shared checks ------------------------------------------------------------------------------------------

    /** Live owning buffers of one type reserve disjoint {@code [address, address + alignedSizePerBank)} ranges. */
    private static void assertNoOverlap(int step, List<Buffer> buffers) {
        for (BufferType type : new BufferType[] {BufferType.DRAM, BufferType.L1}) {
            List<Buffer> live = new ArrayList<>();
            for (Buffer b : buffers) {
                if (b.ownsData() && b.bufferType() == type && b.isAllocated() && b.size() > 0) {
                    live.add(b);
                }
            }
            live.sort(Comparator.comparingLong(Buffer::address));
            for (int i = 1; i < live.size(); i++) {
                Buffer lower = live.get(i - 1);
                Buffer upper = live.get(i);
                if (lower.address() + lower.alignedSizePerBank() > upper.address()) {
                    fail("step %d: %s overlaps %s", step, lower, upper);
                }
            }
        }
    }

    private static void assertAllocatorEmpty(Allocator allocator) {
        for (BufferType type : new BufferType[] {BufferType.DRAM, BufferType.L1}) {
            Statistics s = allocator.getStatistics(type);
            assertThat(s.totalAllocatedBytes())
                    .as("%s bytes still allocated", type)
                    .isZero();
            assertThat(s.totalFreeBytes()).isEqualTo(s.totalAllocatableSizeBytes());
        }
    }
}
