package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.EventSink;

/**
 * Test only ({@code testFault=ledger}): a sink that throws on every event, to prove that an exception inside
 * the tracker never reaches the application.
 */
final class FaultySink implements EventSink {
    private static IllegalStateException fault() {
        return new IllegalStateException("custody: the ledger failed on purpose (testFault=ledger)");
    }

    @Override
    public void deviceOpening() {
        throw fault();
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
        throw fault();
    }

    @Override
    public void allocatorClosing(Object allocator, int id, boolean mesh) {
        throw fault();
    }

    @Override
    public void allocatorAllocated(Object allocator, int type, long address, long size) {
        throw fault();
    }

    @Override
    public void allocatorFailed(Object allocator, int type, long size, Throwable error) {
        throw fault();
    }

    @Override
    public void allocatorCreated(Object allocator, Object lock) {
        throw fault();
    }

    @Override
    public void bufferAllocating(long uid, long size, int deviceId, boolean mesh) {
        throw fault();
    }

    @Override
    public void allocatorFreeing(Object allocator, int type, long address) {
        throw fault();
    }

    @Override
    public void bufferAllocated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        throw fault();
    }

    @Override
    public void aliasCreated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        throw fault();
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
        throw fault();
    }

    @Override
    public void markedDeallocated(long uid, boolean ownsData, int status, Object allocator, long address) {
        throw fault();
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
        throw fault();
    }

    @Override
    public void meshBufferCreating() {
        throw fault();
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
        throw fault();
    }

    @Override
    public void meshBufferDeallocated(Object meshBuffer) {
        throw fault();
    }

    @Override
    public void meshBufferClosed(Object meshBuffer) {
        throw fault();
    }

    @Override
    public void meshBufferUsed(Object meshBuffer, boolean allocated, int access) {
        throw fault();
    }

    @Override
    public void programBufferAdded(long programId, long uid, long rootUid, Object allocator, long address) {
        throw fault();
    }

    @Override
    public void programBuffersReleased(long programId) {
        throw fault();
    }

    @Override
    public void programClosed(long programId) {
        throw fault();
    }

    @Override
    public void circularBuffersAllocated(
            long programId, Object allocator, int deviceId, boolean mesh, long[] addresses, long[] sizes) {
        throw fault();
    }

    @Override
    public void kernelBinaries(boolean entering) {
        throw fault();
    }

    @Override
    public void circularBufferRegionInvalid(
            long programId, Object allocator, int deviceId, boolean mesh, Throwable error) {
        throw fault();
    }

    @Override
    public void programCacheCleared(int deviceId, int entries) {
        throw fault();
    }

    @Override
    public void ruleAcquired(Object resource, String type) {
        throw fault();
    }

    @Override
    public void ruleReleased(Object resource, String type) {
        throw fault();
    }

    @Override
    public void ruleUsed(Object resource, String type, String method) {
        throw fault();
    }

    @Override
    public int checkLeaks() {
        throw fault();
    }
}
