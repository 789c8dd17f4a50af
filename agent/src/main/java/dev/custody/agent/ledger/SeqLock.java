package dev.custody.agent.ledger;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sequence lock: writers exclude each other with one compare-and-set; readers take no lock at all but read
 * optimistically and validate afterwards, falling back to the write lock when a writer interfered.
 *
 * <p>Writers: {@link #lock()} … {@link #unlock()} in a {@code try}/{@code finally}, with only plain field and array
 * work between them (no callbacks, no other lock). Readers:
 *
 * <pre>{@code
 * int stamp = readStamp();
 * T result = ...; // reads only; must tolerate torn state (bounded loops, no exceptions)
 * if (!valid(stamp)) { lock(); try { result = ...; } finally { unlock(); } }
 * }</pre>
 */
// The sequence is the AtomicInteger this class extends (even while no writer holds the lock, odd while one does;
// bumped twice per write), not a VarHandle on a field: the first VarHandle lookup in a JVM costs about 1.5 ms at
// start-up, and each VarHandle call about 0.6 µs while its caller still runs interpreted (AtomicInteger's: 0.08 µs).
@SuppressWarnings("serial") // never serialized
class SeqLock extends AtomicInteger {
    /*
     * Design. The ledger's tables are written on every allocation and free, but each by one thread at a time in
     * practice (the runtime serializes an allocator's calls), and read by the same events: a monitor costs two
     * CASes per access (enter and exit), and the lifecycle of a small buffer made six such accesses. Here a write
     * costs one CAS (even -> odd) and a release store (odd -> even, a plain store on x86); a read costs two
     * volatile loads, which are plain loads on x86. The JMM argument is StampedLock's: the reader's first load
     * of seq is an acquire that synchronizes with the release of the last completed write, so every write before
     * it is visible; the acquire fence before the second load keeps the data reads before it, and an unchanged
     * even seq proves no write overlapped them. A waiting writer spins briefly and then yields: the critical
     * sections are a few dozen instructions, but on two cores the holder may be descheduled.
     */
    /** Takes the write lock; not reentrant. */
    final void lock() {
        int s = get();
        if ((s & 1) != 0 || !compareAndSet(s, s + 1)) {
            lockContended();
        }
    }

    private void lockContended() {
        for (int spins = 0; ; spins++) {
            int s = get();
            if ((s & 1) == 0 && compareAndSet(s, s + 1)) {
                return;
            }
            if (spins < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Releases the write lock taken by {@link #lock()}. */
    final void unlock() {
        setRelease(getPlain() + 1);
    }

    /** Starts an optimistic read: returns the stamp to hand to {@link #valid(int)}. */
    final int readStamp() {
        return get();
    }

    /**
     * Returns whether the reads since {@code stamp} saw a consistent state: no writer was active at the stamp and
     * none has written since.
     */
    final boolean valid(int stamp) {
        VarHandle.acquireFence();
        return (stamp & 1) == 0 && stamp == get();
    }
}
