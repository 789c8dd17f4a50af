package dev.custody.agent.bootstrap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's state for one thread: the call site of the tracked call in progress, the nesting depths the advice
 * and the ledger keep, and the thread's allocation and free counts at {@code level=count}.
 *
 * <p>{@link #current()} returns the calling thread's context; its fields may be read and written by that thread
 * only (the counts are the exception: {@link #allocationTotal()} and {@link #freeTotal()} sum them over every
 * thread). An event should look its context up once and keep it for the event.
 */
public final class ThreadContext {
    /*
     * Design. A ThreadLocal probe (a ThreadLocalMap hash lookup plus a WeakReference check) was the largest
     * per-event cost in the profiles, and one buffer's lifecycle needs the context several times (call sites,
     * destructor depth, allocation site). So the context of the thread that asked last is also kept in a plain
     * static field and compared by reference with Thread.currentThread(), an intrinsic: a hit costs three loads
     * and a compare, and a single-threaded run always hits. The field is written racily by whichever thread
     * misses; that is benign because a caller uses an instance only when its final `thread` is the caller itself
     * (final fields are seen initialized through any reference), and an instance's mutable fields are touched by
     * its own thread alone. Threads that alternate miss and pay the ThreadLocal probe they would have paid anyway,
     * plus one store.
     *
     * The counts of level=count are plain per-thread longs written with opaque stores (a plain store on x86; no
     * CAS, unlike a LongAdder's base), summed over a registry of every context. The registry is appended to once
     * per thread, on the slow path; when it has doubled since the last sweep, contexts of dead threads are folded
     * into two totals and dropped, so a program that churns threads keeps it bounded by its live threads.
     */
    // A subclass rather than ThreadLocal.withInitial(ThreadContext::register): the method reference would spin a lambda
    // class at the first event of every run (about a millisecond, interpreted).
    private static final ThreadLocal<ThreadContext> LOCAL = new ThreadLocal<>() {
        @Override
        protected ThreadContext initialValue() {
            return register();
        }
    };

    /**
     * The counts' handles, in a holder initialized at the first count: only level=count uses them, and the first
     * VarHandle lookup in a JVM costs about a millisecond and a half at start-up.
     */
    private static final class Counts {
        static final VarHandle ALLOCATIONS;
        static final VarHandle FREES;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                ALLOCATIONS = lookup.findVarHandle(ThreadContext.class, "allocations", long.class);
                FREES = lookup.findVarHandle(ThreadContext.class, "frees", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private Counts() {}
    }

    /** The context of the thread that looked its context up last; racy on purpose (see the design note). */
    private static ThreadContext last;

    private static final Object REGISTRY_LOCK = new Object();
    private static final List<ThreadContext> REGISTRY = new ArrayList<>();
    private static int sweepAt = 64;
    private static long deadAllocations;
    private static long deadFrees;

    /** The name prefix of the agent's own threads (report, cache, server client): see {@link #agentWork}. */
    public static final String AGENT_THREADS = "custody-";

    private final Thread thread;

    /**
     * Whether this thread is doing the agent's own work: an agent thread (named {@link #AGENT_THREADS}…), or the
     * application's thread while the agent builds its transformations. What the JDK does for the agent then (a temp
     * file's SecureRandom opening /dev/urandom, a socket's security providers reading java.security) is not the
     * application's: rules-file events on such a thread are dropped.
     */
    public boolean agentWork;

    /** The id of the call site of the tracked call in progress, or {@link Sites#UNKNOWN} outside one. */
    public int site;

    /**
     * The id of the call site of the rules-file call in progress, or {@link Sites#UNKNOWN}. Unlike {@link #site},
     * the rule event that reads it resets it ({@link Sites#takeRuleSite()}): an acquisition inside the JDK or
     * another uninstrumented caller must not inherit the application's last rule call.
     */
    public int ruleSite;

    /** How many Buffer destructors this thread is inside: frees inside one are not explicit. */
    public int destructor;

    /** How many Device.open / MeshDevice.create calls this thread is inside. */
    public int devicesOpening;

    /** How many MeshBuffer.create calls this thread is inside. */
    public int meshCreating;

    /** How many kernel-binary loads this thread is inside. */
    public int kernelBinaries;

    /**
     * The owning buffer whose allocator call is in progress on this thread (Buffer.allocateImpl entered), or -1: the
     * sink's allocator event records the block as that buffer's at once, instead of a second write when the
     * buffer's own event follows.
     */
    public long allocatingUid = -1;

    /** The size of the buffer named by {@link #allocatingUid}. */
    public long allocatingSize;

    /** The device id of the buffer named by {@link #allocatingUid}. */
    public int allocatingDevice;

    /** Whether that device is a mesh device. */
    public boolean allocatingMesh;

    /**
     * The buffer whose allocation the sink recorded completely from its announcement and the allocator's event, so
     * that the buffer's own event need not be sent ({@link #takeRecorded}), or -1.
     */
    public long recordedUid = -1;

    /**
     * The resource whose rules-file release this thread is running, or null: its own {@code use} methods called by the
     * release are not uses after it.
     */
    public Object releasing;

    /** A lookup cache of the sink's for this thread (the ledger: the allocator state it used last), or null. */
    public Object lastUsed;

    // Written by the owning thread only, with opaque stores; read by the totals from any thread.
    @SuppressWarnings("UnusedVariable") // accessed through Counts.ALLOCATIONS
    private long allocations;

    @SuppressWarnings("UnusedVariable") // accessed through Counts.FREES
    private long frees;

    private ThreadContext(Thread thread) {
        this.thread = thread;
        this.agentWork = thread.getName().startsWith(AGENT_THREADS);
    }

    /**
     * Returns the calling thread's context.
     *
     * @return the context, never null; the same instance for the thread's whole life
     */
    public static ThreadContext current() {
        ThreadContext c = last;
        if (c != null && c.thread == Thread.currentThread()) {
            return c;
        }
        return miss();
    }

    private static ThreadContext miss() {
        ThreadContext c = LOCAL.get();
        last = c;
        return c;
    }

    /**
     * Returns whether the sink recorded the allocation of buffer {@code uid} already (see {@link #recordedUid}), and
     * forgets it: the advice then skips the buffer's own event.
     */
    public static boolean takeRecorded(long uid) {
        ThreadContext c = current();
        if (c.recordedUid != uid) {
            return false;
        }
        c.recordedUid = -1;
        return true;
    }

    /** Counts one allocation of this thread ({@code level=count}); the owning thread only. */
    public void countAllocation() {
        Counts.ALLOCATIONS.setOpaque(this, (long) Counts.ALLOCATIONS.getOpaque(this) + 1);
    }

    /** Counts one free of this thread ({@code level=count}); the owning thread only. */
    public void countFree() {
        Counts.FREES.setOpaque(this, (long) Counts.FREES.getOpaque(this) + 1);
    }

    /** Returns the allocations counted by {@link #countAllocation()} on every thread so far. */
    public static long allocationTotal() {
        synchronized (REGISTRY_LOCK) {
            long sum = deadAllocations;
            for (ThreadContext c : REGISTRY) {
                sum += (long) Counts.ALLOCATIONS.getOpaque(c);
            }
            return sum;
        }
    }

    /** Returns the frees counted by {@link #countFree()} on every thread so far. */
    public static long freeTotal() {
        synchronized (REGISTRY_LOCK) {
            long sum = deadFrees;
            for (ThreadContext c : REGISTRY) {
                sum += (long) Counts.FREES.getOpaque(c);
            }
            return sum;
        }
    }

    private static ThreadContext register() {
        ThreadContext c = new ThreadContext(Thread.currentThread());
        synchronized (REGISTRY_LOCK) {
            if (REGISTRY.size() >= sweepAt) {
                // A terminated thread's writes are visible once isAlive() has returned false (JLS 17.4.4).
                REGISTRY.removeIf(dead -> {
                    if (dead.thread.isAlive()) {
                        return false;
                    }
                    deadAllocations += (long) Counts.ALLOCATIONS.getOpaque(dead);
                    deadFrees += (long) Counts.FREES.getOpaque(dead);
                    return true;
                });
                sweepAt = Math.max(64, REGISTRY.size() * 2);
            }
            REGISTRY.add(c);
        }
        return c;
    }
}
