package dev.custody.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server ingest: events per second the allocation server applies from K client processes.
 *
 * <pre>
 * java -cp benchmarks.jar:custody-agent.jar dev.custody.bench.IngestMain --agent-jar custody-agent.jar
 *     --mode native|legacy --clients K --events N [--warmup-events W] [--client-warmup-events C]
 *     [--server-jvm OPTION]… [--client-jvm OPTION]…
 * </pre>
 *
 * <p>Starts a server ({@code --quiet}, statistics off; legacy mode adds {@code --legacy-socket} with
 * {@code --legacy-frame 112}), starts K {@link NativeLoadClient}s or {@link LegacyLoadClient}s that each
 * connect and then wait, releases them together, and prints {@code ingest mode=M clients=K events=N
 * seconds=S events_per_s=R dropped=D}: N events over the time from the first client's first event to the
 * moment the last client saw the server apply its last one. {@code --warmup-events W} first streams W events
 * from one unmeasured client, so that the figure is that of a server that has been running (JIT-compiled),
 * as a real one has. {@code --client-warmup-events C} (native mode) has every measured client send C events of its
 * own before it reports ready: its figure is then that of clients whose JIT has compiled their path too, where
 * without it the K fresh client JVMs compile while they are measured (on two cores, K compilers beside the server).
 * {@code --server-jvm} and {@code --client-jvm} pass
 * an option to the server's or every client's JVM (a JFR recording, say; {@code {n}} in a client option
 * becomes the client's number).
 */
public final class IngestMain {
    private IngestMain() {}

    /** Entry point; see the class documentation. */
    public static void main(String[] args) throws Exception {
        Path agentJar = null;
        String mode = "native";
        int clients = 1;
        long events = 2_000_000;
        List<String> serverJvm = new ArrayList<>();
        List<String> clientJvm = new ArrayList<>();
        long warmup = 0;
        long clientWarmup = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--agent-jar" -> agentJar = Path.of(args[++i]);
                case "--mode" -> mode = args[++i];
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--events" -> events = Long.parseLong(args[++i]);
                case "--server-jvm" -> serverJvm.add(args[++i]);
                case "--client-jvm" -> clientJvm.add(args[++i]);
                case "--warmup-events" -> warmup = Long.parseLong(args[++i]);
                case "--client-warmup-events" -> clientWarmup = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument '" + args[i]
                                    + "'; use --agent-jar JAR --mode native|legacy --clients K --events N"
                                    + " [--warmup-events N] [--client-warmup-events C] [--server-jvm OPTION]… [--client-jvm OPTION]…");
            }
        }
        if (agentJar == null || !Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException("--agent-jar " + agentJar + " is not a file; build the agent first");
        }
        if (!mode.equals("native") && !mode.equals("legacy")) {
            throw new IllegalArgumentException("--mode " + mode + " must be native or legacy");
        }
        if (clients < 1 || events < 2L * clients) {
            throw new IllegalArgumentException(
                    "--clients " + clients + " must be >= 1 and --events " + events + " at least 2 per client");
        }
        if (clientWarmup < 0 || (clientWarmup > 0 && mode.equals("legacy"))) {
            throw new IllegalArgumentException("--client-warmup-events " + clientWarmup
                    + " must be >= 0, and 0 in legacy mode (the legacy client encodes its frames once and has no"
                    + " path to warm)");
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "cb");
        Path socket = dir.resolve("n.sock");
        Path legacySocket = dir.resolve("l.sock");
        List<String> extra = mode.equals("legacy")
                ? List.of("--legacy-socket", legacySocket.toString(), "--legacy-frame", "112")
                : List.of();
        Path log = dir.resolve("server.log");
        Process server = Processes.startServer(agentJar, serverJvm, socket, extra, log);
        List<Processes.Client> running = new ArrayList<>();
        boolean ok = false;
        try {
            String main = mode.equals("native") ? NativeLoadClient.class.getName() : LegacyLoadClient.class.getName();
            Path target = mode.equals("native") ? socket : legacySocket;
            if (warmup > 0) {
                try (Processes.Client w =
                        new Processes.Client(clientCommand(agentJar, List.of(), main, target, warmup, 0))) {
                    w.expect("READY");
                    w.send("GO");
                    w.expect("DONE");
                }
            }
            long per = events / clients;
            for (int c = 0; c < clients; c++) {
                List<String> jvm = new ArrayList<>();
                for (String option : clientJvm) {
                    jvm.add(option.replace("{n}", String.valueOf(c)));
                }
                running.add(new Processes.Client(clientCommand(agentJar, jvm, main, target, per, clientWarmup)));
            }
            for (Processes.Client c : running) {
                c.expect("READY");
            }
            for (Processes.Client c : running) {
                c.send("GO");
            }
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            long total = 0;
            long dropped = 0;
            for (Processes.Client c : running) {
                String done = c.expect("DONE");
                start = Math.min(start, Processes.field(done, "start"));
                end = Math.max(end, Processes.field(done, "end"));
                total += Processes.field(done, "events");
                dropped += Processes.field(done, "dropped");
            }
            double seconds = (end - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "ingest mode=%s clients=%d events=%d seconds=%.3f events_per_s=%.0f dropped=%d%n",
                    mode,
                    clients,
                    total,
                    seconds,
                    total / seconds,
                    dropped);
            ok = true;
        } finally {
            for (Processes.Client c : running) {
                c.close();
            }
            Processes.stop(server);
            if (ok) {
                Files.deleteIfExists(log);
                Files.deleteIfExists(dir);
            } else {
                System.err.println("IngestMain: the server's output is in " + log);
            }
        }
    }

    private static List<String> clientCommand(
            Path agentJar, List<String> jvm, String main, Path socket, long events, long warmup) {
        List<String> cmd = new ArrayList<>(List.of(Processes.java()));
        cmd.addAll(jvm);
        cmd.addAll(List.of(
                "-cp",
                Processes.classPath(agentJar),
                main,
                "--socket",
                socket.toString(),
                "--events",
                String.valueOf(events)));
        if (warmup > 0) {
            cmd.addAll(List.of("--warmup", String.valueOf(warmup)));
        }
        return cmd;
    }
}
