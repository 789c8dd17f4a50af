package dev.custody.agent.server;

/**
 * Legacy (tt-metal) allocations keyed as the branch keyed them, (device, key space, buffer id), with the
 * buffer type, size, owner pid and reference count, in parallel primitive arrays. Key spaces: 0 buffers,
 * 1 circular buffers, 2 kernel binaries. Not thread-safe: the {@link Registry}'s monitor guards it.
 *
 * <p>As in {@link LiveTable}, slot numbers are valid only until the next insertion or removal.
 */
/*
 * Design: LiveTable's (linear probing, Fibonacci hashing reduced by multiply-shift, growth by half at 3/4,
 * backward-shift removal), with a two-part key. The meta word packs an occupied bit, the key space and
 * the buffer type, so an empty slot is meta 0 and every buffer id and device id can be stored.
 */
final class LegacyTable {
    private static final int OCCUPIED = 1;

    private long[] ids;
    private int[] devices;
    private int[] metas;
    private long[] sizes;
    private int[] pids;
    private int[] refs;
    private int count;
    /** The most entries the current capacity takes: 3/4 of it, rounded down. */
    private int maxCount;

    LegacyTable() {
        allocate(LiveTable.MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        ids = new long[capacity];
        maxCount = (int) (capacity * 3L / 4);
        devices = new int[capacity];
        metas = new int[capacity];
        sizes = new long[capacity];
        pids = new int[capacity];
        refs = new int[capacity];
    }

    int size() {
        return count;
    }

    int capacity() {
        return ids.length;
    }

    private static int home(int device, int space, long bufferId, int capacity) {
        // the (device, space) part moves the id by a large odd step, so equal ids on two devices part ways
        long key = bufferId + ((long) device << 2 | space) * 0xBF58476D1CE4E5B9L;
        return LiveTable.reduce(key * LiveTable.PHI, capacity);
    }

    private static int meta(int space, int type) {
        return OCCUPIED | space << 1 | type << 3;
    }

    /**
     * The slot of the key, or −1.
     *
     * @throws IllegalArgumentException if {@code space} is outside 0..2
     */
    int find(int device, int space, long bufferId) {
        checkSpace(space);
        int cap = ids.length;
        for (int i = home(device, space, bufferId, cap); ; ) {
            int m = metas[i];
            if (m == 0) {
                return -1;
            }
            if (ids[i] == bufferId && devices[i] == device && (m >>> 1 & 3) == space) {
                return i;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    private static void checkSpace(int space) {
        if (space < 0 || space > 2) {
            throw new IllegalArgumentException("key space " + space + " is outside 0..2");
        }
    }

    /**
     * Adds an entry with reference count 1; the key must be absent.
     *
     * @throws IllegalArgumentException if {@code space} is outside 0..2 or {@code type} outside 0..6
     */
    void insert(int device, int space, long bufferId, int type, long size, int ownerPid) {
        checkSpace(space);
        if (type < 0 || type > 6) {
            throw new IllegalArgumentException("buffer type " + type + " is outside 0..6");
        }
        int cap = ids.length;
        int i = home(device, space, bufferId, cap);
        while (metas[i] != 0) {
            i = i + 1 == cap ? 0 : i + 1;
        }
        ids[i] = bufferId;
        devices[i] = device;
        metas[i] = meta(space, type);
        sizes[i] = size;
        pids[i] = ownerPid;
        refs[i] = 1;
        if (++count > maxCount) {
            if (cap >= LiveTable.MAX_CAPACITY) {
                throw new IllegalStateException("more than " + count + " legacy allocations");
            }
            resize(cap + (cap >>> 1));
        }
    }

    long bufferId(int slot) {
        return ids[slot];
    }

    int device(int slot) {
        return devices[slot];
    }

    int space(int slot) {
        return metas[slot] >>> 1 & 3;
    }

    int type(int slot) {
        return metas[slot] >>> 3;
    }

    /** The size the first ALLOC of the key gave. */
    long bytes(int slot) {
        return sizes[slot];
    }

    int ownerPid(int slot) {
        return pids[slot];
    }

    int refCount(int slot) {
        return refs[slot];
    }

    void setRefCount(int slot, int refCount) {
        refs[slot] = refCount;
    }

    /** The first occupied slot after {@code slot} (−1 to start), or −1. */
    int next(int slot) {
        for (int i = slot + 1; i < metas.length; i++) {
            if (metas[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /** Removes the entry in the occupied {@code slot}; read its values first. */
    void removeAt(int slot) {
        int cap = ids.length;
        int hole = slot;
        for (int j = hole + 1 == cap ? 0 : hole + 1; metas[j] != 0; j = j + 1 == cap ? 0 : j + 1) {
            int h = home(devices[j], metas[j] >>> 1 & 3, ids[j], cap);
            if (LiveTable.distance(h, j, cap) >= LiveTable.distance(hole, j, cap)) {
                ids[hole] = ids[j];
                devices[hole] = devices[j];
                metas[hole] = metas[j];
                sizes[hole] = sizes[j];
                pids[hole] = pids[j];
                refs[hole] = refs[j];
                hole = j;
            }
        }
        metas[hole] = 0;
        count--;
        if (cap > LiveTable.MIN_CAPACITY && count < cap >>> 3) {
            resize(Math.max(LiveTable.MIN_CAPACITY, count * 2));
        }
    }

    private void resize(int capacity) {
        long[] oldIds = ids;
        int[] oldDevices = devices;
        int[] oldMetas = metas;
        long[] oldSizes = sizes;
        int[] oldPids = pids;
        int[] oldRefs = refs;
        allocate(capacity);
        for (int j = 0; j < oldIds.length; j++) {
            int m = oldMetas[j];
            if (m != 0) {
                int i = home(oldDevices[j], m >>> 1 & 3, oldIds[j], capacity);
                while (metas[i] != 0) {
                    i = i + 1 == capacity ? 0 : i + 1;
                }
                ids[i] = oldIds[j];
                devices[i] = oldDevices[j];
                metas[i] = m;
                sizes[i] = oldSizes[j];
                pids[i] = oldPids[j];
                refs[i] = oldRefs[j];
            }
        }
    }
}
