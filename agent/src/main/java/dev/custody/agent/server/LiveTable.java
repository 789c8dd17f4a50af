package dev.custody.agent.server;

/**
 * A native client's live allocations: object id → (address, size, group), held in parallel primitive arrays
 * with no object per entry. Not thread-safe: the owning {@link NativeClient}'s monitor guards it.
 *
 * <p>Entries are reached through slot numbers ({@link #find}, {@link #next}); a slot number is valid only
 * until the next insertion or removal, which may move entries or resize the table. Every {@code long} is a
 * valid id, 0 included; groups must be positive.
 */
/*
 * Design. Open addressing with linear probing over four parallel arrays (ids, addresses, sizes, groups): 28
 * bytes a slot. A slot is empty when its group is 0, so no id value has to be reserved. The home slot is
 * Fibonacci hashing (id × 2^64/φ, high 32 bits) reduced to the capacity by a multiply-shift rather than a
 * mask, so the capacity need not be a power of two: the table grows by half when it is 3/4 full (load
 * 0.75 → 0.5), which keeps 37–56 bytes per entry where doubling would swing to 75. It shrinks to load 1/2
 * when it falls below 1/8. Removal shifts the rest of the probe run back (no tombstones), so probes do not
 * lengthen with churn.
 *
 * Why Fibonacci hashing: agents number objects sequentially and a live set is mostly a recent range of ids;
 * multiplying by 2^64/φ spreads any range of consecutive ids almost evenly over the table (the three-gap
 * theorem), so probe runs stay short even at load 0.75, where a random hash has runs of ~8 and every removal
 * walks one. Ids chosen to collide slow only the session of the client that chose them.
 */
final class LiveTable {
    static final int MIN_CAPACITY = 16;
    /** Beyond this (28 GiB of arrays) the table refuses to grow rather than overflow an int. */
    static final int MAX_CAPACITY = 1 << 30;

    /** 2^64 / φ, odd: Fibonacci hashing's multiplier. */
    static final long PHI = 0x9E3779B97F4A7C15L;

    private long[] ids;
    private long[] addresses;
    private long[] sizes;
    private int[] groups;
    private int count;
    /** The most entries the current capacity takes: 3/4 of it, rounded down. */
    private int maxCount;

    LiveTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        ids = new long[capacity];
        maxCount = (int) (capacity * 3L / 4);
        addresses = new long[capacity];
        sizes = new long[capacity];
        groups = new int[capacity];
    }

    /** Entries held. */
    int size() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Slots allocated (for tests and memory accounting). */
    int capacity() {
        return ids.length;
    }

    /** The slot an id's probe starts at in the current capacity (for tests that build collisions). */
    int homeOf(long id) {
        return home(id, ids.length);
    }

    private static int home(long id, int capacity) {
        return reduce(id * PHI, capacity);
    }

    /** Maps the high 32 bits of {@code hash} onto [0, capacity) by a multiply-shift, for any capacity. */
    static int reduce(long hash, int capacity) {
        return (int) (((hash >>> 32) * capacity) >>> 32);
    }

    /** How far the entry in {@code slot} sits past its home slot (for tests of the hash's spread). */
    int displacement(int slot) {
        return distance(home(ids[slot], ids.length), slot, ids.length);
    }

    /** The slot holding {@code id}, or −1. */
    int find(long id) {
        long[] k = ids;
        int[] g = groups;
        int cap = k.length;
        for (int i = home(id, cap); ; ) {
            if (g[i] == 0) {
                return -1;
            }
            if (k[i] == id) {
                return i;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /**
     * The slot holding {@code id} if present (≥ 0), otherwise {@code ~slot} of the empty slot where
     * {@link #insertAt} would place it.
     */
    int slotFor(long id) {
        long[] k = ids;
        int[] g = groups;
        int cap = k.length;
        for (int i = home(id, cap); ; ) {
            if (g[i] == 0) {
                return ~i;
            }
            if (k[i] == id) {
                return i;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /**
     * Stores a new entry in the empty slot {@code ~slotFor(id)} returned, with no insertion or removal in
     * between.
     *
     * @throws IllegalArgumentException if {@code group} is not positive
     */
    void insertAt(int emptySlot, long id, long address, long size, int group) {
        checkGroup(group);
        ids[emptySlot] = id;
        addresses[emptySlot] = address;
        sizes[emptySlot] = size;
        groups[emptySlot] = group;
        if (++count > maxCount) {
            resize(grown(ids.length));
        }
    }

    /**
     * Inserts or replaces the entry of {@code id}.
     *
     * @return true if the id was new
     * @throws IllegalArgumentException if {@code group} is not positive
     */
    boolean put(long id, long address, long size, int group) {
        int s = slotFor(id);
        if (s >= 0) {
            set(s, address, size, group);
            return false;
        }
        insertAt(~s, id, address, size, group);
        return true;
    }

    /** Replaces the values of the entry in {@code slot}. */
    void set(int slot, long address, long size, int group) {
        checkGroup(group);
        addresses[slot] = address;
        sizes[slot] = size;
        groups[slot] = group;
    }

    private static void checkGroup(int group) {
        if (group <= 0) {
            throw new IllegalArgumentException("group " + group + " must be positive (0 marks an empty slot)");
        }
    }

    long id(int slot) {
        return ids[slot];
    }

    long address(int slot) {
        return addresses[slot];
    }

    /** The allocation's size in bytes. */
    long bytes(int slot) {
        return sizes[slot];
    }

    int group(int slot) {
        return groups[slot];
    }

    /** The first occupied slot after {@code slot} (pass −1 to start), or −1 when there is none. */
    int next(int slot) {
        int[] g = groups;
        for (int i = slot + 1; i < g.length; i++) {
            if (g[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    /** Removes the entry of {@code id}; returns whether there was one. */
    boolean remove(long id) {
        int s = find(id);
        if (s < 0) {
            return false;
        }
        removeAt(s);
        return true;
    }

    /** Removes the entry in the occupied {@code slot}; read its values first. */
    void removeAt(int slot) {
        long[] k = ids;
        int[] g = groups;
        int cap = k.length;
        int hole = slot;
        // backward shift: pull later members of the probe run into the hole, so no search stops early
        for (int j = hole + 1 == cap ? 0 : hole + 1; g[j] != 0; j = j + 1 == cap ? 0 : j + 1) {
            int h = home(k[j], cap);
            // the entry at j may move to the hole only if the hole lies on its probe path h … j
            if (distance(h, j, cap) >= distance(hole, j, cap)) {
                k[hole] = k[j];
                addresses[hole] = addresses[j];
                sizes[hole] = sizes[j];
                g[hole] = g[j];
                hole = j;
            }
        }
        g[hole] = 0;
        count--;
        if (cap > MIN_CAPACITY && count < cap >>> 3) {
            resize(Math.max(MIN_CAPACITY, count * 2));
        }
    }

    /** Steps from slot {@code from} forward to slot {@code to}, wrapping at {@code cap}. */
    static int distance(int from, int to, int cap) {
        int d = to - from;
        return d < 0 ? d + cap : d;
    }

    private static int grown(int capacity) {
        if (capacity >= MAX_CAPACITY) {
            throw new IllegalStateException("a client holds more than " + (MAX_CAPACITY / 4 * 3)
                    + " live allocations; the server's table cannot grow further");
        }
        return (int) Math.min(MAX_CAPACITY, capacity + (capacity >>> 1));
    }

    private void resize(int capacity) {
        long[] oldIds = ids;
        long[] oldAddresses = addresses;
        long[] oldSizes = sizes;
        int[] oldGroups = groups;
        allocate(capacity);
        for (int j = 0; j < oldIds.length; j++) {
            if (oldGroups[j] != 0) {
                int i = home(oldIds[j], capacity);
                while (groups[i] != 0) {
                    i = i + 1 == capacity ? 0 : i + 1;
                }
                ids[i] = oldIds[j];
                addresses[i] = oldAddresses[j];
                sizes[i] = oldSizes[j];
                groups[i] = oldGroups[j];
            }
        }
    }
}
