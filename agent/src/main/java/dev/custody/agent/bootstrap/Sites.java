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

    private static final ThreadLocal<int[]> SLOT = ThreadLocal.withInitial(() -> new int[1]);
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
