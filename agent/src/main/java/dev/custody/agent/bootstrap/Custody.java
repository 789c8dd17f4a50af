package dev.custody.agent.bootstrap;

/**
 * The static entry points inlined advice calls. Each forwards to the installed {@link EventSink}; until
 * one is installed (and at {@code level=off}) the sink does nothing.
 *
 * <p>Entry points may throw whatever the sink throws: the advice's exception handler catches it and counts
 * it in {@link AgentErrors}, so the application never sees it.
 */
public final class Custody {
    /** Access kind: bytes read from a buffer. */
    public static final int READ = 0;
    /** Access kind: bytes written to a buffer. */
    public static final int WRITE = 1;
    /** Access kind: the buffer's address was asked for. */
    public static final int ADDRESS = 2;

    private static volatile EventSink sink = NoSink.INSTANCE;
    private static volatile boolean tracking;

    private Custody() {}

    /**
     * Installs the sink that receives every later event.
     *
     * @param newSink the ledger (or a counting sink)
     * @throws NullPointerException if {@code newSink} is null
     */
    public static void install(EventSink newSink) {
        if (newSink == null) {
            throw new NullPointerException("newSink must not be null; pass NoSink.INSTANCE to stop tracking");
        }
        tracking = newSink.tracksOwnership();
        sink = newSink;
    }

    /**
     * Returns whether the installed sink wants every event ({@link EventSink#tracksOwnership()}). Advice other than
     * the allocator's allocate and free checks this first and skips the event, arguments and all, when it is false.
     *
     * @return false until a tracking sink is installed, and at {@code level=count}
     */
    public static boolean tracking() {
        return tracking;
    }

    /** Returns the installed sink. */
    public static EventSink sink() {
        return sink;
    }

    /** Forwards to {@link EventSink#deviceOpening}. */
    public static void deviceOpening() {
        sink.deviceOpening();
    }

    /** Forwards to {@link EventSink#deviceOpened}. */
    public static void deviceOpened(
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
        sink.deviceOpened(
                device,
                allocator,
                id,
                mesh,
                arch,
                dramCapacity,
                l1Capacity,
                l1SmallCapacity,
                traceCapacity,
                physicalIds);
    }

    /** Forwards to {@link EventSink#allocatorClosing}. */
    public static void allocatorClosing(Object allocator, int id, boolean mesh) {
        sink.allocatorClosing(allocator, id, mesh);
    }

    /** Forwards to {@link EventSink#allocatorAllocated}. */
    public static void allocatorAllocated(Object allocator, int type, long address, long size) {
        sink.allocatorAllocated(allocator, type, address, size);
    }

    /** Forwards to {@link EventSink#allocatorFailed}. */
    public static void allocatorFailed(Object allocator, int type, long size, Throwable error) {
        sink.allocatorFailed(allocator, type, size, error);
    }

    /** Forwards to {@link EventSink#allocatorFreeing}. */
    public static void allocatorFreeing(Object allocator, int type, long address) {
        sink.allocatorFreeing(allocator, type, address);
    }

    /** Forwards to {@link EventSink#bufferAllocated}. */
    public static void bufferAllocated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        sink.bufferAllocated(uid, allocator, deviceId, mesh, type, address, size);
    }

    /** Forwards to {@link EventSink#aliasCreated}. */
    public static void aliasCreated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        sink.aliasCreated(uid, allocator, deviceId, mesh, type, address, size);
    }

    /** Forwards to {@link EventSink#freeRequested}. */
    public static void freeRequested(
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
        sink.freeRequested(explicit, uid, rootUid, ownsData, status, allocator, deviceId, mesh, type, address, size);
    }

    /** Forwards to {@link EventSink#markedDeallocated}. */
    public static void markedDeallocated(long uid, boolean ownsData, int status, Object allocator, long address) {
        sink.markedDeallocated(uid, ownsData, status, allocator, address);
    }

    /** Forwards to {@link EventSink#bufferUsed}. */
    public static void bufferUsed(
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
        sink.bufferUsed(uid, rootUid, ownsData, status, allocator, deviceId, mesh, type, address, size, access);
    }

    /** Forwards to {@link EventSink#meshBufferCreating}. */
    public static void meshBufferCreating() {
        sink.meshBufferCreating();
    }

    /** Forwards to {@link EventSink#meshBufferCreated}. */
    public static void meshBufferCreated(
            Object meshBuffer,
            Object meshAllocator,
            int meshId,
            long backingUid,
            long[] localUids,
            int[] localDeviceIds,
            int type,
            long address,
            long size) {
        sink.meshBufferCreated(
                meshBuffer, meshAllocator, meshId, backingUid, localUids, localDeviceIds, type, address, size);
    }

    /** Forwards to {@link EventSink#meshBufferDeallocated(Object, long)}. */
    public static void meshBufferDeallocated(Object meshBuffer, long address) {
        sink.meshBufferDeallocated(meshBuffer, address);
    }

    /** Forwards to {@link EventSink#meshBufferClosed(Object, long)}. */
    public static void meshBufferClosed(Object meshBuffer, long address) {
        sink.meshBufferClosed(meshBuffer, address);
    }

    /** Forwards to {@link EventSink#meshBufferUsed(Object, long, boolean, int)}. */
    public static void meshBufferUsed(Object meshBuffer, long address, boolean allocated, int access) {
        sink.meshBufferUsed(meshBuffer, address, allocated, access);
    }

    /** Forwards to {@link EventSink#programBufferAdded}. */
    public static void programBufferAdded(long programId, long uid, long rootUid, Object allocator, long address) {
        sink.programBufferAdded(programId, uid, rootUid, allocator, address);
    }

    /** Forwards to {@link EventSink#programBuffersReleased}. */
    public static void programBuffersReleased(long programId) {
        sink.programBuffersReleased(programId);
    }

    /** Forwards to {@link EventSink#programClosed}. */
    public static void programClosed(long programId) {
        sink.programClosed(programId);
    }

    /** Forwards to {@link EventSink#circularBuffersAllocated}. */
    public static void circularBuffersAllocated(
            long programId, Object allocator, int deviceId, boolean mesh, long[] addresses, long[] sizes) {
        sink.circularBuffersAllocated(programId, allocator, deviceId, mesh, addresses, sizes);
    }

    /** Forwards to {@link EventSink#kernelBinaries}. */
    public static void kernelBinaries(boolean entering) {
        sink.kernelBinaries(entering);
    }

    /** Forwards to {@link EventSink#circularBufferRegionInvalid}. */
    public static void circularBufferRegionInvalid(
            long programId, Object allocator, int deviceId, boolean mesh, Throwable error) {
        sink.circularBufferRegionInvalid(programId, allocator, deviceId, mesh, error);
    }

    /** Forwards to {@link EventSink#programCacheCleared}. */
    public static void programCacheCleared(int deviceId, int entries) {
        sink.programCacheCleared(deviceId, entries);
    }

    /** Forwards to {@link EventSink#ruleAcquired}. */
    public static void ruleAcquired(Object resource, String type) {
        sink.ruleAcquired(resource, type);
    }

    /** Forwards to {@link EventSink#ruleReleased}. */
    public static void ruleReleased(Object resource, String type) {
        sink.ruleReleased(resource, type);
    }

    /** Forwards to {@link EventSink#checkLeaks}. */
    public static int checkLeaks() {
        return sink.checkLeaks();
    }
}
