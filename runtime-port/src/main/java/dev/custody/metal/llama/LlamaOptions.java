package dev.custody.metal.llama;

import dev.custody.metal.device.Arch;
import dev.custody.metal.device.DeviceSpec;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Options of the llama job, parsed from the command line.
 *
 * @param meshRows mesh rows, {@code >= 1}
 * @param meshCols mesh columns, {@code >= 1}
 * @param arch device architecture
 * @param layers decoder layers, {@code >= 1}
 * @param steps decode steps, {@code >= 1}
 * @param seed seed of every byte the job writes
 * @param bugs bugs to inject, possibly none
 * @param quiet print nothing but errors
 * @param progress force the progress line even when stderr is not a terminal
 */
public record LlamaOptions(
        int meshRows,
        int meshCols,
        Arch arch,
        int layers,
        int steps,
        long seed,
        Set<Bug> bugs,
        boolean quiet,
        boolean progress) {

    /** The usage text printed on an option error. */
    public static final String USAGE = "usage: java -jar runtime-port.jar llama [--mesh RxC (default 2x4)]"
            + " [--arch wormhole_b0|blackhole] [--layers N (default 4)] [--steps N (default 8)] [--seed N (default 42)]"
            + " [--bug " + Bug.kinds() + "]... [--quiet] [--progress]";

    /** Copies {@code bugs}. */
    public LlamaOptions {
        bugs = bugs.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(bugs));
    }

    /** {@return the default options: 2x4 Wormhole mesh, 4 layers, 8 steps, seed 42, no bugs} */
    public static LlamaOptions defaults() {
        return new LlamaOptions(2, 4, Arch.WORMHOLE_B0, 4, 8, 42, Set.of(), false, false);
    }

    /** {@return these options with {@code bug} added} */
    public LlamaOptions withBug(Bug bug) {
        EnumSet<Bug> more = bugs.isEmpty() ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(bugs);
        more.add(bug);
        return new LlamaOptions(meshRows, meshCols, arch, layers, steps, seed, more, quiet, progress);
    }

    /** {@return these options with another size} */
    public LlamaOptions withSize(int layers, int steps) {
        return new LlamaOptions(meshRows, meshCols, arch, layers, steps, seed, bugs, quiet, progress);
    }

    /** {@return the device spec of {@link #arch()}} */
    public DeviceSpec deviceSpec() {
        return arch == Arch.BLACKHOLE ? DeviceSpec.blackhole() : DeviceSpec.wormholeB0();
    }

    /**
     * Parses the options after the {@code llama} command word.
     *
     * @param args the options
     * @return the options, defaults where not given
     * @throws IllegalArgumentException naming the bad option and value
     */
    public static LlamaOptions parse(String... args) {
        LlamaOptions d = defaults();
        int rows = d.meshRows;
        int cols = d.meshCols;
        Arch arch = d.arch;
        int layers = d.layers;
        int steps = d.steps;
        long seed = d.seed;
        EnumSet<Bug> bugs = EnumSet.noneOf(Bug.class);
        boolean quiet = false;
        boolean progress = false;
        for (int i = 0; i < args.length; i++) {
            String opt = args[i];
            switch (opt) {
                case "--quiet" -> quiet = true;
                case "--progress" -> progress = true;
                case "--mesh" -> {
                    String v = value(args, ++i, opt);
                    String[] rc = v.toLowerCase(Locale.ROOT).split("x", -1);
                    if (rc.length != 2) {
                        throw new IllegalArgumentException("--mesh " + v + " must be RxC, e.g. 2x4");
                    }
                    rows = positive(opt, rc[0]);
                    cols = positive(opt, rc[1]);
                }
                case "--arch" -> {
                    String v = value(args, ++i, opt);
                    arch = switch (v.toLowerCase(Locale.ROOT)) {
                        case "wormhole_b0" -> Arch.WORMHOLE_B0;
                        case "blackhole" -> Arch.BLACKHOLE;
                        default ->
                            throw new IllegalArgumentException(
                                    "--arch " + v + " is not supported; use wormhole_b0 or blackhole");
                    };
                }
                case "--layers" -> layers = positive(opt, value(args, ++i, opt));
                case "--steps" -> steps = positive(opt, value(args, ++i, opt));
                case "--seed" -> {
                    String v = value(args, ++i, opt);
                    try {
                        seed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--seed " + v + " must be an integer", e);
                    }
                }
                case "--bug" -> bugs.add(Bug.fromKind(value(args, ++i, opt)));
                default -> throw new IllegalArgumentException("unknown option " + opt);
            }
        }
        return new LlamaOptions(rows, cols, arch, layers, steps, seed, bugs, quiet, progress);
    }

    private static String value(String[] args, int i, String opt) {
        if (i >= args.length) {
            throw new IllegalArgumentException(opt + " needs a value");
        }
        return args[i];
    }

    private static int positive(String opt, String v) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(opt + " " + v + " must be a positive integer", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException(opt + " " + v + " must be a positive integer");
        }
        return n;
    }
}
