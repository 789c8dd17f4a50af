package dev.custody.agent.cli;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import dev.custody.agent.CustodyAgent;
import dev.custody.agent.monitor.DumpMain;
import dev.custody.agent.monitor.TopMain;
import dev.custody.agent.server.ServerMain;
import dev.custody.agent.tooling.AgentOptions;
import dev.custody.agent.tooling.RulesFile;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;

/**
 * {@code java -jar custody-agent.jar COMMAND …}. Each command is one case of {@link #run}; add new commands
 * there.
 */
public final class CustodyCli {
    static final String USAGE = String.join(
            "\n",
            "usage: java -jar custody-agent.jar COMMAND [ARGS]",
            "  attach PID [OPTIONS]   load the agent into the running JVM PID (OPTIONS as for -javaagent, e.g.",
            "                         level=track,report=exit); classes already loaded are retransformed and",
            "                         memory allocated before the attach is pre-existing, never a finding",
            "  server [OPTIONS]       run the cross-process allocation server (server --help for its options)",
            "  top [OPTIONS]          live per-device memory monitor of the server (top --help)",
            "  dump [OPTIONS]         the allocations the server still holds, with owner pid and site (dump --help)",
            "  help                   this text");

    private CustodyCli() {}

    /**
     * Runs a command and exits with its status.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a command.
     *
     * @return the exit status: 0 done, 2 bad usage, 1 failed
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "attach" -> attach(rest, out, err);
            // These own their exit status (and the server runs until SIGINT/SIGTERM).
            case "server" -> {
                ServerMain.main(rest);
                yield 0;
            }
            case "top" -> {
                TopMain.main(rest);
                yield 0;
            }
            case "dump" -> {
                DumpMain.main(rest);
                yield 0;
            }
            case "help", "--help", "-h" -> {
                out.println(USAGE);
                yield 0;
            }
            default -> {
                err.println("custody: unknown command '" + args[0] + "'\n" + USAGE);
                yield 2;
            }
        };
    }

    private static int attach(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("custody: attach needs PID and at most one OPTIONS argument\n" + USAGE);
            return 2;
        }
        String pid = args[0];
        if (!pid.chars().allMatch(Character::isDigit) || pid.isEmpty()) {
            err.println("custody: attach PID: '" + pid + "' is not a process id\n" + USAGE);
            return 2;
        }
        String options = args.length == 2 ? args[1] : "";
        try {
            AgentOptions parsed = AgentOptions.parse(options, new Properties());
            Path rules = parsed.rules() == null ? null : asTargetSeesIt(pid, parsed.rules());
            if (rules != null) {
                RulesFile.read(rules); // refused here, like a bad option, rather than printed in the target only
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (!isRunning(pid)) {
            err.println("custody: attach PID: no process " + pid
                    + " is running; give the PID of a running JVM of this user (jps lists them)");
            return 1;
        }
        if (isNotAJvm(pid)) {
            err.println("custody: attach PID: process " + pid + " is not a JVM (no libjvm.so in /proc/" + pid
                    + "/maps); give the PID of a running JVM of this user (jps lists them)");
            return 1;
        }
        String jar;
        try {
            jar = new File(CustodyCli.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .getPath();
        } catch (URISyntaxException e) {
            err.println("custody: attach: cannot locate the agent jar: " + e.getMessage());
            return 1;
        }
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            // The JDK's reason ("The VM does not support the attach mechanism", "Unable to open socket file …") first.
            err.println("custody: could not attach to process " + pid + ": " + e.getMessage()
                    + "; a JVM started with -XX:+DisableAttachMechanism or run by another user cannot be attached to:"
                    + " start it with -javaagent:" + jar + " instead");
            return 1;
        }
        try {
            String tracking = vm.getSystemProperties().getProperty(CustodyAgent.TRACKING_PROPERTY);
            if (tracking != null) {
                err.println("custody: process " + pid + " is already tracked by the agent loaded by " + tracking
                        + "; not attached again: one Custody agent tracks a JVM, restart the process to track it"
                        + " with other options");
                return 1;
            }
            vm.loadAgent(jar, options);
        } catch (AgentLoadException | IOException e) {
            // A JVM started with -XX:-EnableDynamicAgentLoading refuses here, and the JDK's reason says so.
            err.println("custody: attached to process " + pid + " but could not load the agent: " + e.getMessage()
                    + "; start it with -javaagent:" + jar + " instead");
            return 1;
        } catch (AgentInitializationException e) {
            err.println("custody: attached to process " + pid + " but the agent failed to start there: "
                    + e.getMessage() + " (the process's standard error says why)");
            return 1;
        } finally {
            try {
                vm.detach();
            } catch (IOException e) {
                // The agent is loaded or refused already; a connection that fails to close changes neither.
            }
        }
        out.println("custody: attached to process " + pid);
        return 0;
    }

    private static boolean isRunning(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (NumberFormatException e) {
            return false; // more digits than a long holds
        }
    }

    /**
     * Whether {@code /proc/PID/maps} shows a process without the JVM's library. The JDK's attach signals the target
     * with SIGQUIT, which kills a process that is not a JVM; a wrong PID must not cost the user that process.
     *
     * @return false when it is a JVM, or when the maps cannot be read (not Linux, another user's process): the
     *     attach then tells
     */
    private static boolean isNotAJvm(String pid) {
        // ISO-8859-1 reads any byte: a mapped file's name need not be UTF-8.
        try (BufferedReader maps =
                Files.newBufferedReader(Path.of("/proc", pid, "maps"), StandardCharsets.ISO_8859_1)) {
            boolean any = false;
            for (String line = maps.readLine(); line != null; line = maps.readLine()) {
                if (line.endsWith("/libjvm.so")) {
                    return false;
                }
                any = true;
            }
            return any; // an empty file is a process that has none to show (a zombie): let the attach tell
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * Returns {@code path} as process {@code pid} will open it: a relative path against that process's working
     * directory (read from {@code /proc}), or null when that directory cannot be known (the target checks the file
     * itself then).
     */
    private static Path asTargetSeesIt(String pid, Path path) {
        if (path.isAbsolute()) {
            return path;
        }
        try {
            return Path.of("/proc", pid, "cwd").toRealPath().resolve(path);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
