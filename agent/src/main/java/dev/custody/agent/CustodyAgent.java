package dev.custody.agent;

import dev.custody.agent.tooling.AgentInstaller;
import dev.custody.agent.tooling.AgentOptions;
import dev.custody.agent.tooling.Level;
import dev.custody.agent.tooling.RulesFile;
import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point for {@code -javaagent:custody-agent.jar[=options]} (premain) and for a dynamic
 * attach (agentmain). Parses the options and reads the rules file, defines the bootstrap part in the boot class
 * loader when a rule names a JDK class, installs the agent, and never throws.
 *
 * <p>One agent tracks a JVM. A second load (a second {@code -javaagent}, an attach to a JVM the agent already tracks)
 * is refused with a message naming the first: installed twice, its transformations would apply twice and a second
 * ledger would count every event again, with a second exit report. A load at {@code level=off} installs nothing and
 * leaves room for a later attach.
 */
public final class CustodyAgent {
    /**
     * The system property the agent sets in the JVM it tracks: how it was loaded and with which options, e.g.
     * {@code -javaagent with options 'strict=true'}. {@code attach} reads it to refuse a second agent before loading
     * one.
     */
    public static final String TRACKING_PROPERTY = "dev.custody.agent.tracking";

    /** How the agent tracking this JVM was loaded; null while none is. Guarded by the class's monitor. */
    private static String tracking;

    private CustodyAgent() {}

    /**
     * Called by the JVM before {@code main} for {@code -javaagent}. Rejected options stop the JVM with the
     * usage text and exit status 2: running untracked would hide the mistake. So does a rules file that cannot be
     * read or has a bad line (the message names the file and the line), and a second {@code -javaagent} of this
     * agent on the same command line.
     *
     * @param args the agent options
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    /**
     * Called by the JVM on a dynamic attach. Rejected options or a bad rules file are printed and the agent stays
     * uninstalled: an attach must never stop the target. So is an attach to a JVM the agent already tracks (the
     * first agent goes on tracking with its own options).
     *
     * @param args the agent options
     * @param inst the JVM's instrumentation
     */
    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static synchronized void start(String args, Instrumentation inst, boolean late) {
        String how = (late ? "a dynamic attach" : "-javaagent") + " with options '" + (args == null ? "" : args) + "'";
        if (tracking != null) {
            System.err.println("custody: this JVM is already tracked by the agent loaded by " + tracking
                    + "; the load by " + how + " is refused: one Custody agent tracks a JVM, "
                    + (late ? "restart the JVM to track it with other options" : "give -javaagent once"));
            if (!late) {
                System.exit(2);
            }
            return;
        }
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
        if (options.level() != Level.OFF) {
            // Marked before installing: an install that failed half-way must not be followed by a second one.
            tracking = how;
            System.setProperty(TRACKING_PROPERTY, how);
        }
        try {
            // Only advice in a class of the boot or platform loader needs the bootstrap package in the boot loader.
            if (rules != null && rules.namesBootClasses()) {
                BootLoaderClasses.define(inst);
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
