package dev.custody.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child JVMs of the whole-process benchmarks: the server and the load clients. */
final class Processes {
    private Processes() {}

    /** The java launcher of this JVM, so children run on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar (or directory) this class was loaded from: benchmarks.jar when run from it. */
    static Path ownClassPath() {
        try {
            return Path.of(Processes.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmarks class path: " + e.getMessage(), e);
        }
    }

    /** A class path of the benchmarks and the agent jar (for the agent's wire and server classes). */
    static String classPath(Path agentJar) {
        return ownClassPath() + File.pathSeparator + agentJar.toAbsolutePath();
    }

    /**
     * Starts the allocation server ({@code java -jar custody-agent.jar server}) on {@code socket} with per-event lines off, and
     * waits until it answers.
     *
     * @param jvm options for the server's JVM
     * @param extra further server options (the legacy socket)
     * @param log where its output goes
     */
    static Process startServer(Path agentJar, List<String> jvm, Path socket, List<String> extra, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvm);
        cmd.addAll(List.of(
                "-jar",
                agentJar.toAbsolutePath().toString(),
                "server",
                "--socket",
                socket.toString(),
                "--quiet",
                "--stats-interval",
                "0"));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the server exited with status " + p.exitValue() + "; see " + log);
            }
            if (Files.exists(socket)) {
                try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    return p;
                } catch (IOException notYet) {
                    // bound but not accepting yet
                }
            }
            sleep(20);
        }
        p.destroyForcibly();
        throw new IOException("the server did not answer on " + socket + " within 30 s; see " + log);
    }

    /** Stops a server with SIGTERM (it prints its final statistics) and waits for it. */
    static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    /** A client process talking line by line on its standard input and output. */
    static final class Client implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final BufferedWriter in;

        Client(List<String> cmd) throws IOException {
            process = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        }

        /**
         * Reads lines until one starts with {@code prefix}.
         *
         * @throws IOException if the client exits first
         */
        String expect(String prefix) throws IOException {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
                System.out.println("  client: " + line);
            }
            throw new IOException("a client exited (status " + waitExit() + ") before printing " + prefix);
        }

        void send(String line) throws IOException {
            in.write(line);
            in.newLine();
            in.flush();
        }

        private int waitExit() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** The value of {@code key=} in a line of space-separated {@code key=value} pairs. */
    static long field(String line, String key) {
        for (String part : line.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Long.parseLong(part.substring(key.length() + 1));
            }
        }
        throw new IllegalArgumentException("no " + key + "= in '" + line + "'");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
