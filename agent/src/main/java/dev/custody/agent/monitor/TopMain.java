package dev.custody.agent.monitor;

import dev.custody.agent.wire.Protocol;
import dev.custody.agent.wire.StatusReport;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code custody top [-a] [-d ID]… [-r MS] [-n COUNT] [--socket PATH]}: a screen that refreshes in
 * place with every device's memory bars and one row per client process.
 */
public final class TopMain {
    static final String USAGE = String.join(
            "\n",
            "Usage: custody top [-a] [-d ID]... [-r MS] [-n COUNT] [--socket PATH]",
            "",
            "Shows device memory of every process reporting to the allocation server, refreshed in place.",
            "",
            "  -a, --all        every device the server knows (the default)",
            "  -d ID            only device ID (repeatable): -d 0 -d 1",
            "  -r MS            refresh period in milliseconds (default 1000, at least 50)",
            "  -n COUNT         stop after COUNT screens (default: until Ctrl+C)",
            "  --socket PATH    the server's socket (default " + Protocol.defaultSocketPath() + ")",
            "  -h, --help       this text",
            "",
            "Examples: custody top -d 0    custody top -d 0 -d 1 -d 2    custody top -a -r 500");

    private TopMain() {}

    /** Entry point: exit 0 after -n screens, 1 when no server runs, 2 on a bad command line. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Set<Integer> devices = new LinkedHashSet<>();
        int refresh = 1000;
        long count = Long.MAX_VALUE;
        Path socket = Protocol.defaultSocketPath();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    case "-a", "--all" -> devices.clear();
                    case "-d" -> devices.add(Args.number("-d", Args.value(args, ++i, "-d"), 0, Integer.MAX_VALUE));
                    case "-r" -> refresh = Args.number("-r", Args.value(args, ++i, "-r"), 50, 3_600_000);
                    case "-n" -> count = Args.number("-n", Args.value(args, ++i, "-n"), 1, Integer.MAX_VALUE);
                    case "--socket" -> socket = Path.of(Args.value(args, ++i, "--socket"));
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option '" + args[i] + "'; run `custody top --help` for the options");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("custody top: " + e.getMessage());
            return 2;
        }
        try (MonitorClient client = MonitorClient.connect(socket)) {
            out.println("📊 Allocation Server Monitor");
            out.println("   Monitoring device(s): " + (devices.isEmpty() ? "all" : join(devices)));
            out.println("   Refresh: " + refresh + "ms");
            out.println("   Press Ctrl+C to exit");
            for (long n = 0; n < count; n++) {
                StatusReport s = client.status();
                out.print(TopScreen.render(s, devices, refresh, LocalTime.now(ZoneId.systemDefault())));
                out.flush();
                if (n + 1 < count) {
                    Thread.sleep(refresh);
                }
            }
            return 0;
        } catch (MonitorClient.NoServerException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("custody top: lost the server: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String join(Set<Integer> ids) {
        StringBuilder b = new StringBuilder();
        for (int id : ids) {
            b.append(b.length() == 0 ? "" : ", ").append(id);
        }
        return b.toString();
    }
}
