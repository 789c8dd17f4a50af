package dev.custody.agent.bootstrap;

/**
 * The events advice reports, in JDK types only. The ledger implements it; {@link Custody} forwards to the
 * installed sink. Object identities ({@code allocator}, {@code device}, {@code meshBuffer}) are compared by
 * reference, never by equals. Buffer types are {@code BufferType} ordinals; {@code status} is the ordinal
 * of {@code Buffer.AllocationStatus} (0 requested, 1 allocated, 2 deallocated); {@code access} is one of
 * {@link Custody#READ}, {@link Custody#WRITE}, {@link Custody#ADDRESS}.
 *
 * <p>Implementations may throw: advice, and the {@link Custody} methods that the code the agent inserts inside the
 * allocator's critical section calls, suppress and count whatever escapes.
 */
public interface EventSink {
    /**
     * Whether the sink wants every event. A sink that does not (the counting sink of {@code level=count}) gets
     * {@link #allocatorAllocated} and {@link #allocatorFreeing} only: advice skips the other events without
     * computing their arguments, so counting costs no more than the count.
     *
     * @return true unless the sink ignores everything but the allocator's allocate and free
     */
    default boolean tracksOwnership() {
        return true;
    }

    /** Device.open / MeshDevice.create entered: what is allocated until {@link #deviceOpened} is the device's own. */
    void deviceOpening();

    /**
     * A Device or MeshDevice finished opening (or failed: then {@code device} is null).
     *
     * @param physicalIds for a mesh, the ids of its physical devices; else null
     */
    void deviceOpened(
            Object device,
            Object allocator,
            int id,
            boolean mesh,
            String arch,
            long dramCapacity,
            long l1Capacity,
            long l1SmallCapacity,
            long traceCapacity,
            int[] physicalIds);

    /**
     * Allocator.deallocateBuffers entered: the device (or mesh device) closes and frees what is left without
     * per-buffer frees. {@code id} is -1 when only the allocator is known.
     */
    void allocatorClosing(Object allocator, int id, boolean mesh);

    /**
     * An Allocator was constructed (its constructor returned); {@code lock} is the monitor its every method holds, so
     * also the one its {@link #allocatorAllocated} and {@link #allocatorFreeing} events arrive under.
     */
    void allocatorCreated(Object allocator, Object lock);

    /**
     * An owning Buffer is about to ask its allocator for its block (Buffer.allocateImpl entered): the allocator event
     * that follows on this thread is that buffer's. A sink that records the block completely from the two events
     * marks the thread's context ({@link ThreadContext#recordedUid}); the buffer's {@link #bufferAllocated} is then
     * not sent.
     */
    void bufferAllocating(long uid, long size, int deviceId, boolean mesh);

    /**
     * Allocator.allocateBuffer's bank manager handed out {@code address}: delivered inside the allocator's critical
     * section, so while its thread holds the allocator's lock.
     */
    void allocatorAllocated(Object allocator, int type, long address, long size);

    /** Allocator.allocateBuffer threw (out of memory or bad input). */
    void allocatorFailed(Object allocator, int type, long size, Throwable error);

    /**
     * Allocator.deallocateBuffer's bank manager is about to free {@code address}: delivered inside the allocator's
     * critical section, so while its thread holds the allocator's lock.
     */
    void allocatorFreeing(Object allocator, int type, long address);

    /** An owning Buffer received its allocation (Buffer.allocateImpl returned). */
    void bufferAllocated(long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size);

    /** A non-owning Buffer was created at an address (Buffer.createAt returned). */
    void aliasCreated(long uid, Object allocator, int deviceId, boolean mesh, int type, long address, long size);

    /**
     * Buffer.deallocate entered: explicitly (the application's DeallocateBuffer) or from the destructor, which
     * reports only when the buffer's device is already closed.
     */
    void freeRequested(
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
            long size);

    /** Buffer.markAsDeallocated entered. */
    void markedDeallocated(long uid, boolean ownsData, int status, Object allocator, long address);

    /** A buffer that is not an allocated owning buffer was read, written or asked for its address. */
    void bufferUsed(
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
            int access);

    /** MeshBuffer.create entered: allocations until {@link #meshBufferCreated} belong to the mesh buffer. */
    void meshBufferCreating();

    /**
     * MeshBuffer.create returned (or threw: then {@code meshBuffer} is null).
     *
     * @param backingUid the owning backing buffer's unique id, or -1 when externally owned
     * @param localUids unique ids of the device-local buffers; handed over: the sink may keep the array, the
     *     caller never touches it again
     * @param localDeviceIds the physical device id of each device-local buffer; handed over like {@code localUids}
     */
    void meshBufferCreated(
            Object meshBuffer,
            Object meshAllocator,
            int meshId,
            long backingUid,
            long[] localUids,
            int[] localDeviceIds,
            int type,
            long address,
            long size);

    /** MeshBuffer.deallocate returned. */
    void meshBufferDeallocated(Object meshBuffer);

    /**
     * MeshBuffer.deallocate returned; {@code address} is the mesh buffer's, so a sink can find it without hashing
     * its identity. What advice calls; by default {@link #meshBufferDeallocated(Object)}.
     */
    default void meshBufferDeallocated(Object meshBuffer, long address) {
        meshBufferDeallocated(meshBuffer);
    }

    /** MeshBuffer.close returned. */
    void meshBufferClosed(Object meshBuffer);

    /**
     * MeshBuffer.close returned; {@code address} is the mesh buffer's. What advice calls; by default {@link
     * #meshBufferClosed(Object)}.
     */
    default void meshBufferClosed(Object meshBuffer, long address) {
        meshBufferClosed(meshBuffer);
    }

    /** A mesh buffer was read or written. */
    void meshBufferUsed(Object meshBuffer, boolean allocated, int access);

    /**
     * A mesh buffer at {@code address} was read or written. What advice calls; by default {@link
     * #meshBufferUsed(Object, boolean, int)}.
     */
    default void meshBufferUsed(Object meshBuffer, long address, boolean allocated, int access) {
        meshBufferUsed(meshBuffer, allocated, access);
    }

    /** Program.addBuffer returned. */
    void programBufferAdded(long programId, long uid, long rootUid, Object allocator, long address);

    /** Program.releaseBuffers entered. */
    void programBuffersReleased(long programId);

    /** Program.close entered. */
    void programClosed(long programId);

    /** Program.allocateCircularBuffers returned for a device: the static CBs' addresses and sizes. */
    void circularBuffersAllocated(
            long programId, Object allocator, int deviceId, boolean mesh, long[] addresses, long[] sizes);

    /** Kernel binaries are being loaded (true) or done (false): their buffers are kernel-binary memory. */
    void kernelBinaries(boolean entering);

    /** Program.validateCircularBufferRegion threw. */
    void circularBufferRegionInvalid(long programId, Object allocator, int deviceId, boolean mesh, Throwable error);

    /** ProgramCache.clear / disableAndClear entered. */
    void programCacheCleared(int deviceId, int entries);

    /** A rules-file acquire returned {@code resource}. */
    void ruleAcquired(Object resource, String type);

    /** A rules-file release was entered on {@code resource}. */
    void ruleReleased(Object resource, String type);

    /** Method {@code method} of {@code type}, named by a rules file's {@code use} rule, was entered on {@code resource}. */
    void ruleUsed(Object resource, String type, String method);

    /**
     * Reports leaks now (an explicit check).
     *
     * @return the number of live tracked objects reported
     */
    int checkLeaks();
}
