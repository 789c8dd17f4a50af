package dev.custody.agent.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.DeviceInfo;
import dev.custody.agent.wire.StatusReport;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopScreenTest {
    private static String bar(String colour, int filled) {
        return "[" + colour + "█".repeat(filled) + "░".repeat(25 - filled) + TopScreen.RESET + "]";
    }

    @Test
    void barColour_turnsYellowAt75_andRedAt90() {
        assertThat(TopScreen.barLine("L1", 749, 1000)).endsWith(bar(TopScreen.GREEN, 19) + " 74.9%");
        assertThat(TopScreen.barLine("L1", 750, 1000)).endsWith(bar(TopScreen.YELLOW, 19) + " 75.0%");
        assertThat(TopScreen.barLine("L1", 899, 1000)).endsWith(bar(TopScreen.YELLOW, 22) + " 89.9%");
        assertThat(TopScreen.barLine("L1", 900, 1000)).endsWith(bar(TopScreen.RED, 23) + " 90.0%");
        assertThat(TopScreen.barLine("L1", 2000, 1000)).endsWith(bar(TopScreen.RED, 25) + " 200.0%");
    }

    @Test
    void barLine_showsUsedAndCapacity_andNaWithoutACapacity() {
        assertThat(TopScreen.barLine("DRAM", 1536, 12L << 30)).startsWith("  DRAM:     1.50 KB / 12.00 GB  [");
        assertThat(TopScreen.barLine("TRACE", 10, 0)).startsWith("  TRACE:    10.00 B / n/a  [");
    }

    @Test
    void processNames_thatArePaths_showTheirFileName() {
        assertThat(TopScreen.shortName("/work/x/runtime-port/target/runtime-port.jar"))
                .isEqualTo("runtime-port.jar");
        assertThat(TopScreen.shortName("dev.custody.Main")).isEqualTo("dev.custody.Main");
        assertThat(TopScreen.shortName("odd/")).isEqualTo("odd/");
    }

    @Test
    void render_showsOnlyTheChosenDevices_andSaysWhenOneIsUnknown() {
        DeviceInfo d0 = new DeviceInfo(0, false, "wormhole_b0", 1000, 1000, 0, 0);
        DeviceInfo d1 = new DeviceInfo(1, false, "wormhole_b0", 1000, 1000, 0, 0);
        StatusReport s = new StatusReport(
                0,
                List.of(
                        new StatusReport.DeviceUsage(d0, 0, new long[6]),
                        new StatusReport.DeviceUsage(d1, 0, new long[6])),
                List.of());

        String screen = TopScreen.render(s, new java.util.LinkedHashSet<>(List.of(1, 4)), 500, LocalTime.of(9, 5, 7));

        assertThat(screen)
                .startsWith(TopScreen.CLEAR + "  Cross-Process Memory Monitor (via Allocation Server)\n"
                        + "Time: 09:05:07 | Refresh: 500ms | Active allocations: 0\n");
        assertThat(screen).contains("Device 1 (wormhole_b0) - 0 buffers\n").doesNotContain("Device 0 ");
        assertThat(screen).contains("Device 4\n").contains("  (no client has reported this device yet)\n");
        assertThat(screen).contains("  (no client connected)\n");
        assertThat(TopScreen.render(s, Set.of(), 500, LocalTime.NOON))
                .contains("Device 0 (")
                .contains("Device 1 (");
    }
}
