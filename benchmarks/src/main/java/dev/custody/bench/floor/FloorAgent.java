package dev.custody.bench.floor;

import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.concurrent.TimeUnit;

/**
 * An agent that does nothing an agent could avoid: {@code -javaagent:benchmarks-floor-agent.jar} registers a
 * transformer that returns every class unchanged; {@code -javaagent:benchmarks-floor-agent.jar=unix:PATH} also
 * connects to the Unix socket at PATH once and closes the connection.
 *
 * <p>The connection is made on a daemon thread started in {@code premain}, as Custody's client makes it, and the
 * JVM's exit waits for it (as Custody's exit waits for its last events to reach the server), so the row counts the
 * whole cost of the JDK's first Unix-domain socket: the NIO classes and the {@code SecureRandom} set-up that
 * {@code sun.nio.ch.UnixDomainSockets} performs when it is first used.
 */
public final class FloorAgent {
    private static final String UNIX = "unix:";
    private static final long EXIT_WAIT_SECONDS = 10;

    private FloorAgent() {}

    /**
     * Called by the JVM before {@code main}.
     *
     * <p>Any other argument is printed with what to pass instead, and the JVM exits with status 2.
     *
     * @param args null or empty for the transformer alone, or {@code unix:PATH}
     * @param inst the JVM's instrumentation
     */
    public static void premain(String args, Instrumentation inst) {
        Path socket;
        try {
            socket = socket(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        inst.addTransformer(new Unchanged());
        if (socket != null) {
            Connector connector = new Connector(socket);
            Thread thread = new Thread(connector, "floor-connect");
            thread.setDaemon(true);
            thread.start();
            Runtime.getRuntime().addShutdownHook(new Thread(new AtExit(connector, thread), "floor-exit"));
        }
    }

    /**
     * Parses the agent's argument.
     *
     * @param args null or empty, or {@code unix:PATH} with a non-empty PATH
     * @return the socket to connect to, or null for none
     * @throws IllegalArgumentException naming {@code args} if it is anything else
     */
    static Path socket(String args) {
        if (args == null || args.isEmpty()) {
            return null;
        }
        if (args.startsWith(UNIX) && args.length() > UNIX.length()) {
            return Path.of(args.substring(UNIX.length()));
        }
        throw new IllegalArgumentException("floor-agent: argument '" + args
                + "' is not understood; pass nothing (a no-op transformer) or unix:PATH (also connect once to the"
                + " Unix socket at PATH)");
    }

    /**
     * Opens a Unix-domain socket channel, connects it to {@code socket} and closes it.
     *
     * @param socket the server's socket
     * @throws IOException if the connection fails
     */
    static void connect(Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
        }
    }

    // Named classes rather than lambdas, as in Custody's premain: a lambda is spun into a class at run time, and the
    // floor must not charge more than an agent has to.

    /** Connects once, on its own thread; remembers a failure for the exit. */
    private static final class Connector implements Runnable {
        private final Path socket;
        private volatile IOException failure;

        Connector(Path socket) {
            this.socket = socket;
        }

        @Override
        public void run() {
            try {
                connect(socket);
            } catch (IOException e) {
                failure = e;
            }
        }
    }

    /**
     * Waits for the connection at exit; a failed one ends the JVM with status 3, because a floor row measured without
     * its server would be wrong, not merely slow (run.sh stops on it).
     */
    private static final class AtExit implements Runnable {
        private final Connector connector;
        private final Thread thread;

        AtExit(Connector connector, Thread thread) {
            this.connector = connector;
            this.thread = thread;
        }

        @Override
        public void run() {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(EXIT_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            IOException failure = connector.failure;
            if (failure != null || thread.isAlive()) {
                System.err.println("floor-agent: could not connect to " + connector.socket + ": "
                        + (failure != null ? failure : "no answer within " + EXIT_WAIT_SECONDS + " s")
                        + "; start the server first");
                Runtime.getRuntime().halt(3);
            }
        }
    }

    /** Returns every class unchanged: what registering a transformer costs, with nothing transformed. */
    private static final class Unchanged implements ClassFileTransformer {
        @Override
        public byte[] transform(
                ClassLoader loader,
                String className,
                Class<?> classBeingRedefined,
                ProtectionDomain protectionDomain,
                byte[] classfileBuffer) {
            return null;
        }
    }
}
