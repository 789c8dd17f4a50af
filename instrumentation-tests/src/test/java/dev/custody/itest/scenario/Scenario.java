package dev.custody.itest.scenario;

import dev.custody.metal.TtMetal;
import dev.custody.metal.allocator.OutOfDeviceMemoryException;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferRegion;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshDevice;
import dev.custody.metal.mesh.MeshShape;
import dev.custody.metal.mesh.ReplicatedBufferConfig;
import dev.custody.metal.program.CircularBufferConfig;
import dev.custody.metal.program.CommandQueue;
import dev.custody.metal.program.DataFormat;
import dev.custody.metal.program.Program;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Scenario NAME}: one bug or spec scenario per name. Each prints {@code done NAME} when it returns normally,
 * so tests can tell that the application finished.
 */
public final class Scenario {
    private static final long MIB = 1 << 20;
    private static final CoreRangeSet GRID = CoreRangeSet.of(CoreRange.of(0, 0, 7, 7));

    /**
     * Resources a scenario leaks on purpose, kept reachable to the end: the rules ledger holds them weakly, and one
     * collected before exit would be reported "collected without release" instead of "at exit".
     */
    private static final List<Object> LEAKED = new ArrayList<>();

    private Scenario() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "clean" -> clean();
            case "threads" -> threads();
            case "leak" -> leak();
            case "unknown-free" -> unknownFree();
            case "use-after-free" -> useAfterFree();
            case "out-of-memory" -> outOfMemory();
            case "free-order" -> freeOrder();
            case "device-local-after-deallocate" -> deviceLocalAfterDeallocate();
            case "s5" -> s5();
            case "s6" -> s6();
            case "s7" -> s7();
            case "s8" -> s8();
            case "s10" -> s10();
            case "s12" -> s12();
            case "s13" -> s13();
            case "wait-for-attach" -> waitForAttach(args[1]);
            case "wait-then-method-references" -> {
                ready(args[1]);
                methodReferences();
            }
            case "wait-then-rules-jdk" -> {
                ready(args[1]);
                rulesJdk();
            }
            case "hold" -> hold();
            case "explicit-check" -> explicitCheck();
            case "address-after-free" -> addressAfterFree();
            case "method-references" -> methodReferences();
            case "uninstrumented-calls" -> uninstrumentedCalls();
            case "rules-app" -> rulesApp();
            case "rules-jdk" -> rulesJdk();
            case "rules-app-dropped" -> rulesAppDropped(1);
            case "rules-app-dropped-40" -> rulesAppDropped(40);
            case "rules-app-use" -> rulesAppUse();
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
        System.out.println("done " + args[0]);
    }

    private static void clean() {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0());
                Buffer b = Buffer.create(d, 4 * MIB, 2048, BufferType.DRAM)) {
            TtMetal.enqueueWriteBuffer(b, new byte[(int) b.size()]);
            TtMetal.enqueueReadBuffer(b);
        }
    }

    /**
     * Four threads share one device: each creates, writes, views, reads and frees 5,000 buffers of its own (so the
     * allocator hands the same addresses from thread to thread), and leaves its last one live.
     */
    private static void threads() throws InterruptedException {
        Device d = Device.open(0, DeviceSpec.wormholeB0());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                byte[] data = new byte[4096];
                for (int i = 0; i < 5_000; i++) {
                    Buffer b = Buffer.create(d, 4096, 2048, i % 3 == 0 ? BufferType.L1 : BufferType.DRAM);
                    TtMetal.enqueueWriteBuffer(b, data);
                    try (Buffer v = b.view(new BufferRegion(2048, 2048))) {
                        TtMetal.enqueueReadBuffer(v);
                    }
                    TtMetal.deallocateBuffer(b);
                    b.close();
                }
                Buffer kept = Buffer.create(d, 8192, 2048, BufferType.DRAM);
                System.out.println("kept " + kept.uniqueId());
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static void leak() {
        Device d = Device.open(0, DeviceSpec.wormholeB0());
        Buffer kept = Buffer.create(d, 8192, 2048, BufferType.DRAM);
        System.out.println("kept " + kept.uniqueId());
    }

    private static void unknownFree() {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0())) {
            d.allocator().deallocateBuffer(BufferType.DRAM, 0x12340);
        }
    }

    private static void useAfterFree() {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0())) {
            Buffer b = Buffer.create(d, 4096, 2048, BufferType.L1);
            TtMetal.deallocateBuffer(b);
            TtMetal.enqueueWriteBuffer(b, new byte[4096]);
            b.close();
        }
    }

    private static void outOfMemory() {
        List<Buffer> held = new ArrayList<>();
        try (Device d = Device.open(0, DeviceSpec.wormholeB0())) {
            try {
                while (true) {
                    held.add(Buffer.create(d, 64L * 256 * 1024, 1024, BufferType.L1));
                }
            } catch (OutOfDeviceMemoryException e) {
                System.out.println("oom after " + held.size() + " buffers");
            }
            for (Buffer b : held) {
                b.close();
            }
        }
    }

    private static MeshBuffer replicated(MeshDevice mesh, long size) {
        return MeshBuffer.create(
                new ReplicatedBufferConfig(size), DeviceLocalBufferConfig.of(2048, BufferType.DRAM), mesh);
    }

    private static void freeOrder() {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0())) {
            MeshBuffer mb = replicated(mesh, 4 * MIB);
            Buffer held = mb.getBackingBuffer().view(new BufferRegion(0, 2048));
            mb.close();
            held.close();
        }
    }

    private static void deviceLocalAfterDeallocate() {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0())) {
            MeshBuffer mb = replicated(mesh, 4 * MIB);
            Buffer local = mb.getDeviceBuffer(new MeshCoordinate(1, 2));
            mb.deallocate();
            TtMetal.enqueueReadBuffer(local);
            mb.close();
        }
    }

    /** S5: a replicated 4 MiB DRAM mesh buffer on 2×4 — one allocation, one free, no finding. */
    private static void s5() {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0())) {
            MeshBuffer mb = replicated(mesh, 4 * MIB);
            TtMetal.enqueueWriteMeshBuffer(mb, new byte[(int) (4 * MIB)]);
            mb.close();
        }
    }

    /** S6: X deallocated while its device-local buffer is still held, Y reuses the address, X's alias is read. */
    private static void s6() {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0())) {
            MeshBuffer x = replicated(mesh, 4 * MIB);
            Buffer xLocal = x.getDeviceBuffer(new MeshCoordinate(0, 0)).view(new BufferRegion(0, 4 * MIB));
            x.deallocate();
            MeshBuffer y = replicated(mesh, 4 * MIB);
            System.out.println("same address " + (y.address() == x.address()));
            TtMetal.enqueueReadBuffer(xLocal);
            x.close();
            xLocal.close();
            y.close();
        }
    }

    /** S7: the MeshDevice is closed while an owned MeshBuffer is alive. */
    private static void s7() {
        MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0());
        MeshBuffer mb = replicated(mesh, 4 * MIB);
        mesh.close();
        mb.close();
    }

    private static CircularBufferConfig cb(int index, long size, long pageSize) {
        return CircularBufferConfig.builder(size)
                .index(index, DataFormat.FLOAT16_B, pageSize)
                .build();
    }

    /** S8: a pool buffer of a cached program, freed explicitly once; the program's destruction frees nothing more. */
    private static void s8() {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0())) {
            d.programCache().enable();
            Program p = new Program();
            Buffer b = Buffer.create(d, 262_144, 4096, BufferType.L1);
            TtMetal.assignGlobalBufferToProgram(b, p);
            d.programCache().insert(1, p);
            TtMetal.deallocateBuffer(b);
            b.close();
            d.programCache().disableAndClear();
        }
    }

    /** S10: L1 buffers down to 509952, static CBs up to 668192: the exact clash, then a clean re-enqueue. */
    private static void s10() {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0());
                Program p = new Program()) {
            Buffer a = Buffer.create(d, 64L * 512_000, 1024, BufferType.L1);
            Buffer b = Buffer.create(d, 64L * 477_184, 1024, BufferType.L1);
            TtMetal.createCircularBuffer(p, GRID, cb(0, 262_144, 2048));
            TtMetal.createCircularBuffer(p, GRID, cb(1, 262_144, 2048));
            TtMetal.createCircularBuffer(p, GRID, cb(2, 42_752, 256));
            try {
                CommandQueue.enqueueProgram(d, p);
            } catch (RuntimeException e) {
                System.out.println("enqueue failed: " + e.getMessage());
            }
            a.close();
            b.close();
            CommandQueue.enqueueProgram(d, p);
        }
    }

    /** S12: two programs with the same three static CBs on one MeshDevice; CBs are never allocator memory. */
    private static void s12() {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0())) {
            Program p1 = new Program();
            Program p2 = new Program();
            for (Program p : List.of(p1, p2)) {
                TtMetal.createCircularBuffer(p, GRID, cb(0, 4096, 2048));
                TtMetal.createCircularBuffer(p, GRID, cb(1, 4096, 2048));
                TtMetal.createCircularBuffer(p, GRID, cb(2, 2048, 1024));
                p.allocateCircularBuffers(mesh);
                p.validateCircularBufferRegion(mesh);
            }
            p1.close();
            p2.close();
        }
    }

    /** S13: three runs that each leave 14,753,792 B of DRAM allocated when the device closes. */
    private static void s13() {
        for (int run = 0; run < 3; run++) {
            Device d = Device.open(0, DeviceSpec.wormholeB0());
            Buffer.create(d, 14_753_792, 2048, BufferType.DRAM);
            d.close();
        }
    }

    /**
     * An explicit leak check in the middle of a run (through reflection, so the program also runs without the
     * agent): the buffer live at the check is reported then, and not again at exit.
     */
    private static void explicitCheck() throws ReflectiveOperationException {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0())) {
            Buffer kept = Buffer.create(d, 4096, 2048, BufferType.DRAM);
            Object found = Class.forName("dev.custody.agent.bootstrap.Custody")
                    .getMethod("checkLeaks")
                    .invoke(null);
            System.out.println("check found " + found);
            kept.close();
        }
    }

    /** address() of a freed buffer, after its address went to a new buffer. */
    private static void addressAfterFree() {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0())) {
            Buffer freed = Buffer.create(d, 4096, 2048, BufferType.L1);
            TtMetal.deallocateBuffer(freed);
            try (Buffer successor = Buffer.create(d, 4096, 2048, BufferType.L1)) {
                System.out.println("stale address " + freed.address() + ", new " + successor.address());
            }
            freed.close();
        }
    }

    /**
     * Tracked calls through method references, which leave no call instruction in this class: two buffers freed by
     * {@code forEach(TtMetal::deallocateBuffer)}, one of them freed again through a reference stored before, and a
     * stale {@code address()} through {@code Buffer::address}. The lines the test checks end with marker comments.
     */
    private static void methodReferences() {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0())) {
            Buffer a = Buffer.create(d, 4096, 2048, BufferType.DRAM); // <-- site: allocated a
            Buffer b = Buffer.create(d, 4096, 2048, BufferType.DRAM);
            java.util.function.Consumer<Buffer> free = TtMetal::deallocateBuffer; // <-- site: stored reference
            List.of(a, b).forEach(TtMetal::deallocateBuffer); // <-- site: forEach
            Buffer c = Buffer.create(d, 8192, 2048, BufferType.DRAM);
            free.accept(a);
            java.util.function.ToLongFunction<Buffer> address = Buffer::address; // <-- site: address reference
            System.out.println("stale address " + address.applyAsLong(b));
            List.of(a, b, c).forEach(Buffer::close);
        }
    }

    /**
     * Frees made outside a direct call of the port: a buffer closed through {@code AutoCloseable}, and one deallocated
     * by reflection, which no agent sees at a call site. Each is then written to, a use after free that names where it
     * was freed: the close's line, and no line at all for the reflective call (never an earlier call's line).
     */
    private static void uninstrumentedCalls() throws ReflectiveOperationException {
        try (Device d = Device.open(0, DeviceSpec.wormholeB0())) {
            Buffer closed = Buffer.create(d, 4096, 2048, BufferType.L1);
            Buffer reflected = Buffer.create(d, 4096, 2048, BufferType.L1);
            AutoCloseable resource = closed;
            try {
                resource.close(); // <-- site: closed through AutoCloseable
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            TtMetal.class.getMethod("deallocateBuffer", Buffer.class).invoke(null, reflected);
            TtMetal.enqueueWriteBuffer(closed, new byte[4096]);
            TtMetal.enqueueWriteBuffer(reflected, new byte[4096]);
            reflected.close();
        }
    }

    /** Rules on an application class: one lease leaked, one released, one released through its alias. */
    private static void rulesApp() {
        Lease leaked = new Lease("leaked");
        Lease released = new Lease("released");
        released.release();
        Lease owner = new Lease("owner");
        Lease alias = owner.share();
        alias.release();
        owner.release();
        Lease.EMPTY.release();
        System.out.println("holding " + leaked);
        LEAKED.add(leaked);
    }

    /** A lease read while held, released, then read again: the second read is a use after release. */
    private static void rulesAppUse() {
        Lease lease = new Lease("pooled");
        System.out.println("read " + lease.read());
        lease.release();
        System.out.println("stale " + lease.read());
    }

    /**
     * Leases dropped without release, all at one line, then collected: the agent must not keep them alive. Prints
     * {@code collected true} once the garbage collector cleared a weak reference to each (tried for up to ten
     * seconds).
     */
    private static void rulesAppDropped(int leases) throws InterruptedException {
        List<java.lang.ref.WeakReference<Lease>> dropped = new ArrayList<>();
        for (int n = 0; n < leases; n++) {
            dropped.add(new java.lang.ref.WeakReference<>(new Lease("dropped " + n)));
        }
        boolean collected = false;
        for (int i = 0; i < 1000 && !collected; i++) {
            System.gc();
            Thread.sleep(10);
            collected = dropped.stream().allMatch(r -> r.get() == null);
        }
        System.out.println("collected " + collected);
        // A later rules-file event, as a running application has, is where the ledger notices the collection.
        new Lease("released").release();
    }

    /**
     * Rules on a JDK class: one FileInputStream never closed, one closed by try-with-resources, one that fails to open
     * (its constructor throws), and one the JDK opens itself (a Scanner over a file) and never closes.
     */
    private static void rulesJdk() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("custody", ".bin");
        java.nio.file.Files.write(file, new byte[] {1, 2, 3});
        java.io.FileInputStream leaked = new java.io.FileInputStream(file.toFile());
        System.out.println("read " + leaked.read());
        LEAKED.add(leaked);
        try (java.io.FileInputStream in = new java.io.FileInputStream(file.toString())) {
            System.out.println("read " + in.read());
        }
        try {
            System.out.println("opened " + new java.io.FileInputStream(file + ".missing").read());
        } catch (java.io.FileNotFoundException expected) {
            System.out.println("no " + file + ".missing");
        }
        java.util.Scanner scanner = new java.util.Scanner(file.toFile(), java.nio.charset.StandardCharsets.UTF_8);
        System.out.println("scanned " + scanner.hasNext());
        LEAKED.add(scanner);
        java.nio.file.Files.delete(file);
    }

    /** A 4 MiB replicated mesh buffer on 2×4 and 8 KiB of L1 on device 0, held until a line arrives on stdin. */
    private static void hold() throws java.io.IOException {
        try (MeshDevice mesh = MeshDevice.create(new MeshShape(2, 4), DeviceSpec.wormholeB0())) {
            MeshBuffer mb = replicated(mesh, 4 * MIB);
            Buffer l1 = Buffer.create(mesh.getDevice(new MeshCoordinate(0, 0)), 8192, 1024, BufferType.L1);
            System.out.println("HOLDING");
            System.out.flush();
            new java.io.BufferedReader(
                            new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
                    .readLine();
            l1.close();
            mb.close();
        }
    }

    /** Prints {@code ready PID} and waits until {@code flag} exists (at most a minute): the test attaches meanwhile. */
    private static void ready(String flag) throws InterruptedException {
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        java.nio.file.Path path = java.nio.file.Path.of(flag);
        for (int i = 0; i < 600 && !java.nio.file.Files.exists(path); i++) {
            Thread.sleep(100);
        }
    }

    /** Allocates, waits until {@code flag} exists (the test attaches meanwhile), then frees and leaks. */
    private static void waitForAttach(String flag) throws InterruptedException {
        Device d = Device.open(0, DeviceSpec.wormholeB0());
        Buffer before = Buffer.create(d, 4096, 2048, BufferType.DRAM);
        Buffer beforeView = before.view(new BufferRegion(0, 2048));
        ready(flag);
        TtMetal.enqueueReadBuffer(beforeView);
        TtMetal.deallocateBuffer(before);
        beforeView.close();
        before.close();
        Buffer after = Buffer.create(d, 8192, 2048, BufferType.DRAM);
        System.out.println("leaking " + after.uniqueId());
    }
}
