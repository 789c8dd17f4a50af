package dev.custody.agent.bootstrap;

/**
 * The static entry points inlined advice calls. Each forwards to the installed {@link EventSink}; until
 * one is installed (and at {@code level=off}) the sink does nothing.
 *
 * <p>The sink is installed once, before the first event: the first event fixes it for the life of the JVM (see
 * {@link #install}).
 *
 * <p>Entry points may throw whatever the sink throws: the advice's exception handler catches it and counts
 * it in {@link AgentErrors}, so the application never sees it.
 */
public final class Custody {
    /*
     * Design. The entry points read the sink from a static final field of a holder class initialized by the first
     * event, so the JIT treats it as a constant: the call is direct (and inlined), tracking() folds to a constant
     * that removes skipped advice altogether, and no volatile read sits on the hot path. A volatile read there cost
     * more than counting itself at level=count: it is an acquire barrier, and between the runtime's synchronized
     * methods on one buffer it kept the JIT from merging their lock operations. The agent installs its sink before
     * it transforms any class (and before it retransforms on attach), so the first event always sees it.
     */

    /** Access kind: bytes read from a buffer. */
    public static final int READ = 0;
    /** Access kind: bytes written to a buffer. */
    public static final int WRITE = 1;
    /** Access kind: the buffer's address was asked for. */
    public static final int ADDRESS = 2;

    private static volatile EventSink installed = NoSink.INSTANCE;
    /** Set once the first event fixed the sink; installing later would be silently ignored, so it throws. */
    private static volatile boolean fixed;

    private Custody() {}

    /**
     * Installs the sink that receives every event. Call it before anything can fire an event (the agent does so
     * before it transforms a class).
     *
     * @param newSink the ledger (or a counting sink)
     * @throws NullPointerException if {@code newSink} is null
     * @throws IllegalStateException if an event already fixed the sink
     */
    public static void install(EventSink newSink) {
        if (newSink == null) {
            throw new NullPointerException("newSink must not be null; pass NoSink.INSTANCE to stop tracking");
        }
        if (fixed) {
            throw new IllegalStateException("custody: an event already fixed the sink (" + Active.SINK
                    + "); install the sink before transforming any class");
        }
        installed = newSink;
    }

    /**
     * Returns whether the sink wants every event ({@link EventSink#tracksOwnership()}). Advice other than the
     * allocator's allocate and free checks this first and skips the event, arguments and all, when it is false.
     *
     * @return whether the sink tracks ownership; a constant once the first event fixed the sink
     */
    public static boolean tracking() {
        return Active.TRACKING;
    }

    /** Returns the installed sink (once an event fixed it, the sink events go to). */
    public static EventSink sink() {
        return fixed ? Active.SINK : installed;
    }

    /** The sink events go to, fixed by the first event. */
    private static final class Active {
        static final EventSink SINK = fix();
        static final boolean TRACKING = SINK.tracksOwnership();

        private Active() {}

        private static EventSink fix() {
            fixed = true;
            return installed;
        }
    }

    /** Forwards to {@link EventSink#deviceOpening}. */
    public static void deviceOpening() {
        Active.SINK.deviceOpening();
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
        Active.SINK.deviceOpened(
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
        Active.SINK.allocatorClosing(allocator, id, mesh);
    }

    /** Forwards to {@link EventSink#allocatorCreated}. */
    public static void allocatorCreated(Object allocator, Object lock) {
        Active.SINK.allocatorCreated(allocator, lock);
    }

    /** Forwards to {@link EventSink#bufferAllocating}. */
    public static void bufferAllocating(long uid, long size, int deviceId, boolean mesh) {
        Active.SINK.bufferAllocating(uid, size, deviceId, mesh);
    }

    /**
     * Forwards to {@link EventSink#allocatorAllocated}. Called by code the agent inserts into
     * {@code Allocator.allocateBuffer}, inside its critical section, right after the bank manager handed out
     * {@code address} (not by advice, whose exception handler would sit outside): so it never throws, and counts
     * what the sink threw.
     *
     * @param address the address handed out
     * @param allocator the allocator
     * @param type the buffer type (its ordinal is the event's type)
     * @param size the aligned size asked for
     */
    public static void allocatorAllocated(long address, Object allocator, Enum<?> type, long size) {
        try {
            Active.SINK.allocatorAllocated(allocator, type.ordinal(), address, size);
        } catch (Throwable t) {
            AgentErrors.record(t);
        }
    }

    /** Forwards to {@link EventSink#allocatorFailed}. */
    public static void allocatorFailed(Object allocator, int type, long size, Throwable error) {
        Active.SINK.allocatorFailed(allocator, type, size, error);
    }

    /**
     * Forwards to {@link EventSink#allocatorFreeing}. Called by code the agent inserts into
     * {@code Allocator.deallocateBuffer}, inside its critical section, right before the bank manager frees
     * {@code address}: so it never throws, and counts what the sink threw.
     *
     * @param allocator the allocator
     * @param type the buffer type (its ordinal is the event's type)
     * @param address the address about to be freed
     */
    public static void allocatorFreeing(Object allocator, Enum<?> type, long address) {
        try {
            Active.SINK.allocatorFreeing(allocator, type.ordinal(), address);
        } catch (Throwable t) {
            AgentErrors.record(t);
        }
    }

    /** Forwards to {@link EventSink#bufferAllocated}. */
    public static void bufferAllocated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        Active.SINK.bufferAllocated(uid, allocator, deviceId, mesh, type, address, size);
    }

