package dev.custody.agent.ledger;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's view of one allocator instance: its live blocks by address and, per address, the block freed
 * last (the tombstone that names the first free of a double free or the freed owner of a stale alias).
 *
 * <p>Both tables and the allocation and free counts change only while holding this state's {@link #guard}, in the
 * methods below, which bump the sequence counter around each change; the primitive lookups ({@link #liveOwner(long)}, {@link #freedOwner(long)}) take no lock unless a
 * write overlapped them. Making a block's {@link Allocation} record ({@link #live(long)}, {@link #freed(long)}, the
 * lists) writes to the table and takes the lock.
 */
final class AllocatorState extends SeqLock {
    /*
     * Design. An allocation is one insert of a primitive row and a free one move of that row from the live table to
     * the tombstones. The port's allocator delivers both events inside its own critical section, so they write
     * holding its lock without a lock operation of ours (no CAS, no monitor; a monitor re-entered still costs a
     * failed CAS on JDK 17), and every other writer takes that lock; the counts are plain fields bumped inside the
     * same write (no LongAdder, whose increment is a CAS). No object is made for a block that nobody asks about
     * (BlockTable's design note says why). Everything else on the hot path is an optimistic read.
     */
    /** What {@link #liveOwner} and {@link #freedOwner} return when no block is recorded at the address. */
    static final long ABSENT = Long.MIN_VALUE;

    final Object allocator;
    /**
     * The monitor that serializes every write to this state: the runtime's own lock of the allocator where the ledger
     * knows it (named by the allocator's creation event, {@link Ledger#allocatorCreated}), else the allocator object
     * itself.
     */
    final Object guard;
    /**
     * Whether the allocator's own allocate and free events arrive while their thread holds {@link #guard} (the
     * runtime's lock): they then write without any lock operation, and everything else takes the guard.
     */
    final boolean eventsHoldGuard;
    /** The ledger this state belongs to. */
    final Object ledger;
    /** The ledger's live mesh buffers, where a block finds the mesh buffer it backs ({@link Allocation#mesh()}). */
    final MeshIndex meshes;

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

    /**
     * Creates the state of {@code allocator}.
     *
     * @param meshes the ledger's live mesh buffers
     * @param runtimeLock the lock the allocator's allocate and free events arrive under, or null if none
     */
    AllocatorState(Object ledger, MeshIndex meshes, Object allocator, Object runtimeLock, int deviceId, boolean mesh) {
        this.ledger = ledger;
        this.meshes = meshes;
        this.allocator = allocator;
        this.guard = runtimeLock != null ? runtimeLock : allocator;
        this.eventsHoldGuard = runtimeLock != null;
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
        synchronized (guard) {
            return table.owner(address, ABSENT);
        }
    }

    /** Returns the record of the live block at {@code address} (made on first request), or null. */
    Allocation live(long address) {
        synchronized (guard) {
            beginWrite();
            try {
                return live.record(address, this, Allocation.LIVE);
            } finally {
                endWrite();
            }
        }
    }

    /** Returns the record of the block freed last at {@code address} (made on first request), or null. */
    Allocation freed(long address) {
        synchronized (guard) {
            beginWrite();
            try {
                return freed.record(address, this, Allocation.FREED);
            } finally {
                endWrite();
            }
        }
    }

    /** Returns the record of the block freed last at {@code address} if one was ever made, else null. */
    Allocation freedIfRecorded(long address) {
        synchronized (guard) {
            int slot = freed.find(address);
            return slot == BlockTable.NONE ? null : freed.recordAt(slot);
        }
    }

    /**
     * Records a new live block (replacing whatever the table held at its address) and counts the allocation.
     *
     * @param owner the owning buffer's uid, or -1 until one claims the block ({@link #claim})
     * @param byEvent true when called by the allocator's own allocate event (holding the guard if {@link
     *     #eventsHoldGuard}), false from anywhere else
     * @throws IllegalArgumentException if size or type is beyond what a row holds ({@link BlockTable#put})
     */
    void allocated(long address, long owner, long size, int type, boolean system, int site, boolean byEvent) {
        if (byEvent && eventsHoldGuard) {
            put(address, owner, size, type, system, site);
        } else {
            synchronized (guard) {
                put(address, owner, size, type, system, site);
            }
        }
    }

    private void put(long address, long owner, long size, int type, boolean system, int site) {
        beginWrite();
        try {
            live.put(address, owner, size, type, system, site, 0);
            allocations++;
        } finally {
            endWrite();
        }
    }

    /**
     * Gives the live block at {@code address} its owner and size.
     *
     * @return whether a block is live there
     */
    boolean claim(long address, long owner, long size) {
        synchronized (guard) {
            beginWrite();
            try {
                return live.claim(address, owner, size);
            } finally {
                endWrite();
            }
        }
    }

    /**
     * Moves the live block at {@code address} to the tombstones and counts the free, with its free site (and its
     * record's state, if it has one) set before any reader can see it there. Called by the allocator's own free event
     * only (holding the guard if {@link #eventsHoldGuard}).
     *
     * @return the freed block's owner uid (-1 if unclaimed), or {@link #ABSENT} when no block is live at
     *     {@code address}
     */
    long freedByEvent(long address, int site) {
        if (eventsHoldGuard) {
            return move(address, site);
        }
        synchronized (guard) {
            return move(address, site);
        }
    }

    private long move(long address, int site) {
        beginWrite();
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
            endWrite();
        }
    }

    /** Returns the records of the live blocks (made where missing). */
    List<Allocation> liveBlocks() {
        synchronized (guard) {
            beginWrite();
            try {
                return live.records(this, Allocation.LIVE);
            } finally {
                endWrite();
            }
        }
    }

    /**
     * Adds each live block's size to {@code bytesByType[type]} (types beyond the array to its last element) and
     * returns the number of live blocks, without making records.
     */
    int liveSizes(long[] bytesByType) {
        synchronized (guard) {
            return live.sumSizes(bytesByType);
        }
    }

    /** Empties both tables (the device closed) and returns the records of the blocks that were live. */
    List<Allocation> retireAll() {
        synchronized (guard) {
            beginWrite();
            try {
                List<Allocation> was = live.records(this, Allocation.LIVE);
                live.clear();
                freed.clear();
                return was;
            } finally {
                endWrite();
            }
        }
    }

    /** Returns {allocations, frees} counted so far. */
    long[] counts() {
        synchronized (guard) {
            return new long[] {allocations, frees};
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
