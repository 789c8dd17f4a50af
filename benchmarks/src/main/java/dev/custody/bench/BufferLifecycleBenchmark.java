package dev.custody.bench;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferRegion;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.MeshShape;
import dev.custody.metal.mesh.ReplicatedBufferConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The buffer lifecycle on the port, the code every tracked application runs: what the agent's advice adds to it
 * is the overhead users pay. Run once per agent configuration by {@link OverheadMain}; each method's result
 * escapes into JMH's blackhole so the JIT cannot drop the allocation.
 */
/*
 * Each benchmark has its own state so a fork opens only what it uses: device 0 alone, or the eight physical
 * devices of a 2x4 mesh (a mesh opens devices 0..7 itself, so the two cannot share a fork). States live for
 * the whole trial and close their devices in teardown, so a run leaves nothing allocated and an agent's
 * report at exit is clean.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BufferLifecycleBenchmark {
    /** 4 KiB: two 2 KiB pages (a bfloat16 tile each), interleaved over the DRAM banks. */
    static final long SIZE = 4096;

    static final long PAGE_SIZE = 2048;

    /** One open Wormhole B0 device. */
    @State(Scope.Benchmark)
    public static class OneDevice {
        Device device;

        @Setup(Level.Trial)
        public void open() {
            EventsDropped.installIfAsked();
            device = Device.open(0, DeviceSpec.wormholeB0());
        }

        @TearDown(Level.Trial)
        public void close() {
            device.close();
        }
    }

    /** One open device and a 64 KiB DRAM buffer to take views of. */
    @State(Scope.Benchmark)
    public static class RootBuffer {
        Device device;
        Buffer root;
        final BufferRegion region = new BufferRegion(PAGE_SIZE * 4, SIZE);

        @Setup(Level.Trial)
        public void open() {
            EventsDropped.installIfAsked();
            device = Device.open(0, DeviceSpec.wormholeB0());
            root = Buffer.create(device, 16 * SIZE, PAGE_SIZE, BufferType.DRAM);
        }

        @TearDown(Level.Trial)
        public void close() {
            root.close();
            device.close();
        }
    }

    /** An open 2x4 Wormhole B0 mesh. */
    @State(Scope.Benchmark)
    public static class Mesh {
        MeshDevice mesh;
        final ReplicatedBufferConfig config = new ReplicatedBufferConfig(SIZE);
        final DeviceLocalBufferConfig local = DeviceLocalBufferConfig.of(PAGE_SIZE, BufferType.DRAM);

        @Setup(Level.Trial)
        public void open() {
            EventsDropped.installIfAsked();
            mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0());
        }

        @TearDown(Level.Trial)
        public void close() {
            mesh.close();
        }
    }

    /** Creates a 4 KiB interleaved DRAM buffer, frees it with {@code DeallocateBuffer} and drops the handle. */
    @Benchmark
    public Buffer dramCreateDeallocateClose(OneDevice s) {
        Buffer b = Buffer.create(s.device, SIZE, PAGE_SIZE, BufferType.DRAM);
        TtMetal.deallocateBuffer(b);
        b.close();
        return b;
    }

    /** Takes a 4 KiB view of a live buffer and closes it (no allocator call: ownership bookkeeping only). */
    @Benchmark
    public Buffer viewCreateClose(RootBuffer s) {
        Buffer v = s.root.view(s.region);
        v.close();
        return v;
    }

    /** Creates a 4 KiB buffer replicated over the 2x4 mesh, deallocates it and closes it. */
    @Benchmark
    public MeshBuffer meshReplicatedCreateDeallocateClose(Mesh s) {
        MeshBuffer m = MeshBuffer.create(s.config, s.local, s.mesh);
        m.deallocate();
        m.close();
        return m;
    }
}
