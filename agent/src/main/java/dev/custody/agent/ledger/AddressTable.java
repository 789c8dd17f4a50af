package dev.custody.agent.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * One allocator's blocks by address: a map from a primitive {@code long} address to its {@link Allocation}.
 *
 * <p>Not synchronized: its owner ({@link AllocatorState}) serializes the writers with its sequence lock. {@link
 * #get} alone may also run concurrently with a writer: it then returns a possibly wrong answer, never throws and
 * never loops forever, and the owner discards the answer when the lock's stamp says a write overlapped.
 */
final class AddressTable {
    /*
     * Design. Open addressing with linear probing over one array of blocks, keyed by each block's own address
     * (no key array: 4 bytes a slot with compressed references, and the probe that finds the key has already
     * reached the block the caller wants); a slot is empty when null, so every long (0 included) is a valid key.
     * The home slot is Fibonacci hashing of the address (the top bits of address * 2^64/phi): device addresses are
     * multiples of large alignments, and the multiplication spreads their high bits into the index. Removal shifts
     * later entries of the run back instead of leaving tombstones, so lookups never slow down as blocks come and
     * go. The table doubles at two-thirds full and never shrinks (an allocator's working set comes back).
     *
     * For the optimistic readers: get() reads the array reference once and derives everything (mask, shift) from
     * that array, probes at most its length, and a slot holds either null or a fully constructed block (its
     * address is final); grow() fills the new array before publishing it. So a racing get() sees some mix of
     * slots and may answer wrongly, which the owner's stamp check catches.
     *
     * Why not ConcurrentHashMap<Long, Allocation>: each entry cost a boxed Long (16 B) and a node (32 B) and an
     * allocation and free allocated both; here an entry is one 4-byte slot at most two-thirds full, nothing is
     * allocated per operation and the key compare is a long compare.
     */
    private static final long PHI = 0x9E3779B97F4A7C15L;
    private static final int INITIAL_BITS = 6;

    private Allocation[] values = new Allocation[1 << INITIAL_BITS];
    private int size;

    /**
     * Returns the block at {@code address}, or null. Safe to call while a writer runs (see the class
     * documentation), but then the answer may be wrong.
     *
     * @param address the block's address
     * @return the block, or null when none is recorded at that address
     */
    Allocation get(long address) {
        Allocation[] table = values;
        int mask = table.length - 1;
        int i = home(address, table.length);
        for (int probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
            Allocation v = table[i];
            if (v == null || v.address == address) {
                return v;
            }
        }
        return null;
    }

    /**
     * Records {@code value} at {@code address}, replacing what was there.
     *
     * @param address the block's address
     * @param value the block, not null
     * @return the block replaced, or null
     * @throws NullPointerException if value is null (null marks an empty slot)
     * @throws IllegalArgumentException if {@code value.address} is not {@code address}: blocks are keyed by their own
     *     address
     */
    Allocation put(long address, Allocation value) {
        if (value == null) {
            throw new NullPointerException("value is null at address " + address + "; use remove to drop it");
        }
        if (value.address != address) {
            throw new IllegalArgumentException("address=" + address + " is not the block's address " + value.address
                    + "; record a block under its own address");
        }
        int mask = values.length - 1;
        int i = home(address, values.length);
        for (; values[i] != null; i = (i + 1) & mask) {
            if (values[i].address == address) {
                Allocation old = values[i];
                values[i] = value;
                return old;
            }
        }
        values[i] = value;
        if (++size * 3 > values.length * 2) {
            grow();
        }
        return null;
    }

    /**
     * Removes the block at {@code address}.
     *
     * @param address the block's address
     * @return the block removed, or null when none was recorded
     */
    Allocation remove(long address) {
        int mask = values.length - 1;
        int i = home(address, values.length);
        while (true) {
            Allocation v = values[i];
            if (v == null) {
                return null;
            }
            if (v.address == address) {
                shiftBack(i, mask);
                size--;
                return v;
            }
            i = (i + 1) & mask;
        }
    }

    /** Returns a copy of the recorded blocks, in no particular order. */
    List<Allocation> values() {
        List<Allocation> out = new ArrayList<>(size);
        for (Allocation v : values) {
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** Returns the number of recorded blocks. */
    int size() {
        return size;
    }

    /** Removes every block. */
    void clear() {
        java.util.Arrays.fill(values, null);
        size = 0;
    }

    /** The home slot of {@code address} in a table of {@code length} slots (a power of two, at least 2). */
    private static int home(long address, int length) {
        // 64 - log2(length) top bits; numberOfLeadingZeros(2^k) = 31 - k.
        return (int) ((address * PHI) >>> (Integer.numberOfLeadingZeros(length) + 33));
    }

    /** Empties slot {@code hole}, moving back later entries of its run whose home lets them. */
    private void shiftBack(int hole, int mask) {
        int i = hole;
        int j = (i + 1) & mask;
        while (values[j] != null) {
            int h = home(values[j].address, values.length);
            // The entry at j may fill the hole at i if i lies cyclically between its home and j.
            if (((j - h) & mask) >= ((j - i) & mask)) {
                values[i] = values[j];
                i = j;
            }
            j = (j + 1) & mask;
        }
        values[i] = null;
    }

    private void grow() {
        Allocation[] oldValues = values;
        Allocation[] grown = new Allocation[oldValues.length * 2];
        int mask = grown.length - 1;
        for (Allocation v : oldValues) {
            if (v != null) {
                int i = home(v.address, grown.length);
                while (grown[i] != null) {
                    i = (i + 1) & mask;
                }
                grown[i] = v;
            }
        }
        // Published only when complete: a racing get() sees the old array or the whole new one.
        values = grown;
    }
}
