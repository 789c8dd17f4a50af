package dev.custody.agent.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.DumpReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class BytesAndDumpViewTest {
    @Test
    void bytes_useTwoDecimalsAndBase1024() {
        assertThat(Bytes.format(0)).isEqualTo("0.00 B");
        assertThat(Bytes.format(1023)).isEqualTo("1023.00 B");
        assertThat(Bytes.format(1536)).isEqualTo("1.50 KB");
        assertThat(Bytes.format(12L << 30)).isEqualTo("12.00 GB");
        assertThat(Bytes.format(3L << 40)).isEqualTo("3.00 TB");
    }

    @Test
    void dump_groupsByDeviceAndType_withOwnerAndSite() {
        DumpReport r = new DumpReport(List.of(
                new DumpReport.Entry(10, 1, 0, 7, 0x3ffff800L, 12288, 1, "Program.compile(Program.java:88)"),
                new DumpReport.Entry(11, 0, 1, 0, 0x18b20, 4096, 2, ""),
                new DumpReport.Entry(10, 1, 0, 8, 0x3ffff000L, 24576, 1, "Program.compile(Program.java:88)")));

        assertThat(DumpView.render(r))
                .isEqualTo(
                        "📋 Remaining allocations: 3\n"
                                + "Device 0:\n"
                                + "  L1: 1 buffers, 4.00 KB total\n"
                                + "    - 0x18b20: 4.00 KB (PID 11, ref_count=2)\n"
                                + "Device 1:\n"
                                + "  DRAM: 2 buffers, 36.00 KB total\n"
                                + "    - 0x3ffff800: 12.00 KB (PID 10, object 7) allocated at Program.compile(Program.java:88)\n"
                                + "    - 0x3ffff000: 24.00 KB (PID 10, object 8) allocated at Program.compile(Program.java:88)\n");
        assertThat(DumpView.render(new DumpReport(List.of())))
                .isEqualTo("📋 Remaining allocations: 0\n✓ No buffers remaining - perfect cleanup!\n");
    }
}
