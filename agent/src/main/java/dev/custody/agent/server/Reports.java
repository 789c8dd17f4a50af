package dev.custody.agent.server;

import dev.custody.agent.wire.DumpReport;
import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.Protocol;
import dev.custody.agent.wire.StatusReport;

/** The server's multi-line texts (spec §6.4), built from one consistent view of the registry. */
final class Reports {
    private Reports() {}

    /**
     * The statistics block: a blank line, {@code 📊 <title>:}, then per device in use its buffers, DRAM,
     * L1 (and L1_SMALL, TRACE, CB, KERNEL when non-zero) and Total = DRAM + L1 + L1_SMALL + TRACE, then
     * {@code   Active allocations: N}.
     */
    static String statistics(String title, StatusReport s) {
        StringBuilder b = new StringBuilder();
        b.append('\n').append("📊 ").append(title).append(":\n");
        for (StatusReport.DeviceUsage d : s.devices()) {
            long dram = d.used(MemoryKind.DRAM);
            long l1 = d.used(MemoryKind.L1);
            long l1Small = d.used(MemoryKind.L1_SMALL);
            long trace = d.used(MemoryKind.TRACE);
            long total = dram + l1 + l1Small + trace;
            long cb = d.used(MemoryKind.CB);
            long kernel = d.used(MemoryKind.KERNEL);
            if (total == 0 && d.buffers() == 0 && cb == 0 && kernel == 0) {
                continue; // the branch prints only devices in use
            }
            b.append("  Device ").append(d.spec().id()).append(":\n");
            b.append("    Buffers: ").append(d.buffers()).append('\n');
            b.append("    DRAM: ")
                    .append(dram)
                    .append(" bytes (")
                    .append(Lines.kb(dram))
                    .append(" KB)\n");
            b.append("    L1: ")
                    .append(l1)
                    .append(" bytes (")
                    .append(Lines.kb(l1))
                    .append(" KB)\n");
            appendIfUsed(b, "L1_SMALL", l1Small);
            appendIfUsed(b, "TRACE", trace);
            appendIfUsed(b, "CB", cb);
            appendIfUsed(b, "KERNEL", kernel);
            b.append("    Total: ").append(total).append(" bytes\n");
        }
        b.append("  Active allocations: ").append(s.activeAllocations());
        return b.toString();
    }

    private static void appendIfUsed(StringBuilder b, String name, long bytes) {
        if (bytes != 0) {
            b.append("    ")
                    .append(name)
                    .append(": ")
                    .append(bytes)
                    .append(" bytes (")
                    .append(Lines.kb(bytes))
                    .append(" KB)\n");
        }
    }

    /** The DUMP_REMAINING table: per device and type a count and MB total, buffers listed when ≤ 10. */
    static String remaining(DumpReport r) {
        StringBuilder b = new StringBuilder();
        b.append("╔══════════════════════════════════════════════════════╗\n");
        b.append("║           REMAINING ALLOCATED BUFFERS                ║\n");
        b.append("╚══════════════════════════════════════════════════════╝\n");
        b.append("Total tracked allocations: ").append(r.entries().size()).append('\n');
        if (r.entries().isEmpty()) {
            b.append("✓ No buffers remaining - perfect cleanup!\n");
        }
        r.byDeviceAndType().forEach((dev, byType) -> {
            b.append("Device ").append(dev).append(":\n");
            byType.forEach((type, list) -> {
                long bytes = list.stream().mapToLong(DumpReport.Entry::size).sum();
                b.append("  ")
                        .append(MemoryKind.typeName(type))
                        .append(": ")
                        .append(list.size())
                        .append(" buffers, ")
                        .append(Lines.mb(bytes))
                        .append(" MB total\n");
                if (list.size() <= 10) {
                    for (DumpReport.Entry e : list) {
                        b.append("    - Buffer 0x")
                                .append(Long.toHexString(e.address()))
                                .append(": ")
                                .append(Lines.kb(e.size()))
                                .append(" KB (PID ")
                                .append(e.pid())
                                .append(", ref_count=")
                                .append(e.refCount())
                                .append(")\n");
                    }
                }
            });
        });
        b.append("Total remaining buffers: ").append(r.entries().size()).append('\n');
        b.append("📋 DUMP_REMAINING complete.");
        return b.toString();
    }

    /** The DUMP_KERNELS listing: every kernel-binary entry with its owner. */
    static String kernels(DumpReport r) {
        StringBuilder b = new StringBuilder("📋 Received DUMP_KERNELS request...\n");
        long n = 0;
        for (DumpReport.Entry e : r.entries()) {
            if (e.bufferType() == Protocol.TYPE_KERNEL) {
                n++;
                b.append("    - Kernel 0x")
                        .append(Long.toHexString(e.address()))
                        .append(" on device ")
                        .append(e.device())
                        .append(": ")
                        .append(Lines.kb(e.size()))
                        .append(" KB (PID ")
                        .append(e.pid())
                        .append(", ref_count=")
                        .append(e.refCount())
                        .append(")\n");
            }
        }
        b.append("Total kernels: ").append(n);
        return b.toString();
    }
}
