package dev.custody.agent.server;

import dev.custody.agent.wire.LegacyGeneration;
import dev.custody.agent.wire.Protocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The server's command line: {@code server [--socket PATH] [--legacy-socket PATH] …}. */
record ServerOptions(
        Path socket,
        Path legacySocket,
        LegacyGeneration legacyGeneration,
        int httpPort,
        boolean quiet,
        int statsSeconds,
        boolean help) {

    static final String USAGE = String.join(
            "\n",
            "Usage: custody server [--socket PATH] [--legacy-socket PATH [--legacy-frame 112|144]]",
            "                     [--http PORT] [--quiet] [--stats-interval SECONDS]",
            "",
            "Runs the cross-process allocation server: agents started with server=unix:PATH stream their",
            "allocations to it; `custody top` and `custody dump` read it.",
            "",
            "  --socket PATH          native socket (default " + Protocol.defaultSocketPath() + ", created 0600)",
            "  --legacy-socket PATH   also accept tt-metal allocation_client frames on PATH",
            "  --legacy-frame N       legacy message size: 144 (gen C, default) or 112 (gen B)",
            "  --http PORT            serve /metrics (Prometheus text) on 127.0.0.1:PORT (0 = any free port)",
            "  --quiet                no per-allocation lines (statistics, cleanups and warnings still print)",
            "  --stats-interval S     seconds between statistics blocks (default 10, 0 = never)",
            "  -h, --help             this text");

    /**
     * Parses the arguments after {@code server}.
     *
     * @throws IllegalArgumentException naming the bad argument, its value and the rule
     */
    static ServerOptions parse(String... args) {
        Path socket = Protocol.defaultSocketPath();
        Path legacy = null;
        LegacyGeneration gen = LegacyGeneration.C;
        int http = -1;
        boolean quiet = false;
        int stats = 10;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help" -> {
                    return new ServerOptions(socket, null, gen, -1, false, stats, true);
                }
                case "--socket" -> socket = socketPath(a, value(args, ++i, a));
                case "--legacy-socket" -> legacy = socketPath(a, value(args, ++i, a));
                case "--legacy-frame" -> gen = LegacyGeneration.ofSize(number(a, value(args, ++i, a), 112, 144));
                case "--http" -> http = number(a, value(args, ++i, a), 0, 65535);
                case "--quiet" -> quiet = true;
                case "--stats-interval" -> stats = number(a, value(args, ++i, a), 0, 86400);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option '" + a + "'; run `custody server --help` for the options");
            }
        }
        if (legacy != null && legacy.equals(socket)) {
            throw new IllegalArgumentException("--legacy-socket " + legacy + " is the same path as --socket; give"
                    + " the legacy clients their own path (tt-metal's is /tmp/tt_allocation_server.sock)");
        }
        return new ServerOptions(socket, legacy, gen, http, quiet, stats, false);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value; run `custody server --help`");
        }
        return args[i];
    }

    private static int number(String option, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " " + v + " must be a whole number in " + min + ".." + max);
    }

    /** A socket path must fit sun_path (108 bytes including the terminating NUL). */
    static Path socketPath(String option, String v) {
        Path p = Path.of(v).toAbsolutePath();
        int len = p.toString().getBytes(StandardCharsets.UTF_8).length;
        if (len > 107) {
            throw new IllegalArgumentException(option + " " + v + " is " + len
                    + " bytes long; Unix socket paths must be at most 107 bytes, use a short path such as /tmp/x.sock");
        }
        return p;
    }
}
