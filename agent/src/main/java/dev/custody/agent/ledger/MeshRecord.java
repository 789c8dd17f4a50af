package dev.custody.agent.ledger;

/** A MeshBuffer: its backing allocation (if owned) and its device-local aliases. */
final class MeshRecord {
    final int identity;
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
    volatile boolean deallocated;
    volatile int deallocSite;

    MeshRecord(
            int identity,
            AllocatorState allocator,
            Allocation target,
            boolean owned,
            long[] localUids,
            int[] localDeviceIds,
            long address,
            long size,
            int type,
            int createSite) {
        this.identity = identity;
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

    String label() {
        return "MeshBuffer@" + Integer.toHexString(identity);
    }
}
