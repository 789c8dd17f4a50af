package dev.custody.agent.ledger;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.bootstrap.NoSink;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sink of {@code level=count}: counts allocations and frees, keeps no ledger and reports no findings.
 */
public final class CountingSink extends NoSink implements SnapshotSource {
    private final LongAdder allocations = new LongAdder();
    private final LongAdder frees = new LongAdder();

    @Override
    public Snapshot exitSnapshot() {
        long a = allocations.sum();
        long f = frees.sum();
        return new Snapshot(
                List.of(), List.of(), a - f, a, f, AgentErrors.adviceErrors() + AgentErrors.transformErrors());
    }

    // Only the allocator's ground truth is counted; every other event is ignored (NoSink).

    @Override
    public void allocatorAllocated(Object allocator, int type, long address, long size) {
        allocations.increment();
    }

    @Override
    public void allocatorFreeing(Object allocator, int type, long address) {
        frees.increment();
    }
}
