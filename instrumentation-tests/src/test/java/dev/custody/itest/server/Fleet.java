package dev.custody.itest.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link ScenarioClient} forks, one per seed, each holding its whole {@link Workload} against one server, with the
 * operations they performed (to compute the totals the server must show).
 *
 * @param clients the client forks, in seed order; the caller closes them
 * @param ops each client's operations, in the same order
 */
record Fleet(List<Fork> clients, List<List<Workload.Op>> ops) {
    /**
     * Starts clients {@code name-<seed>} named {@code client-<seed>} for seeds {@code firstSeed..lastSeed} and waits
     * until each prints {@code HOLDING}. If a client fails to get there, every client started so far is closed.
     */
    static Fleet holding(String name, Path socket, int firstSeed, int lastSeed, int steps) throws IOException {
        List<Fork> clients = new ArrayList<>();
        List<List<Workload.Op>> ops = new ArrayList<>();
        try {
            for (int seed = firstSeed; seed <= lastSeed; seed++) {
                clients.add(Fork.java(
                        name + "-" + seed,
                        ScenarioClient.class.getName(),
                        socket.toString(),
                        "client-" + seed,
                        Integer.toString(seed),
                        Integer.toString(steps),
                        "0"));
                ops.add(Workload.ops(seed, steps));
            }
            for (Fork c : clients) {
                c.awaitLine("HOLDING"::equals, 20_000, "HOLDING");
            }
            return new Fleet(List.copyOf(clients), List.copyOf(ops));
        } catch (IOException | RuntimeException | AssertionError e) {
            clients.forEach(Fork::close);
            throw e;
        }
    }

    /** Closes every client (a client that already exited is left as it is). */
    void close() {
        clients.forEach(Fork::close);
    }
}
