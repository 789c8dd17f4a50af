package dev.custody.agent.bootstrap;

import java.util.Arrays;

/**
 * Call sites as small integers, and the per-thread slot that holds the site of the tracked call in progress.
 *
 * <p>The call-site visitor registers {@code Class.method(File.java:line)} once per call instruction at
 * transform time and inserts {@code Sites.enter(id)} before the call; events read {@link #current()}. So a
 * site costs two stores into the thread's {@link ThreadContext} per tracked call and never a stack walk: the site
 * before the call, and {@link #UNKNOWN} after it returns ({@link #leave()}). Events fired by runtime-internal paths
 * during the call (a program cache clear closing programs, say) keep the site of the application call that caused
 * them; an event after it with no instrumented call of its own (a call from the JDK, by reflection) reads
 * {@code <unknown site>}, never the line of an earlier, finished call. Calls of rules-file methods use a second
 * slot, which their event empties ({@link #enterRule(int)}, {@link #takeRuleSite()}): a rules file may name a JDK
 * class, whose acquisitions inside the JDK have no instrumented call site and must not inherit an old one.
 *
 * <p>All per-thread state of the agent lives in the thread's {@link ThreadContext}: the site, the destructor depth
 * and the ledger's nesting counters, so an event looks up one context, not one thread-local per piece of state.
 */
public final class Sites {
    /** The id of "no site recorded". */
    public static final int UNKNOWN = 0;

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
        ThreadContext.current().site = site;
    }

    /**
     * Forgets the current thread's call site: inserted by the call-site visitor after each tracked call returns, so
     * that an event no instrumented call precedes (a call through an interface, from the JDK, by reflection) reads
     * {@link #UNKNOWN} instead of the site of an earlier, finished call.
     */
    public static void leave() {
        ThreadContext.current().site = UNKNOWN;
    }

    /**
     * Remembers {@code site} as the current thread's rules-file call site: inserted by the call-site visitor before
     * each call of a method a rules file names. The rule event it precedes takes it ({@link #takeRuleSite()}).
     *
     * @param site an id returned by {@link #register(String)}
     */
    public static void enterRule(int site) {
        ThreadContext.current().ruleSite = site;
    }

    /**
     * Returns the current thread's rules-file call site and forgets it, so that the next rule event, if no
     * instrumented call precedes it, finds {@link #UNKNOWN}.
     *
     * @return the id set by the last {@link #enterRule(int)} not yet taken, or {@link #UNKNOWN}
     */
    public static int takeRuleSite() {
        ThreadContext c = ThreadContext.current();
        int site = c.ruleSite;
        c.ruleSite = UNKNOWN;
        return site;
    }

    /**
     * Forgets both of the current thread's call sites: inserted at the start of every exception handler of an
     * application class, since a tracked call that threw never reached its {@link #leave()}, nor a rules-file
     * constructor or factory its event.
     */
    public static void landed() {
        ThreadContext c = ThreadContext.current();
        c.site = UNKNOWN;
        c.ruleSite = UNKNOWN;
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
        ThreadContext.current().site = site;
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
     * Returns the current thread's context. Callers look it up once per event and keep it for the event; it never
     * changes identity for a thread.
     *
     * @return the thread's context, never null
     */
    public static ThreadContext context() {
        return ThreadContext.current();
    }

    /**
     * Notes that this thread entered a destructor (a Buffer.close, which runs destroy when it drops the last
     * reference): frees inside it are not explicit.
     *
     * @return the thread's context, to hand to {@link #exitDestructor(ThreadContext)} without a second lookup
     */
    public static ThreadContext enterDestructor() {
        ThreadContext c = ThreadContext.current();
        c.destructor++;
        return c;
    }

    /**
     * Notes that this thread left a destructor.
     *
     * @param context the context returned by {@link #enterDestructor()}, or null (then looked up)
     */
    public static void exitDestructor(ThreadContext context) {
        ThreadContext c = context != null ? context : ThreadContext.current();
        if (c.destructor > 0) {
            c.destructor--;
        }
    }

    /** Returns whether this thread is inside a destructor. */
    public static boolean inDestructor() {
        return ThreadContext.current().destructor > 0;
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
        return ThreadContext.current().site;
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
