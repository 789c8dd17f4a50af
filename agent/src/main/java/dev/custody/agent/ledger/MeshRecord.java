package dev.custody.agent.ledger;

/**
 * A MeshBuffer: its backing allocation (if owned) and its device-local aliases, whose unique ids it holds in one
 * array.
 */
final class MeshRecord {
    /*
     * Design. One record per mesh buffer, whatever the mesh's size: the device-local buffers are not entries of
     * their own anywhere, they are found through the record (MeshIndex, by address, then localUids). The record
     * keeps the MeshBuffer itself rather than its identity hash: the advice finds the record by address and
     * reference, and the hash (the "MeshBuffer@hex" of the reports) is computed only when a report needs it,
     * because the first identityHashCode of an object is a call into the VM that cost more than the rest of the
     * create event. Holding the reference keeps a closed mesh buffer reachable as long as its backing block's
     * tombstone is (until another block is freed at that address), which is what lets a later report name it.
     */
    final Object meshBuffer;
    final AllocatorState allocator;
    /** The backing allocation when owned; for an externally owned mesh buffer, the block it sits on, if any. */
    final Allocation target;

    final boolean owned;
    final long[] localUids;
    final int[] localDeviceIds;
    final long address;
    final long size;
    final int type;
    final int createSite;
    // Plain, not volatile: written once by the deallocating thread on every mesh buffer's hot path, where a volatile
    // store's fence cost as much as a CAS; a reader on another thread at worst sees the deallocation late.
    boolean deallocated;
    int deallocSite;

    MeshRecord(
            Object meshBuffer,
            AllocatorState allocator,
            Allocation target,
            boolean owned,
            long[] localUids,
            int[] localDeviceIds,
            long address,
            long size,
            int type,
            int createSite) {
        this.meshBuffer = meshBuffer;
        this.allocator = allocator;
        this.target = target;
        this.owned = owned;
        this.localUids = localUids;
        this.localDeviceIds = localDeviceIds;
        this.address = address;
        this.size = size;
        this.type = type;
        this.createSite = createSite;
    }

    /** Returns whether {@code uid} is one of this mesh buffer's device-local buffers. */
    boolean hasLocal(long uid) {
        for (long local : localUids) {
            if (local == uid) {
                return true;
            }
        }
        return false;
    }

    /** The mesh buffer's identity hash. */
    int identity() {
        return System.identityHashCode(meshBuffer);
    }

    String label() {
        return "MeshBuffer@" + Integer.toHexString(identity());
    }
}
