package dev.custody.agent;

import dev.custody.agent.tooling.Libraries;
import java.lang.instrument.Instrumentation;

/**
 * The Launcher-Agent-Class of {@code java -jar custody-agent.jar …}: runs before the command line's main class and
 * puts the libraries the commands use (Prometheus for the server's {@code /metrics}) on the class path. It
 * installs nothing.
 */
public final class LauncherAgent {
    private LauncherAgent() {}

    /**
     * Appends {@code META-INF/custody/libs.jar} to the application class path.
     *
     * @param args ignored
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        try {
            Libraries.append(inst);
        } catch (RuntimeException e) {
            // The commands that need no library (top, dump, a server without --http-port) still work.
            System.err.println("custody: " + e.getMessage());
        }
    }
}
