package dev.custody.itest.server;

import dev.custody.agent.wire.StatusReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Predicate;

/** Polls the server until its status satisfies a condition. */
final class Await {
    private Await() {}

    /**
     * Polls every 20 ms.
     *
     * @return the first status that satisfies {@code p}, or the last one seen after {@code timeoutMs}
     */
    static StatusReport status(Path socket, long timeoutMs, Predicate<StatusReport> p) throws IOException {
        long end = System.nanoTime() + timeoutMs * 1_000_000L;
        StatusReport last = null;
        while (System.nanoTime() < end) {
            try {
                last = ServerFork.status(socket);
                if (p.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                // server restarting: try again
            }
            Fork.sleep(20);
        }
        return last != null ? last : ServerFork.status(socket);
    }

    static StatusReport totals(Path socket, long timeoutMs, long[][] expected) throws IOException {
        return status(socket, timeoutMs, s -> Arrays.deepEquals(ServerFork.totals(s), expected));
    }
}
