package dev.custody.agent.ledger;

import java.util.List;

/**
 * What the ledger knows at one moment, for the reports.
 *
 * @param findings every finding so far, in order of detection
 * @param devices per physical device statistics, by id
 * @param activeAllocations allocations still live
 * @param allocations allocations seen
 * @param frees frees seen
 * @param agentErrors exceptions suppressed inside advice plus transformation errors
 */
public record Snapshot(
        List<Finding> findings,
        List<DeviceStats> devices,
        long activeAllocations,
        long allocations,
        long frees,
        long agentErrors) {
    /** Creates a snapshot; lists are copied. */
    public Snapshot {
        findings = List.copyOf(findings);
        devices = List.copyOf(devices);
    }

    /** Returns the leaked objects (leak and program-pool-leak findings, each counting the objects it stands for). */
    public long leakedObjects() {
        // Loops, not streams: this runs once, at exit, interpreted, where a stream pipeline and its lambdas cost
        // about a millisecond of class loading and lambda spinning on every run.
        long n = 0;
        for (Finding f : findings) {
            if (f.kind().isLeak()) {
                n += f.objects();
            }
        }
        return n;
    }

    /** Returns the leaked bytes. */
    public long leakedBytes() {
        long bytes = 0;
        for (Finding f : findings) {
            if (f.kind().isLeak()) {
                bytes += f.size();
            }
        }
        return bytes;
    }
}
