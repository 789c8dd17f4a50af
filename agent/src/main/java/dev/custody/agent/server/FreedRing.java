package dev.custody.agent.server;

/**
 * The last {@code capacity} objects a client freed, so that a later double-free finding can name the
 * address: recording is constant time with no allocation; a lookup (only for findings, which are rare)
 * scans newest first.
 */
final class FreedRing {
    private final long[] ids;
    private final Registry.Entry[] entries;
    private int next;
    private int size;

    /**
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    FreedRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + " must be positive");
        }
        ids = new long[capacity];
        entries = new Registry.Entry[capacity];
    }

    /** Records a free, evicting the oldest record when full. */
    void add(long objectId, Registry.Entry e) {
        ids[next] = objectId;
        entries[next] = e;
        next = next + 1 == ids.length ? 0 : next + 1;
        if (size < ids.length) {
            size++;
        }
    }

    /** The entry of the most recent free of {@code objectId} still held, or null. */
    Registry.Entry get(long objectId) {
        int i = next;
        for (int n = 0; n < size; n++) {
            i = i == 0 ? ids.length - 1 : i - 1;
            if (ids[i] == objectId) {
                return entries[i];
            }
        }
        return null;
    }
}
