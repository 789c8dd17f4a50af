package dev.custody.agent.ledger;

/**
 * The live mesh buffers (created, not yet closed) by address: finds a mesh buffer's record from the MeshBuffer and
 * its address, from a device-local buffer's unique id and address, or from its backing block.
 *
 * <p>Writers ({@link #add}, {@link #remove}) take the sequence lock; lookups are optimistic.
 */
final class MeshIndex extends SeqLock {
    /*
     * Design. Replaces an identity-keyed map of mesh buffers plus one alias entry per device-local buffer (eight
     * map entries, each with a boxed key, for a 2x4 mesh): a mesh buffer is now one slot. A device-local buffer
     * sits at its mesh buffer's address, so its record is among the few records at that address (several only
     * while a deallocated mesh buffer is not yet closed and another took its address, or for externally owned
     * ones) and is told apart by MeshRecord.hasLocal. Keys are addresses, so neither the mesh buffer's identity hash
     * (a VM call the first time, and a slower one while the buffer's monitor is held, as it is in deallocate) nor
     * an allocation is needed per lookup.
     *
     * Open addressing with linear probing keyed by the record's address; equal keys are allowed (each record is its
     * own entry, removed by reference), removal shifts the run back, the table doubles at two-thirds full. The
     * optimistic reads follow AddressTable's rules: one read of the array reference, bounded probes, a new array
     * published only when filled.
     */
    private static final long PHI = 0x9E3779B97F4A7C15L;

    private MeshRecord[] slots = new MeshRecord[16];
    private int size;

    /** Records a live mesh buffer. */
    void add(MeshRecord rec) {
        lock();
        try {
            int mask = slots.length - 1;
            int i = home(rec.address, slots.length);
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = rec;
            if (++size * 3 > slots.length * 2) {
                grow();
            }
        } finally {
            unlock();
        }
    }

    /**
     * Drops {@code rec}.
     *
     * @return false when it was not recorded
     */
    boolean remove(MeshRecord rec) {
        // A mesh buffer has one record, so its buffer and address name it.
        return remove(rec.meshBuffer, rec.address) != null;
    }

    /**
     * Drops the record of {@code meshBuffer} (compared by reference) at {@code address}: a {@link #find} and its removal
     * in one write.
     *
     * @return the record dropped, or null when none was recorded
     */
    MeshRecord remove(Object meshBuffer, long address) {
        lock();
        try {
            int mask = slots.length - 1;
            for (int i = home(address, slots.length); slots[i] != null; i = (i + 1) & mask) {
                MeshRecord rec = slots[i];
                if (rec.address == address && rec.meshBuffer == meshBuffer) {
                    shiftBack(i, mask);
                    size--;
                    return rec;
                }
            }
            return null;
        } finally {
            unlock();
        }
    }

    /** Returns the record of {@code meshBuffer} (compared by reference) at {@code address}, or null. */
    MeshRecord find(Object meshBuffer, long address) {
        return lookup(meshBuffer, null, address, -1);
    }

    /** Returns the record of the mesh buffer at {@code address} whose device-local buffers include {@code uid}. */
    MeshRecord findLocal(long uid, long address) {
        return lookup(null, null, address, uid);
    }

    /**
     * Returns the record of the owned mesh buffer whose backing is buffer {@code uid}'s block at {@code address} in
     * {@code allocator}, or null.
     */
    MeshRecord findBacking(AllocatorState allocator, long address, long uid) {
        return lookup(null, allocator, address, uid);
    }

    /** An optimistic {@link #scan}, repeated under the lock when a write overlapped it. */
    private MeshRecord lookup(Object meshBuffer, AllocatorState backingIn, long address, long uid) {
        int stamp = readStamp();
        MeshRecord rec = scan(meshBuffer, backingIn, address, uid);
        if (valid(stamp)) {
            return rec;
        }
        lock();
        try {
            return scan(meshBuffer, backingIn, address, uid);
        } finally {
            unlock();
        }
    }

    /** Returns the record of {@code meshBuffer} wherever it is, or null: a full scan, for callers without the address. */
    MeshRecord findAnywhere(Object meshBuffer) {
        lock();
        try {
            for (MeshRecord rec : slots) {
                if (rec != null && rec.meshBuffer == meshBuffer) {
                    return rec;
                }
            }
            return null;
        } finally {
            unlock();
        }
    }

    /**
     * Finds by mesh buffer when {@code meshBuffer} is not null, else by backing buffer {@code uid} in {@code
     * backingIn} when that is not null, else by device-local {@code uid}.
     */
    private MeshRecord scan(Object meshBuffer, AllocatorState backingIn, long address, long uid) {
        MeshRecord[] table = slots;
        int mask = table.length - 1;
        int i = home(address, table.length);
        for (int probes = 0; probes <= mask; probes++, i = (i + 1) & mask) {
            MeshRecord rec = table[i];
            if (rec == null) {
                return null;
            }
            if (rec.address == address && matches(rec, meshBuffer, backingIn, uid)) {
                return rec;
            }
        }
        return null;
    }

    private static boolean matches(MeshRecord rec, Object meshBuffer, AllocatorState backingIn, long uid) {
        if (meshBuffer != null) {
            return rec.meshBuffer == meshBuffer;
        }
        if (backingIn != null) {
            return rec.allocator == backingIn && rec.owned && rec.backingUid == uid;
        }
        return rec.hasLocal(uid);
    }

    private static int home(long address, int length) {
        return (int) ((address * PHI) >>> (Integer.numberOfLeadingZeros(length) + 33));
    }

    /** Empties slot {@code hole}, moving back later entries of its run whose home lets them. */
    private void shiftBack(int hole, int mask) {
        int i = hole;
        int j = (i + 1) & mask;
        while (slots[j] != null) {
            int h = home(slots[j].address, slots.length);
            // The entry at j may fill the hole at i if i lies cyclically between its home and j.
            if (((j - h) & mask) >= ((j - i) & mask)) {
                slots[i] = slots[j];
                i = j;
            }
            j = (j + 1) & mask;
        }
        slots[i] = null;
    }

    private void grow() {
        MeshRecord[] grown = new MeshRecord[slots.length * 2];
        int mask = grown.length - 1;
        for (MeshRecord rec : slots) {
            if (rec != null) {
                int i = home(rec.address, grown.length);
                while (grown[i] != null) {
                    i = (i + 1) & mask;
                }
                grown[i] = rec;
            }
        }
        slots = grown;
    }

    /** Returns the number of live mesh buffers recorded. */
    int size() {
        lock();
        try {
            return size;
        } finally {
            unlock();
        }
    }
}
