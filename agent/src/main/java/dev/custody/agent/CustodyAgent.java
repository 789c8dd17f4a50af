package dev.custody.agent;

import dev.custody.agent.tooling.AgentInstaller;
import dev.custody.agent.tooling.AgentOptions;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point for {@code -javaagent:custody-agent.jar[=options]} (premain) and for a dynamic
 * attach (agentmain). Parses the options, puts the bootstrap part on the boot class path when a rules file
 * may instrument JDK classes, installs the agent, and never throws.
 */
public final class CustodyAgent {
    private CustodyAgent() {}

    /**
     * Called by the JVM before {@code main} for {@code -javaagent}. Rejected options stop the JVM with the
     * usage text and exit status 2: running untracked would hide the mistake.
     *
     * @param args the agent options
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    /**
     * Called by the JVM on a dynamic attach. Rejected options are printed and the agent stays uninstalled:
     * an attach must never stop the target.
     *
     * @param args the agent options
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean late) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args, System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            if (!late) {
                System.exit(2);
            }
            return;
        }
        try {
            if (options.rules() != null) {
                BootstrapJar.append(inst);
            }
            AgentInstaller.install(options, inst, late);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("custody: the agent could not start and is not tracking: " + e.getMessage());
            if (options.strict() && !late) {
                System.exit(2);
            }
        }
    }
}
