package dev.custody.agent.tooling;

import java.util.List;

/**
 * Loads, on a daemon thread of its own, the agent classes a run needs after {@code premain}: the first events' and
 * the exit report's. Started by a {@code -javaagent} start-up only; it changes nothing but which thread
 * pays for reading, defining and verifying those classes.
 */
final class Preloader implements Runnable {
    /*
     * Design. At a -javaagent start every class of ours is read from the jar, defined and verified on the main
     * thread, interpreted, before or while the application starts: about 40 classes, several milliseconds of the
     * application's wall time. A JVM that is starting up leaves the other core of a two-core machine partly idle, so
     * premain hands the classes needed later to this thread and goes on with what only it can do (reading the
     * transformation cache, installing the sink and the transformer); by the time the application's first events and
     * the exit report need a class, it is usually defined.
     *
     * Safety. The class loader takes a lock per class name, so a class the main thread asks for while it is being
     * loaded here is waited for, never defined twice. Classes are linked and initialized here too (verification is
     * most of the cost), which is safe only because none of the listed classes has a static initializer that
     * reaches another listed class that could be initializing on the main thread at the same moment (two threads
     * initializing each other's classes would deadlock): their initializers touch the JDK and leaf constants only.
     * Custody's holder of the fixed sink (Custody$Active) is deliberately absent: initializing it fixes the sink. A
     * class that fails to load here is skipped; the main thread then loads it on demand and sees the error itself.
     * PreloaderTest checks that every name resolves, so a rename cannot silently empty the list.
     */

    /**
     * Classes a tracking run (level track and above) first needs after premain, at its first events and in the exit
     * report, in that order. The ones premain itself needs are not listed: the main thread is already loading them
     * when this thread starts, and would only wait for it.
     */
    static final List<String> TRACKING = List.of(
            "dev.custody.agent.bootstrap.ThreadContext",
            "dev.custody.agent.ledger.AddressTable",
            "dev.custody.agent.ledger.Allocation",
            "dev.custody.agent.ledger.Allocation$Extras",
            "dev.custody.agent.ledger.ProgramRecord",
            "dev.custody.agent.ledger.AliasRecord",
            "dev.custody.agent.bootstrap.AgentErrors",
            "dev.custody.agent.ledger.DeviceStats",
            "dev.custody.agent.ledger.Snapshot",
            "dev.custody.agent.ledger.Finding",
            "dev.custody.agent.ledger.FindingKind",
            "dev.custody.agent.report.TextReport");

    /** Classes a counting run ({@code level=count}) first needs after premain. */
    static final List<String> COUNTING = List.of(
            "dev.custody.agent.bootstrap.ThreadContext",
            "dev.custody.agent.bootstrap.AgentErrors",
            "dev.custody.agent.ledger.Snapshot",
            "dev.custody.agent.ledger.Finding",
            "dev.custody.agent.ledger.FindingKind",
            "dev.custody.agent.report.TextReport");

    private final List<String> classes;
    private final ClassLoader loader;

    private Preloader(List<String> classes, ClassLoader loader) {
        this.classes = classes;
        this.loader = loader;
    }

    /**
     * Starts loading the classes of a run at this level on a daemon thread named {@code custody-preload}.
     *
     * @param tracking whether the ledger runs (level track and above) rather than the counting sink
     */
    static void start(boolean tracking) {
        Thread t = new Thread(
                new Preloader(tracking ? TRACKING : COUNTING, Preloader.class.getClassLoader()), "custody-preload");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        for (String name : classes) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                // Loaded on demand instead, where the error surfaces as it would have without this thread.
            }
        }
    }
}
