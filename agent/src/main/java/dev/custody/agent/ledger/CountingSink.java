package dev.custody.agent.ledger;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.bootstrap.EventSink;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sink of {@code level=count}: counts allocations and frees, keeps no ledger and reports no findings.
 */
public final class CountingSink implements EventSink, SnapshotSource {
    private final LongAdder allocations = new LongAdder();
    private final LongAdder frees = new LongAdder();

    @Override
    public Snapshot exitSnapshot() {
        long a = allocations.sum();
        long f = frees.sum();
        return new Snapshot(
                List.of(), List.of(), a - f, a, f, AgentErrors.adviceErrors() + AgentErrors.transformErrors());
    }

    @Override
    public void deviceOpening() {
        // counted only at allocation and free
    }

    @Override
    public void deviceOpened(
            Object device,
            Object allocator,
            int id,
            boolean mesh,
            String arch,
            long dramCapacity,
            long l1Capacity,
            long l1SmallCapacity,
            long traceCapacity,
            int[] physicalIds) {
        // counted only at allocation and free
    }

    @Override
    public void allocatorClosing(Object allocator, int id, boolean mesh) {
        // counted only at allocation and free
    }

    @Override
    public void allocatorAllocated(Object allocator, int type, long address, long size) {
        allocations.increment();
    }

    @Override
    public void allocatorFailed(Object allocator, int type, long size, Throwable error) {
        // counted only at allocation and free
    }

    @Override
    public void allocatorFreeing(Object allocator, int type, long address) {
        frees.increment();
    }

    @Override
    public void bufferAllocated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        // counted only at allocation and free
    }

    @Override
    public void aliasCreated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        // counted only at allocation and free
    }

    @Override
    public void freeRequested(
            boolean explicit,
            long uid,
            long rootUid,
            boolean ownsData,
            int status,
            Object allocator,
            int deviceId,
            boolean mesh,
            int type,
            long address,
            long size) {
        // counted only at allocation and free
    }

    @Override
    public void markedDeallocated(long uid, boolean ownsData, int status, Object allocator, long address) {
        // counted only at allocation and free
    }

    @Override
    public void bufferUsed(
            long uid,
            long rootUid,
            boolean ownsData,
            int status,
            Object allocator,
            int deviceId,
            boolean mesh,
            int type,
            long address,
            long size,
            int access) {
        // counted only at allocation and free
    }

    @Override
    public void meshBufferCreating() {
        // counted only at allocation and free
    }

    @Override
    public void meshBufferCreated(
            Object meshBuffer,
            Object meshAllocator,
            int meshId,
            long backingUid,
            long[] localUids,
            int[] localDeviceIds,
            int type,
            long address,
            long size) {
        // counted only at allocation and free
    }

    @Override
    public void meshBufferDeallocated(Object meshBuffer) {
        // counted only at allocation and free
    }

    @Override
    public void meshBufferClosed(Object meshBuffer) {
        // counted only at allocation and free
    }

    @Override
    public void meshBufferUsed(Object meshBuffer, boolean allocated, int access) {
        // counted only at allocation and free
    }

    @Override
    public void programBufferAdded(long programId, long uid, long rootUid, Object allocator, long address) {
        // counted only at allocation and free
    }

    @Override
    public void programBuffersReleased(long programId) {
        // counted only at allocation and free
    }

    @Override
    public void programClosed(long programId) {
        // counted only at allocation and free
    }

    @Override
    public void circularBuffersAllocated(
            long programId, Object allocator, int deviceId, boolean mesh, long[] addresses, long[] sizes) {
        // counted only at allocation and free
    }

    @Override
    public void kernelBinaries(boolean entering) {
        // counted only at allocation and free
    }

    @Override
    public void circularBufferRegionInvalid(
            long programId, Object allocator, int deviceId, boolean mesh, Throwable error) {
        // counted only at allocation and free
    }

    @Override
    public void programCacheCleared(int deviceId, int entries) {
        // counted only at allocation and free
    }

    @Override
    public void ruleAcquired(Object resource, String type) {
        allocations.increment();
    }

    @Override
    public void ruleReleased(Object resource, String type) {
        frees.increment();
    }

    @Override
    public int checkLeaks() {
        return 0;
    }
}
