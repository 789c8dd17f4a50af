package dev.custody.agent.bootstrap;

/**
 * The events advice reports, in JDK types only. The ledger implements it; {@link Custody} forwards to the
 * installed sink. Object identities ({@code allocator}, {@code device}, {@code meshBuffer}) are compared by
 * reference, never by equals. Buffer types are {@code BufferType} ordinals; {@code status} is the ordinal
 * of {@code Buffer.AllocationStatus} (0 requested, 1 allocated, 2 deallocated); {@code access} is one of
 * {@link Custody#READ}, {@link Custody#WRITE}, {@link Custody#ADDRESS}.
 *
 * <p>Implementations may throw: advice suppresses and counts whatever escapes.
 */
public interface EventSink {
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

    /** Allocator.allocateBuffer returned {@code address}. */
    void allocatorAllocated(Object allocator, int type, long address, long size);

    /** Allocator.allocateBuffer threw (out of memory or bad input). */
    void allocatorFailed(Object allocator, int type, long size, Throwable error);

    /** Allocator.deallocateBuffer is about to free {@code address}. */
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
     * @param localUids unique ids of the device-local buffers
     * @param localDeviceIds the physical device id of each device-local buffer
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

    /** MeshBuffer.close returned. */
    void meshBufferClosed(Object meshBuffer);

    /** A mesh buffer was read or written. */
    void meshBufferUsed(Object meshBuffer, boolean allocated, int access);

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

    /**
     * Reports leaks now (an explicit check).
     *
     * @return the number of live tracked objects reported
     */
    int checkLeaks();
}
