package dev.custody.agent.bootstrap;

/**
 * The sink in place before the agent installs one, and at {@code level=off}: ignores every event. Sinks that
 * care about a few events only (the counting sink of {@code level=count}) extend it and override those.
 */
public class NoSink implements EventSink {
    /** The shared instance that ignores everything. */
    public static final NoSink INSTANCE = new NoSink();

    /** For sinks that override the few events they use. */
    protected NoSink() {}

    /**
     * {@inheritDoc}
     *
     * <p>False: a sink built on this one counts or ignores; subclasses that want every event override this.
     */
    @Override
    public boolean tracksOwnership() {
        return false;
    }

    @Override
    public void deviceOpening() {
        // nothing
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
        // nothing
    }

    @Override
    public void allocatorClosing(Object allocator, int id, boolean mesh) {
        // nothing
    }

    @Override
    public void allocatorAllocated(Object allocator, int type, long address, long size) {
        // nothing
    }

    @Override
    public void allocatorFailed(Object allocator, int type, long size, Throwable error) {
        // nothing
    }

    @Override
    public void allocatorCreated(Object allocator, Object lock) {
        // nothing
    }

    @Override
    public void bufferAllocating(long uid, long size, int deviceId, boolean mesh) {
        // nothing
    }

    @Override
    public void allocatorFreeing(Object allocator, int type, long address) {
        // nothing
    }

    @Override
    public void bufferAllocated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        // nothing
    }

    @Override
    public void aliasCreated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        // nothing
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
        // nothing
    }

    @Override
    public void markedDeallocated(long uid, boolean ownsData, int status, Object allocator, long address) {
        // nothing
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
        // nothing
    }

    @Override
    public void meshBufferCreating() {
        // nothing
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
        // nothing
    }

    @Override
    public void meshBufferDeallocated(Object meshBuffer) {
        // nothing
    }

    @Override
    public void meshBufferClosed(Object meshBuffer) {
        // nothing
    }

    @Override
    public void meshBufferUsed(Object meshBuffer, boolean allocated, int access) {
        // nothing
    }

    @Override
    public void programBufferAdded(long programId, long uid, long rootUid, Object allocator, long address) {
        // nothing
    }

    @Override
    public void programBuffersReleased(long programId) {
        // nothing
    }

    @Override
    public void programClosed(long programId) {
        // nothing
    }

    @Override
    public void circularBuffersAllocated(
            long programId, Object allocator, int deviceId, boolean mesh, long[] addresses, long[] sizes) {
        // nothing
    }

    @Override
    public void kernelBinaries(boolean entering) {
        // nothing
    }

    @Override
    public void circularBufferRegionInvalid(
            long programId, Object allocator, int deviceId, boolean mesh, Throwable error) {
        // nothing
    }

    @Override
    public void programCacheCleared(int deviceId, int entries) {
        // nothing
    }

    @Override
    public void ruleAcquired(Object resource, String type) {
        // nothing
    }

    @Override
    public void ruleReleased(Object resource, String type) {
        // nothing
    }

    @Override
    public void ruleUsed(Object resource, String type, String method) {
        // nothing
    }

    @Override
    public int checkLeaks() {
        return 0;
    }
}
