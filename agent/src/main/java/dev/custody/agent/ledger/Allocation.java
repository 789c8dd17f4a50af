package dev.custody.agent.ledger;

import java.util.Comparator;
import java.util.List;

/**
 * The record of one block handed out by one allocator, keyed by (allocator identity, address), and the one object
 * that owns it: made from the block's row in its {@link BlockTable} when an alias, an externally owned mesh buffer, a
 * program pool, a finding or a report needs to hold on to the block (an owned mesh buffer names its backing by id; see
 * MeshRecord), and from then on the authority for its mutable fields. Mutated only by the thread that allocates or
 * frees it (the runtime serializes both per buffer), but for the link to the mesh buffer it backs, which a report on
 * any thread may set, always to that same mesh buffer.
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
    /** The rare fields, or null while none is set. */
    private Extras extras;

    static final ProgramRecord[] NO_PROGRAMS = {};

    /*
     * Design. Most blocks never get a record (BlockTable keeps them as rows); the records that exist are those of
     * blocks something holds on to. Stacks (stacks/paranoid levels only), the mesh link (mesh backings that a report
     * or a device's close resolved; see MeshRecord) and program pool links (pool members only) are rarer still: they
     * live in an Extras record created on first set, which keeps the common record at 64 bytes (compressed oops)
     * instead of 80.
     */
    private static final class Extras {
        Throwable allocStack;
        Throwable freeStack;
        MeshRecord mesh;
        ProgramRecord[] pools = NO_PROGRAMS;
    }

    private Extras extras() {
        Extras e = extras;
        if (e == null) {
            e = new Extras();
            extras = e;
        }
        return e;
    }

    /** Returns the stack of the allocation, or null when not sampled. */
    Throwable allocStack() {
        Extras e = extras;
        return e == null ? null : e.allocStack;
    }

    void allocStack(Throwable stack) {
        extras().allocStack = stack;
    }

    /** Returns the stack of the free, or null when not sampled or not freed. */
    Throwable freeStack() {
        Extras e = extras;
        return e == null ? null : e.freeStack;
    }

    void freeStack(Throwable stack) {
        extras().freeStack = stack;
    }

    /**
     * Returns the owned mesh buffer this block backs, or null: the one linked to this record ({@link
     * #mesh(MeshRecord)}), else the open mesh buffer whose backing this block is (found in the mesh index, not linked).
     */
    MeshRecord mesh() {
        Extras e = extras;
        if (e != null && e.mesh != null) {
            return e.mesh;
        }
        return allocator.mesh && ownerUid >= 0 ? allocator.meshes.findBacking(allocator, address, ownerUid) : null;
    }

    /** Links this record to the owned mesh buffer {@code mesh}, whose backing this block is. */
    void mesh(MeshRecord mesh) {
        extras().mesh = mesh;
    }

    /** Returns the programs whose pools hold the owner, never null. */
    ProgramRecord[] pools() {
        Extras e = extras;
        return e == null ? NO_PROGRAMS : e.pools;
    }

    void pools(ProgramRecord[] pools) {
        extras().pools = pools;
    }

    Allocation(AllocatorState allocator, long address, int type, long size) {
        this.allocator = allocator;
        this.address = address;
        this.type = type;
        this.size = size;
    }

    String owner() {
        return ownerUid < 0 ? "allocation" : "Buffer#" + ownerUid;
    }

    /**
     * Sorts {@code blocks} by address, the order reports list blocks in. A list of fewer than two blocks is left
     * alone: a clean run's exit sorts only empty lists, and List.sort would load TimSort and the comparator for
     * nothing.
     */
    static void sortByAddress(List<Allocation> blocks) {
        if (blocks.size() > 1) {
            blocks.sort(ByAddress.INSTANCE);
        }
    }

    // A class, not Comparator.comparingLong(lambda): a lambda spun at exit costs about a millisecond of the
    // application's wall time, still interpreted. Loaded on the first sort, not with Allocation.
    private static final class ByAddress implements Comparator<Allocation> {
        static final ByAddress INSTANCE = new ByAddress();

        @Override
        public int compare(Allocation a, Allocation b) {
            return Long.compare(a.address, b.address);
        }
    }
}
