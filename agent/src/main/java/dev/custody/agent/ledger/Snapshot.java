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

    /** Returns the leaked objects (leak and program-pool-leak findings). */
    public long leakedObjects() {
        return findings.stream().filter(f -> f.kind().isLeak()).count();
    }

    /** Returns the leaked bytes. */
    public long leakedBytes() {
        return findings.stream()
                .filter(f -> f.kind().isLeak())
                .mapToLong(Finding::size)
                .sum();
    }
}
