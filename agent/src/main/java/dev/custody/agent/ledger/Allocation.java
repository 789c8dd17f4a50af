package dev.custody.agent.ledger;

/**
 * One block handed out by one allocator, keyed by (allocator identity, address), and the one object that
 * owns it. Mutated only by the thread that allocates or frees it (the runtime serializes both per buffer).
 */
final class Allocation {
    static final int LIVE = 0;
    static final int FREED = 1;
    static final int RETIRED = 2;

    final AllocatorState allocator;
    final long address;
    final int type;
    long size;
    /** The owning Buffer's unique id, or -1 while no Buffer has claimed the block. */
    long ownerUid = -1;
    /** Allocated while a device was opening: the device's own memory, freed by its close. */
    boolean system;
    /** markAsDeallocated was called on the owner while the block was live: it will never be freed. */
    boolean marked;
    /** Already reported as a leak (at an explicit check), so not again. */
    boolean reported;
    /** A use after free or double free was reported on this block: later uses are the same bug. */
    volatile boolean flagged;

    int state = LIVE;
    int allocSite;
    int freeSite;
    Throwable allocStack;
    Throwable freeStack;
    /** Set when this is the backing allocation of a mesh buffer. */
    MeshRecord mesh;
    /** Programs whose pools hold the owner. */
    ProgramRecord[] pools = NO_PROGRAMS;

    static final ProgramRecord[] NO_PROGRAMS = {};

    Allocation(AllocatorState allocator, long address, int type, long size) {
        this.allocator = allocator;
        this.address = address;
        this.type = type;
        this.size = size;
    }

    String owner() {
        return ownerUid < 0 ? "allocation" : "Buffer#" + ownerUid;
    }
}
