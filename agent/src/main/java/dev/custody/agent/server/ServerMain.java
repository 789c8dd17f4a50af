package dev.custody.agent.server;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code custody server …}: runs the allocation server until SIGINT or SIGTERM, then prints the final
 * statistics and "🛑 Allocation Server stopped cleanly".
 */
public final class ServerMain {
    private ServerMain() {}

    /** Entry point; exits with 2 on a bad command line and 1 when the server cannot start. */
    public static void main(String[] args) {
        Console console;
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("custody server: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(ServerOptions.USAGE);
            return;
        }
        console = Console.system(options.quiet());
        AllocationServer server = new AllocationServer(options, console);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            console.error("custody server: cannot start: " + e.getMessage());
            server.close();
            System.exit(1);
            return;
        }
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "custody-server-shutdown"));
        try {
            forever.await(); // SIGINT/SIGTERM run the hook, which prints the final statistics
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
