package dev.custody.agent.monitor;

import dev.custody.agent.wire.DumpReport;
import dev.custody.agent.wire.MemoryKind;

/** Renders the remaining allocations per device and buffer type, with owner pid and allocation site. */
final class DumpView {
    private DumpView() {}

    static String render(DumpReport r) {
        StringBuilder b = new StringBuilder();
        b.append("📋 Remaining allocations: ").append(r.entries().size()).append('\n');
        if (r.entries().isEmpty()) {
            b.append("✓ No buffers remaining - perfect cleanup!\n");
            return b.toString();
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
                        .append(Bytes.format(bytes))
                        .append(" total\n");
                for (DumpReport.Entry e : list) {
                    b.append("    - 0x")
                            .append(Long.toHexString(e.address()))
                            .append(": ")
                            .append(Bytes.format(e.size()))
                            .append(" (PID ")
                            .append(e.pid());
                    if (e.objectId() != 0) {
                        b.append(", object ").append(e.objectId());
                    } else {
                        b.append(", ref_count=").append(e.refCount());
                    }
                    b.append(')');
                    if (!e.site().isEmpty()) {
                        b.append(" allocated at ").append(e.site());
                    }
                    b.append('\n');
                }
            });
        });
        return b.toString();
    }
}
