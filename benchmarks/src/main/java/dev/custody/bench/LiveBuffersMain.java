package dev.custody.bench;

import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import java.util.Locale;

/**
 * Heap cost of N live buffers: {@code java [-javaagent:…] -cp benchmarks.jar dev.custody.bench.LiveBuffersMain N}
 * prints {@code live-buffers n=N bytes=B per-buffer=P}, where B is the heap growth (after full collections)
 * between "device open, nothing allocated" and "N buffers alive". Run once without and once with the agent:
 * the difference of the per-buffer figures is what the agent keeps per live tracked allocation. With
 * {@code -Dbench.histogram=true} it also prints the top of the heap's class histogram while the buffers live.
 */
/*
 * The buffers are the smallest DRAM buffers (one 32-byte page), so a million of them fit in Wormhole B0's
 * 1 GiB banks; the port's own per-buffer state (Buffer object, free-list block) is in both runs and cancels.
 * A warm-up of create/close before the first reading loads every class the agent and the port use, so class
 * metadata and the agent's one-off tables are not charged to the buffers.
 */
public final class LiveBuffersMain {
    private LiveBuffersMain() {}

    /** Entry point: one argument, the number of live buffers (default 1,000,000). */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        if (n < 1) {
            throw new IllegalArgumentException("N=" + n + " must be at least 1");
        }
        try (Device device = Device.open(0, DeviceSpec.wormholeB0())) {
            for (int i = 0; i < 20_000; i++) {
                Buffer.create(device, 32, 32, BufferType.DRAM).close();
            }
            long before = Heap.usedAfterGc();
            Buffer[] live = new Buffer[n];
            long arrayBytes = 16L + 4L * n; // the array holding them, compressed oops
            for (int i = 0; i < n; i++) {
                live[i] = Buffer.create(device, 32, 32, BufferType.DRAM);
            }
            long after = Heap.usedAfterGc();
            long bytes = after - before - arrayBytes;
            System.out.printf(
                    Locale.ROOT, "live-buffers n=%d bytes=%d per-buffer=%.1f%n", n, bytes, (double) bytes / n);
            if (Boolean.getBoolean("bench.histogram")) {
                System.out.println(Heap.histogram(25));
            }
            for (Buffer b : live) {
                b.close();
            }
        }
    }
}
