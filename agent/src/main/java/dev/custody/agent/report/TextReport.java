package dev.custody.agent.report;

import dev.custody.agent.ledger.DeviceStats;
import dev.custody.agent.ledger.Finding;
import dev.custody.agent.ledger.FindingKind;
import dev.custody.agent.ledger.SiteRef;
import dev.custody.agent.ledger.Snapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text report, shaped like AddressSanitizer and LeakSanitizer output: one block per error finding (a
 * double free shows the second free, the first free and the allocation site), then leaks grouped by
 * allocation site and sorted by bytes, then {@code SUMMARY: custody: …}, then the seed's
 * {@code 📊 Final Statistics:} block. Resources a rules file names have no bytes: their groups read
 * {@code Leak of N resource(s) acquired at SITE:}, and the leak header says what leaked ({@code device memory leaks},
 * {@code resource leaks}, or both).
 */
public final class TextReport {
    private static final String RULE = "=================================================================";

    private TextReport() {}

    /**
     * Renders a snapshot.
     *
     * @param snapshot what the ledger knows
     * @param pid the process id printed as {@code ==PID==}
     * @return the report, lines separated by {@code \n}, ending with a newline
     */
    public static String render(Snapshot snapshot, long pid) {
        StringBuilder out = new StringBuilder();
        String tag = "==" + pid + "==";
        List<Finding> leaks = new ArrayList<>();
        for (Finding f : snapshot.findings()) {
            if (f.kind().isLeak()) {
                leaks.add(f);
                continue;
            }
            out.append(RULE).append('\n');
            out.append(tag)
                    .append("ERROR: custody: ")
                    .append(f.kind().text())
                    .append(" on ")
                    .append(f.object());
            out.append(" (").append(describe(f)).append(")\n");
            for (SiteRef s : f.sites()) {
                site(out, s);
            }
            out.append("    owner chain: ").append(f.ownerChain()).append('\n');
            for (String d : f.details()) {
                out.append("    ").append(d).append('\n');
            }
            out.append('\n');
        }
        if (!leaks.isEmpty()) {
            out.append(RULE).append('\n');
            out.append(tag)
                    .append("ERROR: custody: detected ")
                    .append(leakNoun(leaks))
                    .append("\n\n");
            for (Group g : groups(leaks)) {
                if (g.resources) {
                    // A rules-file resource has no bytes to count: a file stream, a lease.
                    out.append("Leak of ")
                            .append(g.objects)
                            .append(" resource(s) acquired at ")
                            .append(g.site.site())
                            .append(":\n");
                } else {
                    out.append(g.kind == FindingKind.PROGRAM_POOL_LEAK ? "Program-pool leak of " : "Leak of ")
                            .append(g.bytes)
                            .append(" byte(s) in ")
                            .append(g.objects)
                            .append(" object(s) allocated at ")
                            .append(g.site.site())
                            .append(":\n");
                }
                for (String frame : g.site.stack()) {
                    out.append("        ").append(frame).append('\n');
                }
                for (Finding f : g.members) {
                    if (f.objects() > 1) {
                        // The count of those beyond the ones listed: no single object to name.
                        out.append("    ")
                                .append(f.ownerChain())
                                .append(", ")
                                .append(f.when())
                                .append('\n');
                        continue;
                    }
                    out.append("    ").append(f.object()).append(": ");
                    if (!f.isRulesResource()) {
                        out.append(describe(f)).append(", ");
                    }
                    out.append(f.when())
                            .append("; owner chain: ")
                            .append(f.ownerChain())
                            .append('\n');
                    for (String d : f.details()) {
                        out.append("      ").append(d).append('\n');
                    }
                }
                out.append('\n');
            }
        }
        out.append(summary(snapshot)).append('\n');
        out.append(statistics(snapshot));
        return out.toString();
    }

    /** Returns the {@code SUMMARY: custody: …} line (without newline). */
    public static String summary(Snapshot snapshot) {
        StringBuilder sb = new StringBuilder("SUMMARY: custody: ");
        if (snapshot.findings().isEmpty()) {
            // Every clean run prints this line at exit: no EnumMap (its key universe is read reflectively) and no
            // lambda on that path.
            sb.append("no findings");
        } else {
            FindingKind[] kinds = FindingKind.values();
            int[] counts = new int[kinds.length];
            for (Finding f : snapshot.findings()) {
                counts[f.kind().ordinal()]++;
            }
            List<String> parts = new ArrayList<>();
            for (FindingKind k : kinds) {
                if (counts[k.ordinal()] > 0) {
                    parts.add(counts[k.ordinal()] + " " + k.text());
                }
            }
            sb.append(String.join(", ", parts));
        }
        sb.append("; ")
                .append(snapshot.leakedBytes())
                .append(" bytes leaked in ")
                .append(snapshot.leakedObjects())
                .append(" object(s); ")
                .append(snapshot.allocations())
                .append(" allocations, ")
                .append(snapshot.frees())
                .append(" frees");
        if (snapshot.agentErrors() > 0) {
            sb.append("; ").append(snapshot.agentErrors()).append(" agent errors");
        }
        return sb.append('.').toString();
    }

