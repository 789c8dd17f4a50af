package dev.custody.agent.wire;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's live allocations, kept so that a resync can send all of them: object id → (device, buffer type,
 * address, size, site number). Thread-safe, with no object per entry; every {@code long} is a valid id, 0
 * included.
 */
/*
 * Design. SEGMENTS independent open-addressing tables, each behind its own spin lock. An id's Fibonacci hash
 * (id × 2^64/φ, as the server's LiveTable: sequential ids spread evenly) picks the segment with its top 4 bits
 * and the home slot with the next 32, reduced to the capacity by a multiply-shift. A slot is four longs in one
 * array, so an update touches one or two cache lines: id, address, size, and a meta word (device << 32 |
 * site << 8 | type). A slot is empty when its meta word is 0, which never holds for an entry because site
 * numbers start at 1. Linear probing; removal shifts the rest of the probe run back (no tombstones); a
 * segment grows by half when 3/4 full and shrinks to load 1/2 below 1/8.
 *
 * The lock is one CAS to take and a release store to drop (a monitor costs a CAS for each): an update holds
 * it for a probe and a few stores, and producers on different segments never meet. A waiter spins briefly,
 * then yields (on 2 cores the holder may be descheduled).
 *
 * forEach copies one segment at a time under its lock and visits the copy unlocked, so no producer waits on
 * the visitor (which writes to a socket). Entries never move between segments, so each copy is one
 * consistent state of its segment; an update that happened-before forEach started is reflected in it (the
 * update's lock release precedes the copy's lock acquisition), and updates racing with forEach may or may not
 * be. That is all ServerClient's resync needs (see there).
 */
final class LiveSet {
    static final int SEGMENTS = 16;
    /** Slots a segment starts with and never shrinks below. */
    static final int MIN_CAPACITY = 16;
    /** Slots a segment never grows beyond: its array of 4 longs a slot must stay below 2^31 elements. */
    static final int MAX_CAPACITY = 1 << 28;
    /** Site numbers must fit the meta word's 24 bits. */
    static final int MAX_SITE = (1 << 24) - 1;

    private static final long PHI = 0x9E3779B97F4A7C15L;
    private static final int SEGMENT_BITS = 4;
    private static final int SPINS_BEFORE_YIELD = 64;

    private final Segment[] segments = new Segment[SEGMENTS];

