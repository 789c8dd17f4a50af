package dev.custody.agent;

import dev.custody.agent.tooling.AgentInstaller;
import dev.custody.agent.tooling.AgentOptions;
import dev.custody.agent.tooling.RulesFile;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point for {@code -javaagent:custody-agent.jar[=options]} (premain) and for a dynamic
 * attach (agentmain). Parses the options and reads the rules file, puts the bootstrap part on the boot class path
 * when a rule names a JDK class, installs the agent, and never throws.
 */
public final class CustodyAgent {
    private CustodyAgent() {}

    /**
     * Called by the JVM before {@code main} for {@code -javaagent}. Rejected options stop the JVM with the
     * usage text and exit status 2: running untracked would hide the mistake. So does a rules file that cannot be
     * read or has a bad line (the message names the file and the line).
     *
     * @param args the agent options
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    /**
     * Called by the JVM on a dynamic attach. Rejected options or a bad rules file are printed and the agent stays
     * uninstalled: an attach must never stop the target.
     *
     * @param args the agent options
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static void start(String args, Instrumentation inst, boolean late) {
        AgentOptions options;
        RulesFile rules;
        try {
            options = AgentOptions.parse(args, System.getProperties());
            rules = options.rules() == null ? null : RulesFile.read(options.rules());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            if (!late) {
                System.exit(2);
            }
            return;
        }
        try {
            // Only advice in a class of the boot or platform loader needs the bootstrap package there: appending to
            // the boot class path makes HotSpot warn and stop sharing the CDS archive's other classes.
            if (rules != null && rules.namesBootClasses()) {
                BootstrapJar.append(inst, options.cache());
            }
            AgentInstaller.install(options, rules, inst, late);
        } catch (RuntimeException | LinkageError e) {
            System.err.println("custody: the agent could not start and is not tracking: " + e.getMessage());
            if (options.strict() && !late) {
                System.exit(2);
            }
        }
    }
}