    /**
     * Returns the {@code 📊 Final Statistics:} block, ending with {@code Active allocations: N} and a newline. Like
     * the allocation server's {@code print_stats} (spec §6.4), it lists only devices with live bytes or buffers, so
     * a clean run ends with the seed's two lines.
     */
    public static String statistics(Snapshot snapshot) {
        StringBuilder sb = new StringBuilder("\n📊 Final Statistics:\n");
        for (DeviceStats d : snapshot.devices()) {
            if (d.total() == 0 && d.buffers() == 0) {
                continue;
            }
            sb.append("  Device ").append(d.deviceId()).append(":\n");
            sb.append("    Buffers: ").append(d.buffers()).append('\n');
            sb.append("    DRAM: ")
                    .append(d.dram())
                    .append(" bytes (")
                    .append(kib(d.dram()))
                    .append(" KB)\n");
            sb.append("    L1: ")
                    .append(d.l1())
                    .append(" bytes (")
                    .append(kib(d.l1()))
                    .append(" KB)\n");
            if (d.l1Small() != 0) {
                sb.append("    L1_SMALL: ")
                        .append(d.l1Small())
                        .append(" bytes (")
                        .append(kib(d.l1Small()))
                        .append(" KB)\n");
            }
            if (d.trace() != 0) {
                sb.append("    TRACE: ")
                        .append(d.trace())
                        .append(" bytes (")
                        .append(kib(d.trace()))
                        .append(" KB)\n");
            }
            sb.append("    Total: ").append(d.total()).append(" bytes\n");
        }
        sb.append("  Active allocations: ").append(snapshot.activeAllocations()).append('\n');
        return sb.toString();
    }

    /** Formats {@code bytes / 1024.0} the way a C++ ostream prints a double (6 significant digits). */
    static String kib(long bytes) {
        double v = bytes / 1024.0;
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent < -5 || exponent >= 6) {
            BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        return d.toPlainString();
    }

    /** Names what the leaks are: device memory, rules-file resources, or both. */
    private static String leakNoun(List<Finding> leaks) {
        boolean memory = false;
        boolean resources = false;
        for (Finding f : leaks) {
            if (f.isRulesResource()) {
                resources = true;
            } else {
                memory = true;
            }
        }
        if (memory && resources) {
            return "device memory and resource leaks";
        }
        return resources ? "resource leaks" : "device memory leaks";
    }

    private static String describe(Finding f) {
        if (f.isRulesResource()) {
            return "a resource of the rules file";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(f.size()).append(" bytes");
        if (!f.bufferType().isEmpty()) {
            sb.append(' ').append(f.bufferType());
        }
        if (!f.device().isEmpty()) {
            sb.append(" on ").append(f.device()).append(", ").append(f.allocator());
        }
        if (f.address() >= 0) {
            sb.append(", address 0x").append(Long.toHexString(f.address()));
        }
        return sb.toString();
    }

    private static void site(StringBuilder out, SiteRef s) {
        out.append("    ").append(s.label()).append(" at ").append(s.site()).append('\n');
        for (String frame : s.stack()) {
            out.append("        ").append(frame).append('\n');
        }
    }

    private static List<Group> groups(List<Finding> leaks) {
        Map<String, Group> bySite = new LinkedHashMap<>();
        for (Finding f : leaks) {
            SiteRef allocated = f.sites().isEmpty()
                    ? new SiteRef("allocated", "<unknown site>", List.of())
                    : f.sites().get(0);
            Group g = bySite.computeIfAbsent(
                    f.kind() + " " + f.isRulesResource() + " " + allocated.site(),
                    k -> new Group(f.kind(), f.isRulesResource(), allocated));
            g.members.add(f);
            g.bytes += f.size();
            g.objects += f.objects();
        }
        List<Group> sorted = new ArrayList<>(bySite.values());
        // Most bytes first; resources (no bytes) and equal sizes by how many objects leaked there.
        sorted.sort((a, b) -> a.bytes != b.bytes ? Long.compare(b.bytes, a.bytes) : Long.compare(b.objects, a.objects));
        return sorted;
    }

    private static final class Group {
        final FindingKind kind;
        final boolean resources;
        final SiteRef site;
        final List<Finding> members = new ArrayList<>();
        long bytes;
        long objects;

        Group(FindingKind kind, boolean resources, SiteRef site) {
            this.kind = kind;
            this.resources = resources;
            this.site = site;
        }
    }
}
