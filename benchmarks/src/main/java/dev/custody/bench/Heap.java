package dev.custody.bench;

import java.lang.management.ManagementFactory;

/** Heap occupancy after full collections, for the memory-per-allocation figures. */
final class Heap {
    private Heap() {}

    /**
     * Bytes of heap in use after the collector has had several chances to run a full collection and
     * finalization; the smallest of the readings, so a late concurrent cycle cannot inflate it.
     */
    static long usedAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            best = Math.min(
                    best,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
