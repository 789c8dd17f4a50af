package dev.custody.itest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a fresh JVM with the shaded agent: the JDK of {@code custody.it.java.home} (or the running
 * one), class path = the test classes + the port jar, stdout and stderr drained on threads, a timeout.
 */
final class ForkedJvm {
    static final Path AGENT_JAR = Path.of(Jvm.property("custody.agent.jar"));
    static final Path PORT_JAR = Path.of(Jvm.property("custody.port.jar"));
    static final Path TEST_CLASSES = Path.of(Jvm.property("custody.test.classes"));
    private static final long TIMEOUT_SECONDS = 180;

    /** What a forked JVM did. */
    record Result(int exit, String stdout, String stderr) {
        /** Returns the lines of the JSONL report (objects only) from {@code file}. */
        static List<String> jsonl(Path file) {
            try {
                return Files.readAllLines(file).stream()
                        .filter(l -> l.startsWith("{"))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private ForkedJvm() {}

    static String java() {
        return Jvm.java();
    }

    /**
     * Runs {@code main} with {@code -javaagent:<agent jar>=<agentArgs>} (no agent when agentArgs is null).
     *
     * @param agentArgs the agent options, or null for a run without the agent
     * @param main the main class
     * @param args its arguments
     */
    static Result run(String agentArgs, String main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags());
        if (agentArgs != null) {
            command.add("-javaagent:" + AGENT_JAR + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.add("-cp");
        command.add(TEST_CLASSES + java.io.File.pathSeparator + PORT_JAR);
        command.add(main);
        command.addAll(List.of(args));
        return exec(command);
    }

    /** The flags every fork gets: quiet dynamic attach, and the Unsafe flag on JDK 23+. */
    static List<String> jvmFlags() {
        List<String> flags = new ArrayList<>();
        flags.add("-XX:+EnableDynamicAgentLoading");
        String unsafe = Jvm.unsafeFlag();
        if (!unsafe.isBlank()) {
            flags.add(unsafe);
        }
        return flags;
    }

    static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).start();
            return waitFor(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    static Result waitFor(Process p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = drain(p.getInputStream(), out);
        Thread e = drain(p.getErrorStream(), err);
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("forked JVM timed out after " + TIMEOUT_SECONDS + " s");
            }
            o.join();
            e.join();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Thread drain(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
