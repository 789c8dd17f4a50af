package dev.custody.bench;

import java.lang.management.ManagementFactory;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

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

    /**
     * The first {@code lines} lines of the live-object class histogram ({@code jcmd GC.class_histogram}), read
     * through the platform's diagnostic-command MBean.
     */
    static String histogram(int lines) {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {null},
                            new String[] {String[].class.getName()});
            return String.valueOf(text).lines().limit(lines).collect(Collectors.joining("\n"));
        } catch (JMException e) {
            return "class histogram unavailable: " + e;
        }
    }
}
