package dev.custody.agent.bootstrap;

import java.util.Arrays;

/**
 * Call sites as small integers, and the per-thread slot that holds the site of the tracked call in progress.
 *
 * <p>The call-site visitor registers {@code Class.method(File.java:line)} once per call instruction at
 * transform time and inserts {@code Sites.enter(id)} before the call; events read {@link #current()}. So a
 * site costs one thread-local store per tracked call and never a stack walk. The slot is not cleared after
 * the call: events fired later by runtime-internal paths (a program cache clear closing programs, say) keep
 * the site of the application call that caused them.
 *
 * <p>All per-thread state of the agent lives in one {@code int[]} per thread ({@link #context()}): the site, the
 * destructor depth and the ledger's nesting counters. An event therefore costs one thread-local probe (each
 * probe is a ThreadLocalMap lookup with a weak-reference check, the largest per-event cost the profiles showed)
 * instead of one per piece of state.
 */
public final class Sites {
    /** The id of "no site recorded". */
    public static final int UNKNOWN = 0;

    /** Index in {@link #context()} of the current site. */
    public static final int SITE = 0;
    /** Index in {@link #context()} of the destructor depth. */
    public static final int DESTRUCTOR = 1;
    /** Index in {@link #context()} of the number of devices being opened. */
    public static final int DEVICES_OPENING = 2;
    /** Index in {@link #context()} of the number of mesh buffers being created. */
    public static final int MESH_CREATING = 3;
    /** Index in {@link #context()} of the number of kernel binary loads in progress. */
    public static final int KERNEL_BINARIES = 4;

    private static final ThreadLocal<int[]> SLOT = ThreadLocal.withInitial(() -> new int[5]);

    private static volatile CallCheck addressCheck = NoCheck.INSTANCE;

    private static final Object LOCK = new Object();
    private static volatile String[] names = {"<unknown site>"};
    private static int count = 1;

    private Sites() {}

    /**
     * Remembers {@code site} as the current thread's call site. Inserted by the call-site visitor.
     *
     * @param site an id returned by {@link #register(String)}
     */
    public static void enter(int site) {
        SLOT.get()[SITE] = site;
    }

    /**
     * Remembers {@code site} and runs the address check on {@code receiver}: inserted by the call-site visitor
     * before each application call of Buffer.address(), so the runtime's own address() calls cost nothing. Never
     * throws: a failing check is counted in {@link AgentErrors}.
     *
     * @param receiver the buffer whose address the application asks for, possibly null
     * @param site an id returned by {@link #register(String)}
     */
    public static void enterAddress(Object receiver, int site) {
        SLOT.get()[SITE] = site;
        try {
            addressCheck.check(receiver);
        } catch (Throwable t) {
            AgentErrors.record(t);
        }
    }

    /**
     * Installs the check run by {@link #enterAddress}.
     *
     * @param check the check
     */
    public static void useAddressCheck(CallCheck check) {
        addressCheck = check;
    }

    /**
     * Returns the current thread's context: {@code int[5]} indexed by {@link #SITE}, {@link #DESTRUCTOR},
     * {@link #DEVICES_OPENING}, {@link #MESH_CREATING} and {@link #KERNEL_BINARIES}. Callers read it once per
     * event and keep it for the event; it never changes identity for a thread.
     *
     * @return the thread's context array, never null
     */
    public static int[] context() {
        return SLOT.get();
    }

    /**
     * Notes that this thread entered a destructor (Buffer.destroy): frees inside it are not explicit.
     *
     * @return the thread's context, to hand to {@link #exitDestructor(int[])} without a second lookup
     */
    public static int[] enterDestructor() {
        int[] slot = SLOT.get();
        slot[DESTRUCTOR]++;
        return slot;
    }

    /**
     * Notes that this thread left a destructor.
     *
     * @param slot the context returned by {@link #enterDestructor()}, or null (then looked up)
     */
    public static void exitDestructor(int[] slot) {
        int[] ctx = slot != null ? slot : SLOT.get();
        if (ctx[DESTRUCTOR] > 0) {
            ctx[DESTRUCTOR]--;
        }
    }

    /** Returns whether this thread is inside a destructor. */
    public static boolean inDestructor() {
        return SLOT.get()[DESTRUCTOR] > 0;
    }

    private static final class NoCheck implements CallCheck {
        static final NoCheck INSTANCE = new NoCheck();

        @Override
        public void check(Object receiver) {
            // nothing installed
        }
    }

    /** Returns the current thread's call site id, or {@link #UNKNOWN}. */
    public static int current() {
        return SLOT.get()[SITE];
    }

    /**
     * Registers a site text and returns its id; registering the same text twice yields two ids (cheap, and
     * a class is only transformed a few times).
     *
     * @param text {@code Class.method(File.java:line)}
     * @return an id greater than zero
     */
    public static int register(String text) {
        synchronized (LOCK) {
            String[] current = names;
            if (count == current.length) {
                current = Arrays.copyOf(current, current.length * 2);
            }
            current[count] = text;
            names = current;
            return count++;
        }
    }

    /**
     * Returns every registered site text, indexed by id (index 0 is the text of {@link #UNKNOWN}). The
     * transformation cache saves it next to the class bytes whose inserted ids refer to it.
     *
     * @return a copy, never null
     */
    public static String[] registered() {
        synchronized (LOCK) {
            return Arrays.copyOf(names, count);
        }
    }

    /**
     * Restores the site table saved with cached class bytes, so that the ids those bytes carry name the same
     * texts in this process. Only possible before the first {@link #register(String)}: later ids would clash.
     *
     * @param texts the table returned by {@link #registered()} in an earlier run; index 0 is ignored
     * @return true if restored; false if a site was already registered in this process (nothing changes)
     */
    public static boolean restore(String[] texts) {
        synchronized (LOCK) {
            if (count != 1) {
                return false;
            }
            String[] restored = Arrays.copyOf(texts, Math.max(texts.length * 2, 2));
            restored[0] = names[0];
            names = restored;
            count = Math.max(texts.length, 1);
            return true;
        }
    }

    /**
     * Returns the text of a site id.
     *
     * @param site an id, possibly {@link #UNKNOWN}
     * @return the registered text, or {@code <unknown site>} for an unknown or out-of-range id
     */
    public static String describe(int site) {
        String[] current = names;
        if (site <= 0 || site >= current.length || current[site] == null) {
            return current[0];
        }
        return current[site];
    }
}
