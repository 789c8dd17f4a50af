package dev.custody.metal.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtMetal;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class MemoryReporterTest {
    private Device device;

    @BeforeEach
    void open() {
        device = Device.open(0, DeviceSpec.wormholeB0());
    }

    @AfterEach
    void close() {
        device.close();
    }

    @Test
    void dump_writesTheThreeReportsOfSpec71(@TempDir Path dir) throws Exception {
        // 350,208 B per DRAM bank (S1) and one 1 KiB page per L1 bank.
        Buffer dram = Buffer.create(device, 4L * 1024 * 1024, 2048, BufferType.DRAM);
        Buffer l1 = Buffer.create(device, 64 * 1024, 1024, BufferType.L1);

        MemoryReporter.dumpDeviceMemoryState(device, "step1_", dir);

        // Per bank: DRAM 1 GiB − 32 B reserved; L1 1,499,136 − 101,152 (l1_unreserved_base).
        assertThat(read(dir.resolve("step1_memory_usage_summary.csv"))).isEqualTo("""
                        , Total Allocatable Size (B), Total Allocated (B), Total Free (KB), Largest Free Block (KB)
                        ,1073741792,350208,1073391584,1073391584
                        ,1397984,1024,1396960,1396960
                        """);
        assertThat(read(dir.resolve("step1_l1_usage_summary.csv"))).isEqualTo("""
                        This report indicates available space for interleaving L1 buffers
                        , Largest Contiguous Free Block (B), Total Free L1 Space (B)
                        ,1396960,89405440
                        """);
        assertThat(read(dir.resolve("step1_detailed_memory_usage.csv")))
                .isEqualTo(",DRAM\n"
                        + ",Total allocatable (B):,12884901504\n"
                        + ",Total allocated (B):,4202496\n"
                        + ",Total free (B):,12880699008\n"
                        + blocks(BufferType.DRAM)
                        + ",L1\n"
                        + ",Total allocatable (B):,89470976\n"
                        + ",Total allocated (B):,65536\n"
                        + ",Total free (B):,89405440\n"
                        + blocks(BufferType.L1));
        assertThat(blocks(BufferType.DRAM)).contains("Block table:");
        l1.close();
        dram.close();
    }

    @Test
    void dump_emptyDevice_reportsEverythingFree(@TempDir Path dir) throws Exception {
        MemoryReporter.dumpDeviceMemoryState(device, "", dir);

        assertThat(read(dir.resolve("memory_usage_summary.csv")))
                .endsWith(",1073741792,0,1073741792,1073741792\n,1397984,0,1397984,1397984\n");
    }

    @Test
    void dump_closedDevice_throwsNamingTheDevice(@TempDir Path dir) {
        device.close();
        assertThatThrownBy(() -> MemoryReporter.dumpDeviceMemoryState(device, "", dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device 0 is closed");
    }

    @Test
    void dump_throughTtMetal_writesUnderTheConfiguredRoot(@TempDir Path dir) {
        Path expected = MemoryReporter.reportsDirectory(System.getenv(), propertiesWithRoot(dir));
        String previous = System.getProperty(MemoryReporter.PROPERTY_ROOT);
        System.setProperty(MemoryReporter.PROPERTY_ROOT, dir.toString());
        try {
            Path written = TtMetal.dumpDeviceMemoryState(device, "p_");
            assertThat(written).isEqualTo(expected);
            assertThat(written.resolve("p_l1_usage_summary.csv")).exists();
        } finally {
            if (previous == null) {
                System.clearProperty(MemoryReporter.PROPERTY_ROOT);
            } else {
                System.setProperty(MemoryReporter.PROPERTY_ROOT, previous);
            }
        }
    }

    @Test
    void reportsDirectory_prefersEnvironmentThenPropertyThenWorkingDirectory() {
        Properties props = new Properties();
        props.setProperty("user.dir", "/work");
        assertThat(MemoryReporter.reportsDirectory(Map.of(), props)).isEqualTo(Paths.get("/work/generated/reports"));

        props.setProperty(MemoryReporter.PROPERTY_ROOT, "/prop");
        assertThat(MemoryReporter.reportsDirectory(Map.of(), props)).isEqualTo(Paths.get("/prop/generated/reports"));
        assertThat(MemoryReporter.reportsDirectory(Map.of(MemoryReporter.ENV_ROOT, ""), props))
                .isEqualTo(Paths.get("/prop/generated/reports"));

        assertThat(MemoryReporter.reportsDirectory(Map.of(MemoryReporter.ENV_ROOT, "/env"), props))
                .isEqualTo(Paths.get("/env/generated/reports"));
    }

    private static Properties propertiesWithRoot(Path root) {
        Properties props = new Properties();
        props.putAll(System.getProperties());
        props.setProperty(MemoryReporter.PROPERTY_ROOT, root.toString());
        return props;
    }

    private String blocks(BufferType type) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            device.allocator().dumpBlocks(type, out);
        }
        return text.toString();
    }

    private static String read(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
