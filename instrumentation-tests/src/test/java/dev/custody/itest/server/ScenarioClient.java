package dev.custody.itest.server;

import dev.custody.agent.wire.ServerClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A client JVM for the server tests, using {@link ServerClient} the way the agent does:
 * {@code ScenarioClient SOCKET NAME SEED STEPS STEP_DELAY_MS [pause]}. It opens the devices, runs the
 * seed's workload, prints {@code HOLDING}, waits for a line (or end) on standard input, frees what is left,
 * closes and prints {@code DONE dropped=N connects=N}. With {@code pause} it also prints {@code HALF} and
 * waits for a line in the middle of the workload.
 */
public final class ScenarioClient {
    private ScenarioClient() {}

    public static void main(String[] args) throws Exception {
        Path socket = Path.of(args[0]);
        String name = args[1];
        int seed = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        long delay = Long.parseLong(args[4]);
        List<Workload.Op> ops = Workload.ops(seed, steps);
        ServerClient client = ServerClient.connect(socket, name, "it");
        for (int d = 0; d < Workload.DEVICES; d++) {
            client.deviceOpened(d, false, "wormhole_b0", Workload.DRAM, Workload.L1, Workload.L1_SMALL, Workload.TRACE);
        }
        boolean pause = args.length > 5 && args[5].equals("pause");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int i = 0;
        for (Workload.Op op : ops) {
            if (pause && i == ops.size() / 2) {
                System.out.println("HALF");
                System.out.flush();
                in.readLine();
            }
            if (op.free()) {
                client.freed(op.objectId());
            } else {
                client.allocated(op.objectId(), op.device(), op.type(), op.address(), op.size(), op.site());
            }
            if (++i % 10 == 0 && delay > 0) {
                Thread.sleep(delay);
            }
        }
        System.out.println("HOLDING");
        System.out.flush();
        in.readLine();
        for (Workload.Op op : Workload.live(ops)) {
            client.freed(op.objectId());
        }
        client.close();
        System.out.println("DONE dropped=" + client.dropped() + " connects=" + client.connectCount());
    }
}
