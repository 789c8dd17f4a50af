package dev.custody.agent.report;

import dev.custody.agent.ledger.DeviceStats;
import dev.custody.agent.ledger.Finding;
import dev.custody.agent.ledger.FindingKind;
import dev.custody.agent.ledger.SiteRef;
import dev.custody.agent.ledger.Snapshot;
import java.util.EnumMap;
import java.util.Map;

/**
 * The JSON-lines report: one {@code {"type":"finding",…}} object per finding, then one
 * {@code {"type":"summary",…}} object with the counts and the per-device statistics.
 */
public final class JsonlReport {
    private JsonlReport() {}

    /**
     * Renders a snapshot.
     *
     * @param snapshot what the ledger knows
     * @param pid the process id
     * @return one JSON object per line, each line ending with a newline
     */
    public static String render(Snapshot snapshot, long pid) {
        StringBuilder out = new StringBuilder();
        for (Finding f : snapshot.findings()) {
            StringBuilder sites = new StringBuilder("[");
            for (int i = 0; i < f.sites().size(); i++) {
                SiteRef s = f.sites().get(i);
                if (i > 0) {
                    sites.append(',');
                }
                sites.append(new Json()
                        .field("label", s.label())
                        .field("site", s.site())
                        .strings("stack", s.stack()));
            }
            sites.append(']');
            Json finding = new Json()
                    .field("type", "finding")
                    .field("pid", pid)
                    .field("kind", f.kind().text())
                    .field("object", f.object())
                    .field("objectType", f.objectType())
                    .field("objectId", f.objectId())
                    .field("size", f.size())
                    .field("bufferType", f.bufferType())
                    .field("device", f.device())
                    .field("allocator", f.allocator())
                    .field("address", f.address())
                    .field("ownerChain", f.ownerChain())
                    .field("when", f.when());
            if (f.objects() > 1) {
                // Only on the count of collected rules-file resources beyond those listed: other lines stay as they
                // were.
                finding.field("objects", f.objects());
            }
            out.append(finding.raw("sites", sites.toString()).strings("details", f.details()))
                    .append('\n');
        }
        Map<FindingKind, Integer> counts = new EnumMap<>(FindingKind.class);
        for (Finding f : snapshot.findings()) {
            counts.merge(f.kind(), 1, Integer::sum);
        }
        Json kinds = new Json();
        counts.forEach((k, n) -> kinds.field(k.text(), n));
        StringBuilder devices = new StringBuilder("[");
        for (int i = 0; i < snapshot.devices().size(); i++) {
            DeviceStats d = snapshot.devices().get(i);
            if (i > 0) {
                devices.append(',');
            }
            devices.append(new Json()
                    .field("device", d.deviceId())
                    .field("buffers", d.buffers())
                    .field("DRAM", d.dram())
                    .field("L1", d.l1())
                    .field("L1_SMALL", d.l1Small())
                    .field("TRACE", d.trace())
                    .field("total", d.total()));
        }
        devices.append(']');
        out.append(new Json()
                        .field("type", "summary")
                        .field("pid", pid)
                        .raw("findings", kinds.toString())
                        .field("leakedObjects", snapshot.leakedObjects())
                        .field("leakedBytes", snapshot.leakedBytes())
                        .field("allocations", snapshot.allocations())
                        .field("frees", snapshot.frees())
                        .field("activeAllocations", snapshot.activeAllocations())
                        .field("agentErrors", snapshot.agentErrors())
                        .raw("devices", devices.toString()))
                .append('\n');
        return out.toString();
    }
}