    LiveSet() {
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment();
        }
    }

    /** Receives the entries of {@link #forEach}. */
    interface Visitor {
        /** One live entry. */
        void entry(long id, int deviceId, int bufferType, long address, long size, int site) throws IOException;
    }

    /**
     * Inserts or replaces the entry of {@code id}.
     *
     * @param bufferType kept as its low 8 bits (the wire's u8)
     * @param site a site number, 1..{@link #MAX_SITE}
     * @throws IllegalArgumentException if {@code site} is out of range (nothing changes)
     */
    void put(long id, int deviceId, int bufferType, long address, long size, int site) {
        if (site < 1 || site > MAX_SITE) {
            throw new IllegalArgumentException("site number " + site + " must be in 1.." + MAX_SITE);
        }
        long meta = ((long) deviceId << 32) | ((long) site << 8) | (bufferType & 0xFF);
        long hash = id * PHI;
        Segment s = segments[(int) (hash >>> (64 - SEGMENT_BITS))];
        s.lock();
        try {
            s.put(id, hash << SEGMENT_BITS, address, size, meta);
        } finally {
            s.unlock();
        }
    }

    /** Removes the entry of {@code id}; returns whether there was one. */
    boolean remove(long id) {
        long hash = id * PHI;
        Segment s = segments[(int) (hash >>> (64 - SEGMENT_BITS))];
        s.lock();
        try {
            return s.remove(id, hash << SEGMENT_BITS);
        } finally {
            s.unlock();
        }
    }

    /** Entries held (a sum over the segments, each read under its lock). */
    int size() {
        int n = 0;
        for (Segment s : segments) {
            s.lock();
            n += s.count;
            s.unlock();
        }
        return n;
    }

    /** Slots allocated over all segments (for tests and memory accounting). */
    int capacity() {
        int n = 0;
        for (Segment s : segments) {
            s.lock();
            n += s.capacity();
            s.unlock();
        }
        return n;
    }

    /**
     * Hands every entry to {@code visitor}, segment by segment, with no lock held while it runs. Every update
     * that happened-before this call is reflected; updates made meanwhile may or may not be.
     *
     * @throws IOException what the visitor throws (the remaining entries are not visited)
     */
    void forEach(Visitor visitor) throws IOException {
        long[] copy = new long[0];
        for (Segment s : segments) {
            int length;
            s.lock();
            try {
                length = s.slots.length;
                if (copy.length < length) {
                    copy = new long[length];
                }
                System.arraycopy(s.slots, 0, copy, 0, length);
            } finally {
                s.unlock();
            }
            for (int i = 0; i < length; i += 4) {
                long meta = copy[i + 3];
                if (meta != 0) {
                    visitor.entry(
                            copy[i],
                            (int) (meta >>> 32),
                            (int) meta & 0xFF,
                            copy[i + 1],
                            copy[i + 2],
                            (int) (meta >>> 8) & MAX_SITE);
                }
            }
        }
    }

    /** One table: slots of {id, address, size, meta}; every method but lock() needs the lock held. */
    private static final class Segment {
        // An AtomicInteger, not a VarHandle on an int field: the same code once compiled, but while the caller
        // still runs interpreted a VarHandle call costs about 0.6 µs and an AtomicInteger call about 0.08 µs.
        private final AtomicInteger lock = new AtomicInteger();

        long[] slots = new long[MIN_CAPACITY * 4];
        int count;
        /** The most entries the current capacity takes: 3/4 of it, rounded down. */
        int maxCount = MIN_CAPACITY * 3 / 4;

        void lock() {
            if (!lock.compareAndSet(0, 1)) {
                contend();
            }
        }

        private void contend() {
            int spins = 0;
            while (!lock.compareAndSet(0, 1)) {
                if (++spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        void unlock() {
            lock.lazySet(0); // a release store
        }

        int capacity() {
            return slots.length >>> 2;
        }

        /** The slot a hash's probe starts at, for {@code capacity} slots. */
        static int home(long hash, int capacity) {
            return (int) (((hash >>> 32) * capacity) >>> 32);
        }

        void put(long id, long hash, long address, long size, long meta) {
            long[] t = slots;
            int cap = t.length >>> 2;
            int i = home(hash, cap);
            while (t[(i << 2) + 3] != 0 && t[i << 2] != id) {
                i = i + 1 == cap ? 0 : i + 1;
            }
            int p = i << 2;
            boolean added = t[p + 3] == 0;
            t[p] = id;
            t[p + 1] = address;
            t[p + 2] = size;
            t[p + 3] = meta;
            if (added && ++count > maxCount) {
                resize(grown(cap));
            }
        }

        boolean remove(long id, long hash) {
            long[] t = slots;
            int cap = t.length >>> 2;
            int hole = home(hash, cap);
            while (true) {
                if (t[(hole << 2) + 3] == 0) {
                    return false;
                }
                if (t[hole << 2] == id) {
                    break;
                }
                hole = hole + 1 == cap ? 0 : hole + 1;
            }
            // backward shift: pull later members of the probe run into the hole, so no search stops early
            for (int j = hole + 1 == cap ? 0 : hole + 1; t[(j << 2) + 3] != 0; j = j + 1 == cap ? 0 : j + 1) {
                int h = home(t[j << 2] * PHI << SEGMENT_BITS, cap);
                // the entry at j may move to the hole only if the hole lies on its probe path h … j
                if (distance(h, j, cap) >= distance(hole, j, cap)) {
                    System.arraycopy(t, j << 2, t, hole << 2, 4);
                    hole = j;
                }
            }
            t[(hole << 2) + 3] = 0;
            count--;
            if (cap > MIN_CAPACITY && count < cap >>> 3) {
                resize(Math.max(MIN_CAPACITY, count * 2));
            }
            return true;
        }

        private static int distance(int from, int to, int cap) {
            int d = to - from;
            return d < 0 ? d + cap : d;
        }

        private static int grown(int capacity) {
            if (capacity >= MAX_CAPACITY) {
                throw new IllegalStateException("a segment of the client's live set holds more than "
                        + (MAX_CAPACITY / 4 * 3) + " allocations and cannot grow further");
            }
            return Math.min(MAX_CAPACITY, capacity + (capacity >>> 1));
        }

        private void resize(int capacity) {
            long[] old = slots;
            long[] t = new long[capacity * 4];
            for (int j = 0; j < old.length; j += 4) {
                if (old[j + 3] != 0) {
                    int i = home(old[j] * PHI << SEGMENT_BITS, capacity);
                    while (t[(i << 2) + 3] != 0) {
                        i = i + 1 == capacity ? 0 : i + 1;
                    }
                    System.arraycopy(old, j, t, i << 2, 4);
                }
            }
            slots = t;
            maxCount = (int) (capacity * 3L / 4);
        }
    }
}
