package dev.custody.agent.ledger;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's view of one allocator instance: its live blocks by address and, per address, the block freed
 * last (the tombstone that names the first free of a double free or the freed owner of a stale alias).
 *
 * <p>Both tables and the allocation and free counts change only under this state's sequence lock, in the
 * methods below; the primitive lookups ({@link #liveOwner(long)}, {@link #freedOwner(long)}) take no lock unless a
 * write overlapped them. Making a block's {@link Allocation} record ({@link #live(long)}, {@link #freed(long)}, the
 * lists) writes to the table and takes the lock.
 */
final class AllocatorState extends SeqLock {
    /*
     * Design. An allocation is one locked insert of a primitive row and a free one locked move of that row from the
     * live table to the tombstones: one CAS each, and the counts are plain fields bumped inside the same critical
     * section (no LongAdder, whose increment is another CAS). No object is made for a block that nobody asks about
     * (BlockTable's design note says why). Everything else on the hot path is an optimistic read.
     */
    /** What {@link #liveOwner} and {@link #freedOwner} return when no block is recorded at the address. */
    static final long ABSENT = Long.MIN_VALUE;

    final Object allocator;
    /** The ledger this state belongs to. */
    final Object ledger;

    volatile int deviceId;
    volatile boolean mesh;
    private final BlockTable live = new BlockTable();
    /** Per address, the block freed there last (kept until another block is freed at that address). */
    private final BlockTable freed = new BlockTable();

    private long allocations;
    private long frees;
    /** Blocks still live when the device closed, by address: findings once released later, or at exit. */
    final ConcurrentHashMap<Long, Allocation> closedLive = new ConcurrentHashMap<>();
    /** For a physical device of a mesh: the mesh's allocator state. */
    volatile AllocatorState meshParent;

    volatile int[] physicalIds;
    volatile boolean known;
    volatile boolean closed;
    volatile int closeSite;

    AllocatorState(Object ledger, Object allocator, int deviceId, boolean mesh) {
        this.ledger = ledger;
        this.allocator = allocator;
        this.deviceId = deviceId;
        this.mesh = mesh;
    }

    /** Returns the owner uid of the live block at {@code address} (-1 if unclaimed), or {@link #ABSENT}. */
    long liveOwner(long address) {
        return owner(live, address);
    }

    /** Returns the owner uid of the block freed last at {@code address} (-1 if unclaimed), or {@link #ABSENT}. */
    long freedOwner(long address) {
        return owner(freed, address);
    }

    private long owner(BlockTable table, long address) {
        int stamp = readStamp();
        long owner = table.owner(address, ABSENT);
        if (valid(stamp)) {
            return owner;
        }
        lock();
        try {
            return table.owner(address, ABSENT);
        } finally {
            unlock();
        }
    }

    /** Returns the record of the live block at {@code address} (made on first request), or null. */
    Allocation live(long address) {
        lock();
        try {
            return live.record(address, this, Allocation.LIVE);
        } finally {
            unlock();
        }
    }

    /** Returns the record of the block freed last at {@code address} (made on first request), or null. */
    Allocation freed(long address) {
        lock();
        try {
            return freed.record(address, this, Allocation.FREED);
        } finally {
            unlock();
        }
    }

    /** Returns the record of the block freed last at {@code address} if one was ever made, else null. */
    Allocation freedIfRecorded(long address) {
        lock();
        try {
            int slot = freed.find(address);
            return slot == BlockTable.NONE ? null : freed.recordAt(slot);
        } finally {
            unlock();
        }
    }

    /**
     * Records a new live block (replacing whatever the table held at its address) and counts the allocation.
     *
     * @param owner the owning buffer's uid, or -1 until one claims the block ({@link #claim})
     * @throws IllegalArgumentException if size or type is beyond what a row holds ({@link BlockTable#put})
     */
    void allocated(long address, long owner, long size, int type, boolean system, int site) {
        lock();
        try {
            live.put(address, owner, size, type, system, site, 0);
            allocations++;
        } finally {
            unlock();
        }
    }

    /**
     * Gives the live block at {@code address} its owner and size.
     *
     * @return whether a block is live there
     */
    boolean claim(long address, long owner, long size) {
        lock();
        try {
            return live.claim(address, owner, size);
        } finally {
            unlock();
        }
    }

    /**
     * Moves the live block at {@code address} to the tombstones and counts the free, with its free site (and its
     * record's state, if it has one) set before any reader can see it there.
     *
     * @return the freed block's owner uid (-1 if unclaimed), or {@link #ABSENT} when no block is live at
     *     {@code address}
     */
    long free(long address, int site) {
        lock();
        try {
            int slot = live.moveTo(address, freed, site);
            if (slot == BlockTable.NONE) {
                return ABSENT;
            }
            Allocation a = freed.recordAt(slot);
            if (a != null) {
                a.state = Allocation.FREED;
                a.freeSite = site;
            }
            frees++;
            return freed.ownerAt(slot);
        } finally {
            unlock();
        }
    }

    /** Returns the records of the live blocks (made where missing). */
    List<Allocation> liveBlocks() {
        lock();
        try {
            return live.records(this, Allocation.LIVE);
        } finally {
            unlock();
        }
    }

    /**
     * Adds each live block's size to {@code bytesByType[type]} (types beyond the array to its last element) and
     * returns the number of live blocks, without making records.
     */
    int liveSizes(long[] bytesByType) {
        lock();
        try {
            return live.sumSizes(bytesByType);
        } finally {
            unlock();
        }
    }

    /** Empties both tables (the device closed) and returns the records of the blocks that were live. */
    List<Allocation> retireAll() {
        lock();
        try {
            List<Allocation> was = live.records(this, Allocation.LIVE);
            live.clear();
            freed.clear();
            return was;
        } finally {
            unlock();
        }
    }

    /** Returns {allocations, frees} counted so far. */
    long[] counts() {
        lock();
        try {
            return new long[] {allocations, frees};
        } finally {
            unlock();
        }
    }

    String device() {
        return (mesh ? "mesh " : "device ") + deviceId;
    }

    boolean partOfMesh() {
        return mesh || meshParent != null;
    }

    String label() {
        return "allocator of " + device();
    }
}
