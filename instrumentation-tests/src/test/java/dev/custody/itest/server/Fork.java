package dev.custody.itest.server;

import static org.assertj.core.api.Assertions.fail;

import dev.custody.itest.Jvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A forked JVM whose output goes to files that tests read while it runs. */
final class Fork implements AutoCloseable {
    private static final Path OUT_DIR = Path.of("target", "it-server");

    final Process process;
    final Path out;
    final Path err;
    private Path socketFile; // a server fork's socket, removed on close

    private Fork(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code java -cp <agent jar>:<test classes> <main> args…}. */
    static Fork java(String name, String main, String... args) throws IOException {
        return start(
                name,
                null,
                required("custody.agent.jar") + java.io.File.pathSeparator + required("custody.test.classes"),
                main,
                args);
    }

    /** Starts {@code java -jar <agent jar> args…}: the command line as users run it. */
    static Fork agentJar(String name, String... args) throws IOException {
        return start(name, null, null, null, args);
    }

    /**
     * Starts {@code java -javaagent:<agent jar>=<agentArgs> -cp <test classes>:<port jar> <main> args…}: an
     * application of the port under the agent.
     */
    static Fork withAgent(String name, String agentArgs, String main, String... args) throws IOException {
        return start(
                name,
                agentArgs,
                required("custody.test.classes") + java.io.File.pathSeparator + required("custody.port.jar"),
                main,
                args);
    }

    private static Fork start(String name, String agentArgs, String classPath, String main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Jvm.java());
        String unsafe = Jvm.unsafeFlag();
        if (!unsafe.isBlank()) {
            cmd.add(unsafe);
        }
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        if (agentArgs != null) {
            cmd.add("-javaagent:" + required("custody.agent.jar") + "=" + agentArgs);
        }
        if (classPath == null) {
            cmd.add("-jar");
            cmd.add(required("custody.agent.jar"));
        } else {
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(main);
        }
        cmd.addAll(List.of(args));
        Files.createDirectories(OUT_DIR);
        Path out = OUT_DIR.resolve(name + ".out");
        Path err = OUT_DIR.resolve(name + ".err");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new Fork(p, out, err);
    }

    static String required(String property) {
        return Jvm.property(property);
    }

    long pid() {
        return process.pid();
    }

    String out() {
        return read(out);
    }

    String err() {
        return read(err);
    }

    /** Waits until standard output has a line matching {@code p}; fails with both outputs after the timeout. */
    String awaitLine(Predicate<String> p, long timeoutMs, String what) {
        return await(out, p, timeoutMs, what);
    }

    /** Like {@link #awaitLine} on standard error. */
    String awaitErrLine(Predicate<String> p, long timeoutMs, String what) {
        return await(err, p, timeoutMs, what);
    }

    private String await(Path file, Predicate<String> p, long timeoutMs, String what) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < end) {
            for (String line : read(file).split("\n", -1)) {
                if (p.test(line)) {
                    return line;
                }
            }
            sleep(20);
        }
        return fail(
                "no line " + what + " within " + timeoutMs + " ms\n--- stdout\n" + out() + "\n--- stderr\n" + err());
    }

    /** Writes a line to the fork's standard input (the scenario client's release signal). */
    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** SIGTERM, then waits for the exit; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("fork did not stop within 15 s of SIGTERM\n" + out());
        }
        return process.exitValue();
    }

    int awaitExit(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("fork did not exit within " + timeoutMs + " ms\n--- stdout\n" + out() + "\n--- stderr\n" + err());
        }
        return process.exitValue();
    }

    /** Marks {@code socket} as this fork's, removed if {@link #close} has to kill the fork. */
    Fork owning(Path socket) {
        this.socketFile = socket;
        return this;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (socketFile != null) {
                ServerFork.deleteQuietly(socketFile); // only a server we killed here leaves its socket behind
            }
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
