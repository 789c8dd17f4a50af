package dev.custody.bench;

import dev.custody.agent.bootstrap.ThreadContext;
import dev.custody.agent.ledger.Ledger;
import dev.custody.metal.buffer.BufferType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The ledger alone, without the runtime or the advice around it: the events one DRAM buffer's lifecycle delivers at
 * {@code level=track} (the owning buffer's announcement, the allocator's allocate, the advice's check that the
 * buffer's return need not be sent, the allocator's free; an owning buffer's free request on an open device is not
 * sent either), called directly on a {@link Ledger}, the allocator's two inside the allocator's monitor as the runtime
 * delivers them. A tighter loop than {@link BufferLifecycleBenchmark}, for work on the ledger's hot path: {@code
 * dramCycle} minus {@code runtimeLocks} (the two monitor operations the runtime makes anyway) is the ledger's share,
 * the lifecycle's {@code track} minus {@code advice} column the same cost in place. {@code meshCycle} does the same
 * for a replicated mesh buffer on a 2x4 mesh (its two critical sections included).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar:agent/target/custody-agent.jar org.openjdk.jmh.Main LedgerCycleBenchmark
 * </pre>
 *
 * <p>The agent jar supplies the ledger's classes (the benchmarks jar does not copy them); no {@code -javaagent} is
 * needed or wanted. Each fork gets the fixed 512 MB heap the lifecycle forks get ({@link AgentConfig#jvmArgs}): with
 * the default heap, which grows over the run, the figure spread from 30 to 98 ns per cycle between iterations of one
 * run, against 44–46 ns with the fixed heap.
 */
// The ordinals are the values the advice sends (as in the agent's instrumentation).
@SuppressWarnings("EnumOrdinal")
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class LedgerCycleBenchmark {
    private static final int DRAM = BufferType.DRAM.ordinal();
    private static final long ADDRESS = 0x10_0000;
    private static final long SIZE = BufferLifecycleBenchmark.SIZE;
    private static final int MESH_ID = 8;
    private static final int MESH_DEVICES = 8;

    /** Stands for the device's allocator: the ledger only needs its identity. It is also the runtime's lock. */
    private final Object allocator = new Object();

    private final Ledger ledger = new Ledger(0, false, null);

    private long uid;

    /** Stands for a 2x4 mesh's allocator (its own lock) and its eight devices' allocators. */
    private final Object meshAllocator = new Object();

    private final Object[] deviceAllocators = new Object[MESH_DEVICES];

    private final int[] deviceIds = new int[MESH_DEVICES];

    /** Creates the allocator as the runtime does: its lock (here the allocator itself) is what its events arrive under. */
    public LedgerCycleBenchmark() {
        ledger.allocatorCreated(allocator, allocator);
        ledger.allocatorCreated(meshAllocator, meshAllocator);
        for (int i = 0; i < MESH_DEVICES; i++) {
            deviceAllocators[i] = new Object();
            deviceIds[i] = i;
            ledger.allocatorCreated(deviceAllocators[i], deviceAllocators[i]);
        }
    }

    /**
     * One buffer's lifecycle as the ledger sees it; the address is reused every time, as the runtime's allocator
     * hands the same block out again.
     */
    @Benchmark
    public long dramCycle() {
        long u = ++uid;
        ledger.bufferAllocating(u, SIZE, 0, false);
        // The allocator's events arrive inside its critical section (the runtime's lock, here the allocator itself).
        synchronized (allocator) {
            ledger.allocatorAllocated(allocator, DRAM, ADDRESS, SIZE);
        }
        if (!ThreadContext.takeRecorded(u)) {
            ledger.bufferAllocated(u, allocator, 0, false, DRAM, ADDRESS, SIZE);
        }
        synchronized (allocator) {
            ledger.allocatorFreeing(allocator, DRAM, ADDRESS);
        }
        return u;
    }

    /**
     * One replicated mesh buffer's lifecycle on a 2x4 mesh as the ledger sees it: the creation starts, the backing
     * buffer is allocated in the mesh's allocator as in {@link #dramCycle}, the eight device-local buffers are created
     * at its address, the mesh buffer is complete; then the backing is freed, the mesh buffer deallocated and closed
     * (the device-local buffers' closes send nothing). The object standing for the mesh buffer is new each time, as
     * the runtime's is.
     */
    @Benchmark
    public long meshCycle() {
        long backing = ++uid;
        long[] locals = new long[MESH_DEVICES];
        ledger.meshBufferCreating();
        ledger.bufferAllocating(backing, SIZE, MESH_ID, true);
        synchronized (meshAllocator) {
            ledger.allocatorAllocated(meshAllocator, DRAM, ADDRESS, SIZE);
        }
        if (!ThreadContext.takeRecorded(backing)) {
            ledger.bufferAllocated(backing, meshAllocator, MESH_ID, true, DRAM, ADDRESS, SIZE);
        }
        for (int i = 0; i < MESH_DEVICES; i++) {
            locals[i] = ++uid;
            ledger.aliasCreated(locals[i], deviceAllocators[i], deviceIds[i], false, DRAM, ADDRESS, SIZE);
        }
        Object meshBuffer = new Object();
        ledger.meshBufferCreated(
                meshBuffer, meshAllocator, MESH_ID, backing, locals, deviceIds.clone(), DRAM, ADDRESS, SIZE);
        synchronized (meshAllocator) {
            ledger.allocatorFreeing(meshAllocator, DRAM, ADDRESS);
        }
        ledger.meshBufferDeallocated(meshBuffer, ADDRESS);
        ledger.meshBufferClosed(meshBuffer, ADDRESS);
        return backing;
    }

    /** The control: the allocator's two critical sections of {@link #dramCycle}, without the ledger. */
    @Benchmark
    public long runtimeLocks() {
        long u = ++uid;
        synchronized (allocator) {
            uid = u + 1;
        }
        synchronized (allocator) {
            uid = u;
        }
        return u;
    }
}
