package dev.custody.agent.server;

/**
 * The last {@code capacity} objects a client freed, with their address and device, so that a later
 * double-free finding can name the address: recording is constant time with no allocation; a lookup (only
 * for findings, which are rare) scans newest first.
 */
final class FreedRing {
    private final long[] ids;
    private final long[] addresses;
    private final int[] devices;
    private int next;
    private int size;

    /** Where a freed object was. */
    record Freed(long address, int device) {}

    /**
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    FreedRing(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity + " must be positive");
        }
        ids = new long[capacity];
        addresses = new long[capacity];
        devices = new int[capacity];
    }

    /** Records a free, evicting the oldest record when full. */
    void add(long objectId, long address, int device) {
        ids[next] = objectId;
        addresses[next] = address;
        devices[next] = device;
        next = next + 1 == ids.length ? 0 : next + 1;
        if (size < ids.length) {
            size++;
        }
    }

    /** The most recent free of {@code objectId} still held, or null. */
    Freed get(long objectId) {
        int i = next;
        for (int n = 0; n < size; n++) {
            i = i == 0 ? ids.length - 1 : i - 1;
            if (ids[i] == objectId) {
                return new Freed(addresses[i], devices[i]);
            }
        }
        return null;
    }
}
