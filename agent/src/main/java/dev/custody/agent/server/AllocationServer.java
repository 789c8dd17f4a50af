package dev.custody.agent.server;

import dev.custody.agent.wire.LegacyGeneration;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The allocation server: listens on the native socket (and optionally the legacy one), one thread per
 * connection, a statistics timer, a liveness poll every second, and /metrics when asked.
 */
public final class AllocationServer implements AutoCloseable {
    private final ServerOptions options;
    private final Console console;
    private final Registry registry;
    private final PeerVerifier verifier = PeerVerifier.system();
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final List<Path> socketFiles = new ArrayList<>();
    private final java.util.Set<SocketChannel> connections = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "custody-server-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<java.util.concurrent.ScheduledFuture<?>> tasks = new ArrayList<>();
    private MetricsEndpoint metrics;
    private boolean started;
    private boolean stopped;

    AllocationServer(ServerOptions options, Console console) {
        this.options = options;
        this.console = console;
        this.registry = new Registry(console, Liveness::isAlive);
    }

    /**
     * Binds the sockets (owner-only), starts the threads and prints the start-up lines.
     *
     * @throws IOException if a socket cannot be bound (another server is listening, or the directory is
     *     not writable)
     */
    void start() throws IOException {
        listen(options.socket(), ch -> new NativeSession(ch, registry, verifier, console), "custody-native");
        if (options.legacySocket() != null) {
            LegacyGeneration gen = options.legacyGeneration();
            listen(options.legacySocket(), ch -> new LegacySession(ch, gen, registry, console), "custody-legacy");
        }
        if (options.httpPort() >= 0) {
            metrics = MetricsEndpoint.start(options.httpPort(), registry);
        }
        started = true;
        console.line("🚀 Allocation Server started");
        console.line("   Listening on: " + options.socket());
        if (options.legacySocket() != null) {
            console.line("   Legacy clients on: " + options.legacySocket() + " (gen " + options.legacyGeneration()
                    + ", " + options.legacyGeneration().size() + "-byte frames)");
        }
        if (metrics != null) {
            console.line("   Metrics on: http://127.0.0.1:" + metrics.port() + "/metrics");
        }
        console.line("   Press Ctrl+C to stop");
        console.line("🔄 Background cleanup thread started (checking every 1s)");
        tasks.add(timers.scheduleWithFixedDelay(this::poll, 1, 1, TimeUnit.SECONDS));
        if (options.statsSeconds() > 0) {
            tasks.add(timers.scheduleAtFixedRate(
                    () -> registry.printStats("Current Statistics"),
                    options.statsSeconds(),
                    options.statsSeconds(),
                    TimeUnit.SECONDS));
        }
    }

    /** The port /metrics listens on, or −1. */
    int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    Registry registry() {
        return registry;
    }

    private void poll() {
        try {
            registry.cleanupDead();
            console.flush();
        } catch (RuntimeException e) {
            console.error("⚠️  Liveness poll failed: " + e);
        }
    }

    /**
     * Stops: prints the final statistics and "🛑 Allocation Server stopped cleanly", closes the sockets
     * and removes their files. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        tasks.forEach(t -> t.cancel(false));
        timers.shutdownNow();
        for (ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (IOException e) {
                console.error("⚠️  Closing a listener failed: " + e.getMessage());
            }
        }
        for (Path p : socketFiles) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                console.error("⚠️  Could not remove " + p + ": " + e.getMessage());
            }
        }
        if (metrics != null) {
            metrics.close();
        }
        if (started) {
            registry.printStats("Final Statistics");
            console.line("🛑 Allocation Server stopped cleanly");
        }
        registry.shutdown(); // connections closed below leave no cleanup lines after the final ones
        for (SocketChannel ch : connections) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        console.flush();
    }

    private void listen(Path path, java.util.function.Function<SocketChannel, Runnable> session, String name)
            throws IOException {
        ServerSocketChannel l = bindOwnerOnly(path);
        listeners.add(l);
        socketFiles.add(path);
        Thread t = new Thread(() -> acceptLoop(l, session, name), name + "-accept");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop(
            ServerSocketChannel l, java.util.function.Function<SocketChannel, Runnable> session, String name) {
        long n = 0;
        while (true) {
            try {
                SocketChannel ch = l.accept();
                connections.add(ch);
                Runnable body = session.apply(ch);
                Thread t = new Thread(
                        () -> {
                            try {
                                body.run();
                            } finally {
                                connections.remove(ch);
                            }
                        },
                        name + "-" + ++n);
                t.setDaemon(true);
                t.start();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                console.error("⚠️  accept failed on " + name + ": " + e.getMessage());
            }
        }
    }

    /**
     * Binds a Unix socket that only its owner can use. The socket is bound inside a fresh 0700 directory,
     * made 0600, then renamed onto {@code path}, so no other user ever sees it open to them.
     *
     * @throws IOException if a live server already answers on {@code path}, if its directory does not exist, or if
     *     the socket cannot be made there; the message says which and what to do
     */
    static ServerSocketChannel bindOwnerOnly(Path path) throws IOException {
        if (Files.exists(path)) {
            if (answers(path)) {
                throw new IOException("another server is already listening on " + path
                        + "; stop it, or pass --socket with another path");
            }
            Files.delete(path); // a stale file left by a server that was killed
        }
        Path parent = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(parent)) {
            throw new IOException("the directory of the socket " + path + " does not exist (" + parent
                    + "); create it, or give a socket path in an existing directory");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(
                    parent, ".cs", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            // Otherwise the message would name only the temporary directory the socket is first bound in.
            throw new IOException(
                    "cannot make the socket " + path + " (" + e
                            + "); give a socket path in a directory you can write to",
                    e);
        }
        Path tmp = dir.resolve("s");
        ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            l.bind(UnixDomainSocketAddress.of(tmp), 128);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            l.close();
            Files.deleteIfExists(tmp);
            throw e;
        } finally {
            Files.deleteIfExists(dir);
        }
        return l;
    }

    private static boolean answers(Path path) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return c.isConnected();
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code body} with the server started; used by tests. */
    static void with(ServerOptions options, Console console, Consumer<AllocationServer> body) throws IOException {
        try (AllocationServer s = new AllocationServer(options, console)) {
            s.start();
            body.accept(s);
        }
    }
}
