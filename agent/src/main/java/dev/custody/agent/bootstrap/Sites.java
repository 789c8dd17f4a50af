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
 */
public final class Sites {
    /** The id of "no site recorded". */
    public static final int UNKNOWN = 0;

    /** Per thread: [0] current site, [1] 1 while an application call to a checked method is pending, [2] destructor depth. */
    private static final ThreadLocal<int[]> SLOT = ThreadLocal.withInitial(() -> new int[3]);

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
        SLOT.get()[0] = site;
    }

    /**
     * Remembers {@code site} and marks the next checked method entered on this thread (Buffer.address) as called
     * by the application, not by the runtime itself. Inserted by the call-site visitor.
     *
     * @param site an id returned by {@link #register(String)}
     */
    public static void enterChecked(int site) {
        int[] slot = SLOT.get();
        slot[0] = site;
        slot[1] = 1;
    }

    /** Returns whether an application call to a checked method is pending, and clears the mark. */
    public static boolean takeChecked() {
        int[] slot = SLOT.get();
        if (slot[1] == 0) {
            return false;
        }
        slot[1] = 0;
        return true;
    }

    /** Notes that this thread entered a destructor (Buffer.destroy): frees inside it are not explicit. */
    public static void enterDestructor() {
        SLOT.get()[2]++;
    }

    /** Notes that this thread left a destructor. */
    public static void exitDestructor() {
        int[] slot = SLOT.get();
        if (slot[2] > 0) {
            slot[2]--;
        }
    }

    /** Returns whether this thread is inside a destructor. */
    public static boolean inDestructor() {
        return SLOT.get()[2] > 0;
    }

    /** Returns the current thread's call site id, or {@link #UNKNOWN}. */
    public static int current() {
        return SLOT.get()[0];
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
