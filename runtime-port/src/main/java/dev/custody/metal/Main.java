package dev.custody.metal;

import dev.custody.metal.llama.LlamaJob;
import dev.custody.metal.llama.LlamaOptions;
import java.util.Arrays;

/** Command-line entry point of the runtime port: {@code java -jar runtime-port.jar llama [options]}. */
public final class Main {
    private Main() {}

    /**
     * Runs a command of the port; exits with its status when not 0 (2 for a missing or unknown command).
     *
     * @param args the command and its options
     */
    public static void main(String[] args) {
        int status;
        if (args.length == 0 || !args[0].equals("llama")) {
            System.err.println(
                    args.length == 0 ? "runtime-port: missing command" : "runtime-port: unknown command " + args[0]);
            System.err.println(LlamaOptions.USAGE);
            status = 2;
        } else {
            status = LlamaJob.main(Arrays.copyOfRange(args, 1, args.length), System.out, System.err);
        }
        System.out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }
}
