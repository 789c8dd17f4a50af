package dev.custody.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Server memory per live allocation:
 * {@code java -cp benchmarks.jar:custody-agent.jar dev.custody.bench.ServerMemoryMain --agent-jar JAR --live N}
 * runs the allocation server inside this JVM, has one {@link NativeLoadClient} process hold N allocations in
 * it, and prints {@code server-memory n=N bytes=B per-allocation=P}: the server's heap growth (after full
 * collections) from "client connected, nothing allocated" to "N allocations held".
 */
/*
 * The server runs in-process (ServerMain.main on a daemon thread, exactly the `custody server` entry point)
 * so its heap can be read with the memory MXBean; the client is a separate process so its own live map does
 * not count. Nothing else lives in this JVM, and the baseline is read after the client connected, so
 * per-connection buffers are not charged to the allocations.
 */
public final class ServerMemoryMain {
    private ServerMemoryMain() {}

    /** Entry point; see the class documentation. */
    public static void main(String[] args) throws Exception {
        Path agentJar = null;
        long live = 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent-jar" -> agentJar = Path.of(args[++i]);
                case "--live" -> live = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument '" + args[i] + "'; use --agent-jar JAR --live N");
            }
        }
        if (agentJar == null || !Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException("--agent-jar " + agentJar + " is not a file; build the agent first");
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cm");
        Path socket = dir.resolve("n.sock");
        String[] serverArgs = {"--socket", socket.toString(), "--quiet", "--stats-interval", "0"};
        Thread server = new Thread(
                () -> {
                    try {
                        Class.forName("dev.custody.agent.server.ServerMain")
                                .getMethod("main", String[].class)
                                .invoke(null, (Object) serverArgs);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(
                                "cannot run dev.custody.agent.server.ServerMain; put"
                                        + " custody-agent.jar on the class path: " + e,
                                e);
                    }
                },
                "in-process-server");
        server.setDaemon(true);
        server.start();
        while (!Files.exists(socket)) {
            Processes.sleep(20);
        }
        try (Processes.Client client = new Processes.Client(List.of(
                Processes.java(),
                "-cp",
                Processes.classPath(agentJar),
                NativeLoadClient.class.getName(),
                "--socket",
                socket.toString(),
                "--hold",
                String.valueOf(live)))) {
            client.expect("READY");
            long before = Heap.usedAfterGc();
            client.send("GO");
            String held = client.expect("HELD");
            long after = Heap.usedAfterGc();
            long bytes = after - before;
            System.out.printf(
                    Locale.ROOT,
                    "server-memory n=%d bytes=%d per-allocation=%.1f dropped=%d%n",
                    live,
                    bytes,
                    (double) bytes / live,
                    Processes.field(held, "dropped"));
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }
}
