package dev.custody.agent;

import java.lang.instrument.Instrumentation;

/**
 * The Launcher-Agent-Class of {@code java -jar custody-agent.jar …}: the command line keeps the JVM's
 * instrumentation for commands that need it, and installs nothing.
 */
public final class LauncherAgent {
    private static volatile Instrumentation instrumentation;

    private LauncherAgent() {}

    /**
     * Stores the instrumentation.
     *
     * @param args ignored
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        instrumentation = inst;
    }

    /** Returns the command-line JVM's instrumentation, or null when not launched with {@code -jar}. */
    public static Instrumentation instrumentation() {
        return instrumentation;
    }
}
