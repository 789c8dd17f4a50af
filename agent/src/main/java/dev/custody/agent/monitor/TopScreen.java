package dev.custody.agent.monitor;

import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.StatusReport;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Renders one screen of {@code top}: per device a bar per memory kind against the device's capacity from
 * its spec, then one row per client process. Bars are 25 cells, red from 90 %, yellow from 75 %, else
 * green (spec §6.5).
 */
final class TopScreen {
    static final String CLEAR = "\u001b[2J\u001b[H";
    static final String RED = "\u001b[31m";
    static final String YELLOW = "\u001b[33m";
    static final String GREEN = "\u001b[32m";
    static final String RESET = "\u001b[0m";
    private static final int CELLS = 25;
    private static final String RULE = "─".repeat(70);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private TopScreen() {}

    /**
     * The screen text, starting with the clear-screen sequence.
     *
     * @param devices the device ids to show; empty means every device the server knows
     */
    static String render(StatusReport s, Set<Integer> devices, int refreshMs, LocalTime now) {
        StringBuilder b = new StringBuilder(CLEAR);
        b.append("  Cross-Process Memory Monitor (via Allocation Server)\n");
        b.append("Time: ")
                .append(TIME.format(now))
                .append(" | Refresh: ")
                .append(refreshMs)
                .append("ms")
                .append(" | Active allocations: ")
                .append(s.activeAllocations())
                .append("\n\n");
        for (int id :
                devices.isEmpty() ? s.devices().stream().map(d -> d.spec().id()).toList() : List.copyOf(devices)) {
            StatusReport.DeviceUsage d = s.devices().stream()
                    .filter(x -> x.spec().id() == id)
                    .findFirst()
                    .orElse(null);
            if (d == null) {
                b.append("Device ").append(id).append('\n').append(RULE).append('\n');
                b.append("  (no client has reported this device yet)\n\n");
                continue;
            }
            b.append("Device ")
                    .append(id)
                    .append(" (")
                    .append(d.spec().arch())
                    .append(d.spec().mesh() ? ", mesh" : "")
                    .append(") - ")
                    .append(d.buffers())
                    .append(" buffers\n")
                    .append(RULE)
                    .append('\n');
            for (MemoryKind k : MemoryKind.values()) {
                long cap = k.capacityOn(d.spec());
                long used = d.used(k);
                boolean always = k == MemoryKind.DRAM || k == MemoryKind.L1 || k == MemoryKind.CB;
                boolean shown = k == MemoryKind.KERNEL ? used > 0 : always || cap > 0 || used > 0;
                if (shown) {
                    b.append(barLine(k.name(), used, cap)).append('\n');
                }
            }
            b.append('\n');
        }
        b.append("Processes\n");
        b.append(String.format(
                Locale.ROOT, "  %-8s %-28s %12s %9s %9s%n", "PID", "NAME", "BYTES", "BUFFERS", "FINDINGS"));
        if (s.clients().isEmpty()) {
            b.append("  (no client connected)\n");
        }
        for (StatusReport.ClientUsage c : s.clients()) {
            b.append(String.format(
                    Locale.ROOT,
                    "  %-8d %-28s %12s %9d %9d%n",
                    c.pid(),
                    cut(shortName(c.jvmName()), 28),
                    Bytes.format(c.bytes()),
                    c.buffers(),
                    c.findings()));
        }
        b.append("\n💡 TIP: This monitor sees allocations from ALL processes!\n");
        return b.toString();
    }

    /** {@code "  DRAM:     1.50 MB / 12.00 GB  [bar] 0.0%"}; the bar is coloured by how full it is. */
    static String barLine(String label, long used, long capacity) {
        double pct = capacity > 0 ? used * 100.0 / capacity : 0;
        int filled = (int) Math.min(CELLS, Math.max(0, Math.round(pct * CELLS / 100.0)));
        String colour = pct >= 90 ? RED : pct >= 75 ? YELLOW : GREEN;
        String total = capacity > 0 ? Bytes.format(capacity) : "n/a";
        return String.format(
                Locale.ROOT,
                "  %-9s %s / %s  [%s%s%s%s] %.1f%%",
                label + ":",
                Bytes.format(used),
                total,
                colour,
                "█".repeat(filled),
                "░".repeat(CELLS - filled),
                RESET,
                pct);
    }

    /** A JVM named by a path (the agent names {@code -jar} runs by their jar) shows only its file name. */
    static String shortName(String name) {
        int slash = name.lastIndexOf('/');
        return slash >= 0 && slash < name.length() - 1 ? name.substring(slash + 1) : name;
    }

    private static String cut(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }
}
