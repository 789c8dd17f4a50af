package dev.custody.metal.report;

import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.allocator.Statistics;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.IDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;

/**
 * tt-metal's memory reports ({@code tt_metal/detail/reports/memory_reporter.cpp}, {@code DumpDeviceMemoryState}).
 *
 * <p>Files go to {@code <root>/generated/reports/}, where root is the environment variable {@code TT_METAL_HOME} if
 * set and non-empty, else the system property {@code tt.metal.home} if set and non-empty, else the working directory
 * ({@code user.dir}). Existing files are overwritten, as upstream's {@code std::ofstream} does.
 */
public final class MemoryReporter {
    /** Name of the environment variable giving the report root. */
    public static final String ENV_ROOT = "TT_METAL_HOME";

    /** Name of the system property giving the report root when the environment variable is unset. */
    public static final String PROPERTY_ROOT = "tt.metal.home";

    private MemoryReporter() {}

    /**
     * Writes {@code {prefix}memory_usage_summary.csv}, {@code {prefix}l1_usage_summary.csv} and
     * {@code {prefix}detailed_memory_usage.csv} for {@code device} into the reports directory.
     *
     * @param device the device or mesh device
     * @param prefix prepended to each file name; null counts as empty
     * @return the reports directory
     * @throws IllegalStateException if the device is closed
     * @throws UncheckedIOException if a file cannot be written
     */
    public static Path dumpDeviceMemoryState(IDevice device, String prefix) {
        Path dir = reportsDirectory(System.getenv(), System.getProperties());
        dumpDeviceMemoryState(device, prefix, dir);
        return dir;
    }

    /**
     * Writes the three reports into {@code dir}, creating it if needed.
     *
     * @param device the device or mesh device
     * @param prefix prepended to each file name; null counts as empty
     * @param dir the directory
     * @throws IllegalStateException if the device is closed
     * @throws UncheckedIOException if a file cannot be written
     */
    public static void dumpDeviceMemoryState(IDevice device, String prefix, Path dir) {
        if (device == null || dir == null) {
            throw new IllegalArgumentException("device and dir must not be null");
        }
        if (!device.isInitialized()) {
            throw new IllegalStateException("device " + device.id() + " is closed; open devices only can be reported");
        }
        String p = prefix == null ? "" : prefix;
        Allocator allocator = device.allocator();
        try {
            Files.createDirectories(dir);
            write(dir.resolve(p + "memory_usage_summary.csv"), memoryUsageSummary(allocator));
            write(dir.resolve(p + "l1_usage_summary.csv"), l1UsageSummary(allocator));
            write(dir.resolve(p + "detailed_memory_usage.csv"), detailedMemoryUsage(allocator));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write memory reports to " + dir, e);
        }
    }

    /** {@return {@code <root>/generated/reports} for the given environment and properties} */
    static Path reportsDirectory(Map<String, String> env, Properties properties) {
        String root = env.get(ENV_ROOT);
        if (root == null || root.isEmpty()) {
            root = properties.getProperty(PROPERTY_ROOT);
        }
        if (root == null || root.isEmpty()) {
            root = properties.getProperty("user.dir", ".");
        }
        return Paths.get(root, "generated", "reports");
    }

    /** Header, then one row per type (DRAM, L1) of per-bank bytes; the "(KB)" labels are upstream's. */
    static String memoryUsageSummary(Allocator allocator) {
        StringBuilder sb = new StringBuilder(
                ", Total Allocatable Size (B), Total Allocated (B), Total Free (KB), Largest Free Block (KB)\n");
        for (BufferType type : new BufferType[] {BufferType.DRAM, BufferType.L1}) {
            Statistics s = allocator.getStatistics(type);
            sb.append(',')
                    .append(s.totalAllocatableSizeBytes())
                    .append(',')
                    .append(s.totalAllocatedBytes())
                    .append(',')
                    .append(s.totalFreeBytes())
                    .append(',')
                    .append(s.largestFreeBlockBytes())
                    .append('\n');
        }
        return sb.toString();
    }

    /** The L1 interleaving headroom: largest free block per bank and times the bank count. */
    static String l1UsageSummary(Allocator allocator) {
        Statistics s = allocator.getStatistics(BufferType.L1);
        long banks = allocator.getNumBanks(BufferType.L1);
        return "This report indicates available space for interleaving L1 buffers\n"
                + ", Largest Contiguous Free Block (B), Total Free L1 Space (B)\n"
                + "," + s.largestFreeBlockBytes() + "," + (s.largestFreeBlockBytes() * banks) + "\n";
    }

    /** Per type (DRAM, L1): totals over all banks, then the allocator's block dump. */
    static String detailedMemoryUsage(Allocator allocator) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            for (BufferType type : new BufferType[] {BufferType.DRAM, BufferType.L1}) {
                Statistics s = allocator.getStatistics(type);
                long banks = allocator.getNumBanks(type);
                out.print("," + type.name() + "\n");
                out.print(",Total allocatable (B):," + (s.totalAllocatableSizeBytes() * banks) + "\n");
                out.print(",Total allocated (B):," + (s.totalAllocatedBytes() * banks) + "\n");
                out.print(",Total free (B):," + (s.totalFreeBytes() * banks) + "\n");
                out.flush();
                allocator.dumpBlocks(type, out);
            }
        }
        return text.toString();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
