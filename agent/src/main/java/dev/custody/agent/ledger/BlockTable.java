package dev.custody.agent.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One allocator's blocks by address, as primitive rows: address, owner, size, type, flags and sites, plus the
 * block's {@link Allocation} record once some rare path has asked for one.
 *
 * <p>Not synchronized: its owner ({@link AllocatorState}) serializes the writers with its sequence lock. The
 * primitive reads ({@link #find}, {@link #owner}, …) may also run concurrently with a writer: they then return a
 * possibly wrong answer, never throw and never loop forever, and the owner discards the answer when the lock's stamp
 * says a write overlapped. {@link #record} writes (it may create the record) and needs the lock.
 */
final class BlockTable {
    /*
     * Design. The common block is created, claimed by its buffer and freed without anyone asking about it, so the
     * table keeps it as four longs in one array, not as an object: recording and freeing it store only primitives.
     * Storing a young object into an old table is what a collector's card-marking barrier is for, and G1's costs a
     * StoreLoad fence per such store; the object-per-block ledger took three of them per buffer lifecycle (about
     * 15 ns of its 45 under G1, against Serial GC). The Allocation record exists only for the blocks that aliases,
     * mesh buffers, program pools, findings and reports hold on to: made on first request from the row, kept in a
     * parallel array that is itself created on the first request, and from then on the authority for the block's
     * mutable fields (the row keeps its owner in step, for the primitive lookups).
     *
     * Open addressing with linear probing, keyed by the address in a row's first word; the home slot is Fibonacci
     * hashing of the address (device addresses are multiples of large alignments; the multiplication spreads their
     * high bits into the index). A slot is empty when its third word is 0: every occupied row sets the OCCUPIED
     * bit there, so every long (0 included) is a valid address. Removal shifts later rows of the run back instead of
     * leaving tombstones, so lookups never slow down as blocks come and go. The table doubles at two-thirds full and
     * never shrinks (an allocator's working set comes back).
     *
     * Row layout (STRIDE longs at slot * STRIDE):
     *   [0] address
     *   [1] owner uid (-1 while no buffer has claimed the block)
     *   [2] size in the low 48 bits, flags in bits 48..55, type in bits 56..63
     *   [3] allocation site in the high 32 bits, free site in the low 32
     *
     * For the optimistic readers: a read takes the array once and derives everything from it, probes at most its
     * length, and a grow fills the new rows before publishing them (the records are read under the owner's lock
     * only). A racing read sees some mix of words and may answer wrongly, which the owner's stamp check catches.
     */
    static final int STRIDE = 4;

    private static final long PHI = 0x9E3779B97F4A7C15L;
    private static final int INITIAL_BITS = 6;
    private static final long SIZE_MASK = (1L << 48) - 1;
    private static final long OCCUPIED = 1L << 48;
    private static final long SYSTEM = 1L << 49;

    /** The largest size a row holds: device memory is far below 2^48 bytes. */
    static final long MAX_SIZE = SIZE_MASK;

    /** Returned by {@link #find} when no row has the address. */
    static final int NONE = -1;

    private long[] rows = new long[STRIDE << INITIAL_BITS];
    /** The records made so far, by slot; null until the first. */
    private Allocation[] records;

    private int size;

    // ---- primitive reads (safe to race with a writer; see the class documentation) --------------------------

    /**
     * Returns the slot holding {@code address}, or {@link #NONE}.
     *
     * @param address the block's address
     * @return a slot for the other reads, valid until the next write
     */
    int find(long address) {
        return find(rows, address);
    }

    /**
     * Returns the owner uid of the block at {@code address}: -1 when no buffer claimed it, {@code ifAbsent} when no
     * block is recorded there.
     */
    long owner(long address, long ifAbsent) {
        long[] r = rows;
        int slot = find(r, address);
        return slot == NONE ? ifAbsent : r[slot * STRIDE + 1];
    }

    // ---- writes (under the owner's lock) --------------------------------------------------------------

    /**
     * Records a block at {@code address}, replacing whatever was recorded there (and its record).
     *
     * @param address the block's address
     * @param owner the owning buffer's uid, or -1
     * @param size the block's size, 0 to {@link #MAX_SIZE}
     * @param type the buffer type, 0 to 255
     * @param system whether the block is a device's own memory
     * @param allocSite the allocation's call site
     * @param freeSite the free's call site (0 while live)
     * @throws IllegalArgumentException if size or type is out of range
     */
    void put(long address, long owner, long size, int type, boolean system, int allocSite, int freeSite) {
        if (size < 0 || size > MAX_SIZE || type < 0 || type > 255) {
            throw new IllegalArgumentException("size=" + size + ", type=" + type + " at address " + address
                    + ": a row holds a size of 0 to 2^48 - 1 bytes and a type of 0 to 255");
        }
        int slot = slotFor(address);
        int at = slot * STRIDE;
        rows[at + 1] = owner;
        rows[at + 2] = ((long) type << 56) | (system ? SYSTEM : 0) | OCCUPIED | size;
        rows[at + 3] = ((long) allocSite << 32) | (freeSite & 0xFFFF_FFFFL);
        if (records != null && records[slot] != null) {
            records[slot] = null;
        }
    }

    /**
     * Moves the row at {@code address} to {@code target} (replacing what it held at that address), with its free
     * site set; its record, if any, moves with it.
     *
     * @return the row's slot in {@code target} (for {@link #recordAt}), or {@link #NONE} when no row is at
     *     {@code address}
     */
    int moveTo(long address, BlockTable target, int freeSite) {
        int slot = find(rows, address);
        if (slot == NONE) {
            return NONE;
        }
        int from = slot * STRIDE;
        long owner = rows[from + 1];
        long sizeWord = rows[from + 2];
        long sites = (rows[from + 3] & 0xFFFF_FFFF_0000_0000L) | (freeSite & 0xFFFF_FFFFL);
        Allocation record = records != null ? records[slot] : null;
        removeSlot(slot);
        int to = target.slotFor(address);
        int at = to * STRIDE;
        target.rows[at + 1] = owner;
        target.rows[at + 2] = sizeWord;
        target.rows[at + 3] = sites;
        target.setRecord(to, record);
        return to;
    }

    /** Returns the owner uid in the row at {@code slot}. */
    long ownerAt(int slot) {
        return rows[slot * STRIDE + 1];
    }

    /** Returns the record of the row at {@code slot} if one was made, else null (never makes one). */
    Allocation recordAt(int slot) {
        return records != null ? records[slot] : null;
    }

    /**
     * Sets the owner and size of the block at {@code address}, in its row and its record.
     *
     * @return whether a block is recorded at {@code address}
     */
    boolean claim(long address, long owner, long size) {
        int slot = find(rows, address);
        if (slot == NONE) {
            return false;
        }
        int at = slot * STRIDE;
        rows[at + 1] = owner;
        rows[at + 2] = (rows[at + 2] & ~SIZE_MASK) | Math.min(Math.max(size, 0), MAX_SIZE);
        Allocation record = records != null ? records[slot] : null;
        if (record != null) {
            record.ownerUid = owner;
            record.size = size;
        }
        return true;
    }

    /**
     * Returns the record of the block at {@code address}, made from its row on the first request, or null when no
     * block is recorded there.
     *
     * @param owner the state the record names as its allocator
     * @param state the state a new record starts in ({@link Allocation#LIVE} or {@link Allocation#FREED})
     */
    Allocation record(long address, AllocatorState owner, int state) {
        int slot = find(rows, address);
        return slot == NONE ? null : record(slot, owner, state);
    }

    private Allocation record(int slot, AllocatorState owner, int state) {
        if (records != null && records[slot] != null) {
            return records[slot];
        }
        int at = slot * STRIDE;
        long sizeWord = rows[at + 2];
        Allocation a = new Allocation(owner, rows[at], (int) (sizeWord >>> 56), sizeWord & SIZE_MASK);
        a.ownerUid = rows[at + 1];
        a.system = (sizeWord & SYSTEM) != 0;
        a.allocSite = (int) (rows[at + 3] >>> 32);
        a.freeSite = (int) rows[at + 3];
        a.state = state;
        setRecord(slot, a);
        return a;
    }

    /** Returns the records of every block (made where missing), in no particular order. */
    List<Allocation> records(AllocatorState owner, int state) {
        List<Allocation> out = new ArrayList<>(size);
        long[] r = rows;
        for (int slot = 0; slot < r.length / STRIDE; slot++) {
            if (r[slot * STRIDE + 2] != 0) {
                out.add(record(slot, owner, state));
            }
        }
        return out;
    }

    /**
     * Adds each block's size to {@code bytesByType[type]} (types beyond the array to its last element) and returns
     * the number of blocks: statistics without making records.
     */
    int sumSizes(long[] bytesByType) {
        int n = 0;
        long[] r = rows;
        for (int at = 2; at < r.length; at += STRIDE) {
            long word = r[at];
            if (word != 0) {
                int type = (int) (word >>> 56);
                bytesByType[Math.min(type, bytesByType.length - 1)] += word & SIZE_MASK;
                n++;
            }
        }
        return n;
    }

    /** Returns the number of recorded blocks. */
    int size() {
        return size;
    }

    /** Removes every block. */
    void clear() {
        Arrays.fill(rows, 0);
        if (records != null) {
            Arrays.fill(records, null);
        }
        size = 0;
    }

    // ---- internals ---------------------------------------------------------------------------------------

    private static int find(long[] r, long address) {
        int slots = r.length / STRIDE;
        int mask = slots - 1;
        int i = home(address, slots);
        for (int probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
            int at = i * STRIDE;
            if (r[at + 2] == 0) {
                return NONE;
            }
            if (r[at] == address) {
                return i;
            }
        }
        return NONE;
    }

    /** Returns the slot of {@code address}, taking an empty one (and growing if needed) when it is not recorded. */
    private int slotFor(long address) {
        int slots = rows.length / STRIDE;
        int mask = slots - 1;
        int i = home(address, slots);
        while (rows[i * STRIDE + 2] != 0) {
            if (rows[i * STRIDE] == address) {
                return i;
            }
            i = (i + 1) & mask;
        }
        if ((size + 1) * 3 > slots * 2) {
            grow();
            return slotFor(address);
        }
        rows[i * STRIDE] = address;
        // The caller fills the rest, the occupied flag included; until then the row reads as empty.
        size++;
        return i;
    }

    private void setRecord(int slot, Allocation record) {
        if (record == null) {
            if (records != null) {
                records[slot] = null;
            }
            return;
        }
        if (records == null) {
            records = new Allocation[rows.length / STRIDE];
        }
        records[slot] = record;
    }

    /** The home slot of {@code address} in a table of {@code slots} slots (a power of two, at least 2). */
    private static int home(long address, int slots) {
        // 64 - log2(slots) top bits; numberOfLeadingZeros(2^k) = 31 - k.
        return (int) ((address * PHI) >>> (Integer.numberOfLeadingZeros(slots) + 33));
    }

    /** Empties {@code hole}, moving back later rows of its run whose home lets them. */
    private void removeSlot(int hole) {
        int slots = rows.length / STRIDE;
        int mask = slots - 1;
        int i = hole;
        int j = (i + 1) & mask;
        while (rows[j * STRIDE + 2] != 0) {
            int h = home(rows[j * STRIDE], slots);
            // The row at j may fill the hole at i if i lies cyclically between its home and j.
            if (((j - h) & mask) >= ((j - i) & mask)) {
                System.arraycopy(rows, j * STRIDE, rows, i * STRIDE, STRIDE);
                if (records != null) {
                    records[i] = records[j];
                }
                i = j;
            }
            j = (j + 1) & mask;
        }
        // The occupied word first: a racing reader then sees an empty slot rather than a half-cleared row.
        rows[i * STRIDE + 2] = 0;
        rows[i * STRIDE] = 0;
        rows[i * STRIDE + 1] = 0;
        rows[i * STRIDE + 3] = 0;
        if (records != null) {
            records[i] = null;
        }
        size--;
    }

    private void grow() {
        long[] old = rows;
        Allocation[] oldRecords = records;
        int slots = old.length / STRIDE * 2;
        int mask = slots - 1;
        long[] grown = new long[slots * STRIDE];
        Allocation[] grownRecords = oldRecords == null ? null : new Allocation[slots];
        for (int s = 0; s < old.length / STRIDE; s++) {
            if (old[s * STRIDE + 2] != 0) {
                int i = home(old[s * STRIDE], slots);
                while (grown[i * STRIDE + 2] != 0) {
                    i = (i + 1) & mask;
                }
                System.arraycopy(old, s * STRIDE, grown, i * STRIDE, STRIDE);
                if (grownRecords != null) {
                    grownRecords[i] = oldRecords[s];
                }
            }
        }
        // Published only when complete: a racing read sees the old rows or the whole new ones.
        records = grownRecords;
        rows = grown;
    }
}
