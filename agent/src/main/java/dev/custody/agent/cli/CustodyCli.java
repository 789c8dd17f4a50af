package dev.custody.agent.cli;

import dev.custody.agent.monitor.DumpMain;
import dev.custody.agent.monitor.TopMain;
import dev.custody.agent.server.ServerMain;
import dev.custody.agent.tooling.AgentOptions;
import dev.custody.agent.tooling.RulesFile;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import net.bytebuddy.agent.ByteBuddyAgent;

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
        try {
            File jar = new File(CustodyCli.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            ByteBuddyAgent.attach(jar, pid, options);
        } catch (URISyntaxException | RuntimeException e) {
            // Byte Buddy wraps the JDK's reason ("Unable to open socket file …") in an exception naming its own
            // attachment provider: the innermost cause is what the user can act on.
            Throwable reason = e;
            while (reason.getCause() != null && reason.getCause() != reason) {
                reason = reason.getCause();
            }
            err.println("custody: could not attach to process " + pid + ": " + reason
                    + " (is it a JVM of the same user? on JDK 21+ start it with -XX:+EnableDynamicAgentLoading)");
            return 1;
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
