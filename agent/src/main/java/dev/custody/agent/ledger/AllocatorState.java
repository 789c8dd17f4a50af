package dev.custody.agent.ledger;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's view of one allocator instance: its live blocks by address and, per address, the block freed
 * last (the tombstone that names the first free of a double free or the freed owner of a stale alias).
 *
 * <p>Both tables and the allocation and free counts change only under this state's sequence lock, in the
 * methods below; lookups ({@link #live(long)}, {@link #freed(long)}) take no lock unless a write overlapped them.
 */
final class AllocatorState extends SeqLock {
    /*
     * Design. An allocation is one locked insert and a free one locked move from the live table to the tombstones:
     * one CAS each, and the counts are plain fields bumped inside the same critical section (no LongAdder, whose
     * increment is another CAS). Everything else on the hot path is an optimistic read.
     */
    final Object allocator;
    /** The ledger this state belongs to. */
    final Object ledger;

    volatile int deviceId;
    volatile boolean mesh;
    private final AddressTable live = new AddressTable();
    /** Per address, the block freed there last (kept until another block is freed at that address). */
    private final AddressTable freed = new AddressTable();

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

    /** Returns the live block at {@code address}, or null. */
    Allocation live(long address) {
        int stamp = readStamp();
        Allocation a = live.get(address);
        if (valid(stamp)) {
            return a;
        }
        lock();
        try {
            return live.get(address);
        } finally {
            unlock();
        }
    }

    /** Returns the block freed last at {@code address}, or null. */
    Allocation freed(long address) {
        int stamp = readStamp();
        Allocation a = freed.get(address);
        if (valid(stamp)) {
            return a;
        }
        lock();
        try {
            return freed.get(address);
        } finally {
            unlock();
        }
    }

    /** Records a new live block (replacing whatever the table held at its address) and counts the allocation. */
    void allocated(Allocation a) {
        lock();
        try {
            live.put(a.address, a);
            allocations++;
        } finally {
            unlock();
        }
    }

    /**
     * Moves the live block at {@code address} to the tombstones and counts the free, with its state and free site set
     * before any reader can see it there.
     *
     * @return the block freed, or null when no block is live at {@code address}
     */
    Allocation free(long address, int site) {
        lock();
        try {
            Allocation a = live.remove(address);
            if (a != null) {
                a.state = Allocation.FREED;
                a.freeSite = site;
                freed.put(address, a);
                frees++;
            }
            return a;
        } finally {
            unlock();
        }
    }

    /** Returns a copy of the live blocks. */
    List<Allocation> liveBlocks() {
        lock();
        try {
            return live.values();
        } finally {
            unlock();
        }
    }

    /** Empties both tables (the device closed) and returns the blocks that were live. */
    List<Allocation> retireAll() {
        lock();
        try {
            List<Allocation> was = live.values();
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
