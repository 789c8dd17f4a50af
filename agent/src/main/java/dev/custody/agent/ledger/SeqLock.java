package dev.custody.agent.ledger;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sequence lock: writers bump a sequence around each write; readers take no lock at all but read optimistically
 * and validate afterwards, falling back to the writers' exclusion when a writer interfered.
 *
 * <p>Writers exclude each other in one of two ways, one per instance: with this lock's own compare-and-set, {@link
 * #lock()} … {@link #unlock()}; or by all holding one monitor their owner names (see {@link AllocatorState#guard}),
 * {@link #beginWrite()} … {@link #endWrite()} inside it. Either pair goes in a {@code try}/{@code finally}, with only
 * plain field and array work between (no callbacks, no other lock). Readers:
 *
 * <pre>{@code
 * int stamp = readStamp();
 * T result = ...; // reads only; must tolerate torn state (bounded loops, no exceptions)
 * if (!valid(stamp)) { lock(); try { result = ...; } finally { unlock(); } } // or synchronized (monitor)
 * }</pre>
 */
// The sequence is the AtomicInteger this class extends (even while no write is in progress, odd during one; bumped
// twice per write), not a VarHandle on a field: the first VarHandle lookup in a JVM costs about 1.5 ms at start-up,
// and each VarHandle call about 0.6 µs while its caller still runs interpreted (AtomicInteger's: 0.08 µs).
@SuppressWarnings("serial") // never serialized
class SeqLock extends AtomicInteger {
    /*
     * Design. A write costs one CAS (even -> odd) and a release store (odd -> even, a plain store on x86) with
     * lock(); a monitor costs two CASes (enter and exit). Where the writers' monitor is one the hottest writers hold
     * already (the ledger's allocate and free events run inside the runtime's own critical section on the
     * allocator's lock), those writes cost no atomic instruction at all: beginWrite() makes the sequence odd with a
     * plain store and a store-store fence (free on x86) before the data. A read costs two volatile loads, plain loads
     * on x86. The JMM argument is StampedLock's: the reader's first load of seq is an acquire that
     * synchronizes with the release of the last completed write, so every write before it is visible; the acquire
     * fence before the second load keeps the data reads before it, and an unchanged even seq proves no write
     * overlapped them. A waiting lock() spins briefly and then yields: the critical sections are a few dozen
     * instructions, but on two cores the holder may be descheduled.
     */
    /** Takes the write lock; not reentrant. Not for instances whose writers hold a monitor instead. */
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

    /** Starts a write; the caller holds the monitor that all of this instance's writers hold. */
    final void beginWrite() {
        setPlain(getPlain() + 1);
        // The odd sequence must be visible before any of the write's data.
        VarHandle.storeStoreFence();
    }

    /** Ends the write started by {@link #beginWrite()}. */
    final void endWrite() {
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
