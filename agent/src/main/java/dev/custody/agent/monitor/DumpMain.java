package dev.custody.agent.monitor;

import dev.custody.agent.wire.Protocol;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code custody dump [--socket PATH]}: prints every allocation the server still tracks. */
public final class DumpMain {
    static final String USAGE = String.join(
            "\n",
            "Usage: custody dump [--socket PATH]",
            "",
            "Prints the allocations the allocation server still tracks, per device and buffer type, with the",
            "owner pid and the allocation site.",
            "",
            "  --socket PATH    the server's socket (default " + Protocol.defaultSocketPath() + ")",
            "  -h, --help       this text");

    private DumpMain() {}

    /** Entry point: exit 0, 1 when no server runs, 2 on a bad command line. */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path socket = Protocol.defaultSocketPath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    out.println(USAGE);
                    return 0;
                }
                case "--socket" -> {
                    if (i + 1 >= args.length) {
                        err.println("custody dump: --socket needs a value");
                        return 2;
                    }
                    socket = Path.of(args[++i]);
                }
                default -> {
                    err.println("custody dump: unknown option '" + args[i] + "'; run `custody dump --help`");
                    return 2;
                }
            }
        }
        try (MonitorClient client = MonitorClient.connect(socket)) {
            out.print(DumpView.render(client.dump()));
            out.flush();
            return 0;
        } catch (MonitorClient.NoServerException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("custody dump: " + e.getMessage());
            return 1;
        }
    }
}
