package dev.custody.itest.server;

import dev.custody.agent.wire.MemoryKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A deterministic allocation history for one client process: a seed gives the same operations in every
 * JVM, so a test can compute the totals a server must show without hard-coding them.
 */
final class Workload {
    /** Devices every scenario client opens (ids 0 and 1, a Wormhole-like spec). */
    static final int DEVICES = 2;

    static final long DRAM = 12L << 30;
    static final long L1 = 1_499_136L * 64;
    static final long L1_SMALL = 1L << 20;
    static final long TRACE = 8L << 20;

    private static final int[] TYPES = {0, 0, 1, 1, 3, 4, 5, 6};

    /** One operation: an allocation ({@code free == false}) or the free of an earlier object. */
    record Op(boolean free, long objectId, int device, int type, long address, long size, String site) {}

    private Workload() {}

    /** The operations of client {@code seed}: object ids are unique per seed. */
    static List<Op> ops(int seed, int steps) {
        Random r = new Random(seed);
        List<Op> ops = new ArrayList<>();
        Map<Long, Op> live = new LinkedHashMap<>();
        long next = seed * 1_000_000L + 1;
        for (int i = 0; i < steps; i++) {
            if (live.isEmpty() || r.nextInt(10) < 6) {
                int type = TYPES[r.nextInt(TYPES.length)];
                long size = 32L * (1 + r.nextInt(4096));
                Op a = new Op(
                        false,
                        next,
                        r.nextInt(DEVICES),
                        type,
                        0x10000L + 0x1000L * r.nextInt(1 << 16),
                        size,
                        "Scenario.step(Scenario.java:" + (100 + i) + ")");
                next++;
                live.put(a.objectId(), a);
                ops.add(a);
            } else {
                List<Long> ids = new ArrayList<>(live.keySet());
                Op a = live.remove(ids.get(r.nextInt(ids.size())));
                ops.add(new Op(true, a.objectId(), a.device(), a.type(), a.address(), a.size(), a.site()));
            }
        }
        return ops;
    }

    /** The objects still live after {@code ops}, in allocation order. */
    static List<Op> live(List<Op> ops) {
        Map<Long, Op> live = new LinkedHashMap<>();
        for (Op op : ops) {
            if (op.free()) {
                live.remove(op.objectId());
            } else {
                live.put(op.objectId(), op);
            }
        }
        return new ArrayList<>(live.values());
    }

    /** Bytes in use per device (index) and memory kind (ordinal) after {@code ops} of every client. */
    static long[][] totals(List<List<Op>> clients) {
        long[][] t = new long[DEVICES][MemoryKind.values().length];
        for (List<Op> ops : clients) {
            for (Op op : live(ops)) {
                t[op.device()][MemoryKind.ofBufferType(op.type()).ordinal()] += op.size();
            }
        }
        return t;
    }
}
