package dev.custody.agent.ledger;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.bootstrap.NoSink;
import dev.custody.agent.bootstrap.ThreadContext;
import java.util.List;

/**
 * The sink of {@code level=count}: counts allocations and frees, keeps no ledger and reports no findings.
 *
 * <p>The counts are the process's: each thread counts in its own {@link ThreadContext} and the snapshot sums them,
 * less what had been counted when this sink was created (one sink is installed per process).
 */
public final class CountingSink extends NoSink implements SnapshotSource {
    /*
     * Design. Counting is the whole cost of this level, so an event is one plain store into the thread's context:
     * a LongAdder's uncontended increment is a CAS on its base, which cost more than the rest of a small buffer's
     * lifecycle overhead together. Every other event is ignored (NoSink), and since tracksOwnership() is false the
     * advice does not even compute their arguments.
     */
    private final long allocationsBefore = ThreadContext.allocationTotal();
    private final long freesBefore = ThreadContext.freeTotal();

    @Override
    public Snapshot exitSnapshot() {
        long a = ThreadContext.allocationTotal() - allocationsBefore;
        long f = ThreadContext.freeTotal() - freesBefore;
        return new Snapshot(
                List.of(), List.of(), a - f, a, f, AgentErrors.adviceErrors() + AgentErrors.transformErrors());
    }

    @Override
    public void allocatorAllocated(Object allocator, int type, long address, long size) {
        ThreadContext.current().countAllocation();
    }

    @Override
    public void allocatorFreeing(Object allocator, int type, long address) {
        ThreadContext.current().countFree();
    }
}
