package dev.custody.agent.ledger;

/**
 * A MeshBuffer: its backing allocation (if owned, by the backing buffer's unique id) and its device-local aliases,
 * whose unique ids it holds in one array.
 */
final class MeshRecord {
    /*
     * Design. One record per mesh buffer, whatever the mesh's size: the device-local buffers are not entries of
     * their own anywhere, they are found through the record (MeshIndex, by address, then localUids). The record
     * keeps the MeshBuffer itself rather than its identity hash: the advice finds the record by address and
     * reference, and the hash (the "MeshBuffer@hex" of the reports) is computed only when a report needs it,
     * because the first identityHashCode of an object is a call into the VM that cost more than the rest of the
     * create event.
     *
     * An owned mesh buffer names its backing by the backing buffer's unique id, not by the block's Allocation record:
     * making that record (and the link from it back to this one) cost about a quarter of the ledger's work per mesh
     * lifecycle, and nothing on the common path reads it. Whether the backing is live is the owner in its allocator's
     * live row; the record is made when a report needs it (Ledger#target), and the block finds this record through
     * the index (Allocation#mesh) while the mesh buffer is open. Once closed, a mesh buffer is named only by the
     * records that were linked to it before: those a report resolved, and those its device's close retired.
     */
    final Object meshBuffer;
    final AllocatorState allocator;
    /**
     * For an externally owned mesh buffer, the record of the block it sits on, if any (found at its creation). For an
     * owned one, its backing's record once something asked for it (Ledger#target), else null: the common lifecycle
     * makes none, and checks the backing's liveness by the owner in its allocator's row.
     */
    Allocation target;

    final boolean owned;
    /** The backing buffer's unique id when owned, else -1. */
    final long backingUid;

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
            long backingUid,
            long[] localUids,
            int[] localDeviceIds,
            long address,
            long size,
            int type,
            int createSite) {
        this.meshBuffer = meshBuffer;
        this.allocator = allocator;
        this.target = target;
        this.owned = backingUid >= 0;
        this.backingUid = backingUid;
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