    /** Forwards to {@link EventSink#aliasCreated}. */
    public static void aliasCreated(
            long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size) {
        Active.SINK.aliasCreated(uid, allocator, deviceId, mesh, type, address, size);
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
        Active.SINK.freeRequested(
                explicit, uid, rootUid, ownsData, status, allocator, deviceId, mesh, type, address, size);
    }

    /** Forwards to {@link EventSink#markedDeallocated}. */
    public static void markedDeallocated(long uid, boolean ownsData, int status, Object allocator, long address) {
        Active.SINK.markedDeallocated(uid, ownsData, status, allocator, address);
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
        Active.SINK.bufferUsed(uid, rootUid, ownsData, status, allocator, deviceId, mesh, type, address, size, access);
    }

    /** Forwards to {@link EventSink#meshBufferCreating}. */
    public static void meshBufferCreating() {
        Active.SINK.meshBufferCreating();
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
        Active.SINK.meshBufferCreated(
                meshBuffer, meshAllocator, meshId, backingUid, localUids, localDeviceIds, type, address, size);
    }

    /** Forwards to {@link EventSink#meshBufferDeallocated(Object, long)}. */
    public static void meshBufferDeallocated(Object meshBuffer, long address) {
        Active.SINK.meshBufferDeallocated(meshBuffer, address);
    }

    /** Forwards to {@link EventSink#meshBufferClosed(Object, long)}. */
    public static void meshBufferClosed(Object meshBuffer, long address) {
        Active.SINK.meshBufferClosed(meshBuffer, address);
    }

    /** Forwards to {@link EventSink#meshBufferUsed(Object, long, boolean, int)}. */
    public static void meshBufferUsed(Object meshBuffer, long address, boolean allocated, int access) {
        Active.SINK.meshBufferUsed(meshBuffer, address, allocated, access);
    }

    /** Forwards to {@link EventSink#programBufferAdded}. */
    public static void programBufferAdded(long programId, long uid, long rootUid, Object allocator, long address) {
        Active.SINK.programBufferAdded(programId, uid, rootUid, allocator, address);
    }

    /** Forwards to {@link EventSink#programBuffersReleased}. */
    public static void programBuffersReleased(long programId) {
        Active.SINK.programBuffersReleased(programId);
    }

    /** Forwards to {@link EventSink#programClosed}. */
    public static void programClosed(long programId) {
        Active.SINK.programClosed(programId);
    }

    /** Forwards to {@link EventSink#circularBuffersAllocated}. */
    public static void circularBuffersAllocated(
            long programId, Object allocator, int deviceId, boolean mesh, long[] addresses, long[] sizes) {
        Active.SINK.circularBuffersAllocated(programId, allocator, deviceId, mesh, addresses, sizes);
    }

    /** Forwards to {@link EventSink#kernelBinaries}. */
    public static void kernelBinaries(boolean entering) {
        Active.SINK.kernelBinaries(entering);
    }

    /** Forwards to {@link EventSink#circularBufferRegionInvalid}. */
    public static void circularBufferRegionInvalid(
            long programId, Object allocator, int deviceId, boolean mesh, Throwable error) {
        Active.SINK.circularBufferRegionInvalid(programId, allocator, deviceId, mesh, error);
    }

    /** Forwards to {@link EventSink#programCacheCleared}. */
    public static void programCacheCleared(int deviceId, int entries) {
        Active.SINK.programCacheCleared(deviceId, entries);
    }

    /** Forwards to {@link EventSink#ruleAcquired}. */
    public static void ruleAcquired(Object resource, String type) {
        Active.SINK.ruleAcquired(resource, type);
    }

    /**
     * Forwards to {@link EventSink#ruleReleased}, and notes that this thread is inside {@code resource}'s release until
     * {@link #ruleReleaseEnded}: a {@code use} method the release calls itself (a close that flushes) is not a use
     * after release.
     *
     * @return the resource whose release this thread was in before, to hand to {@link #ruleReleaseEnded}
     */
    public static Object ruleReleased(Object resource, String type) {
        ThreadContext c = ThreadContext.current();
        Object previous = c.releasing;
        c.releasing = resource;
        Active.SINK.ruleReleased(resource, type);
        return previous;
    }

    /**
     * A release method returned or threw.
     *
     * @param previous what {@link #ruleReleased} returned
     */
    public static void ruleReleaseEnded(Object previous) {
        ThreadContext.current().releasing = previous;
    }

    /** Forwards to {@link EventSink#ruleUsed}. */
    public static void ruleUsed(Object resource, String type, String method) {
        Active.SINK.ruleUsed(resource, type, method);
    }

    /** Forwards to {@link EventSink#checkLeaks}. */
    public static int checkLeaks() {
        return Active.SINK.checkLeaks();
    }
}
