package dev.custody.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One column of the overhead table: a JVM without the agent, or with the agent at one level.
 *
 * <p>{@code advice} is a control, not a level: the agent at {@code level=track}, every class instrumented and every
 * event delivered, but to a sink that drops it ({@link EventsDropped}) instead of the ledger. Its ratio is what the
 * instrumentation alone costs; {@code track} minus {@code advice} is the ledger's share.
 *
 * @param name {@code none}, {@code count}, {@code advice}, {@code track}, {@code stacks} or {@code paranoid}
 * @param agentOptions the {@code -javaagent:…=} options, or null for no agent
 * @param target the largest acceptable ratio to {@code none}, or {@link Double#NaN} when there is no target
 * @param dropEvents whether the benchmark replaces the agent's ledger with {@link EventsDropped}
 */
record AgentConfig(String name, String agentOptions, double target, boolean dropEvents) {
    /** Every configuration, in table order; {@code none} is the baseline the others are divided by. */
    static final List<AgentConfig> ALL = List.of(
            new AgentConfig("none", null, Double.NaN, false),
            new AgentConfig("count", "level=count,report=none", 1.03, false),
            new AgentConfig("advice", "level=track,report=none", Double.NaN, true),
            new AgentConfig("track", "level=track,report=none", 1.10, false),
            new AgentConfig("stacks", "level=stacks,sample=128,report=none", 1.5, false),
            new AgentConfig("paranoid", "level=paranoid,report=none", Double.NaN, false));

    /**
     * Parses a comma-separated list of names.
     *
     * @throws IllegalArgumentException naming an unknown configuration, or when {@code none} is missing
     */
    static List<AgentConfig> parse(String csv) {
        List<AgentConfig> out = new ArrayList<>();
        for (String raw : csv.split(",", -1)) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            AgentConfig found = ALL.stream()
                    .filter(c -> c.name.equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--configs: '" + raw
                            + "' is not a configuration; use a comma-separated subset of"
                            + " none,count,advice,track,stacks,paranoid"));
            if (!out.contains(found)) {
                out.add(found);
            }
        }
        if (out.stream().noneMatch(c -> c.agentOptions == null)) {
            throw new IllegalArgumentException(
                    "--configs " + csv + " lacks 'none', the baseline every ratio is taken against; add it");
        }
        return out;
    }

    /** The JVM arguments a fork of this configuration gets, given the agent jar. */
    List<String> jvmArgs(Path agentJar) {
        List<String> args = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
        if (Runtime.version().feature() >= 23) {
            args.add("--sun-misc-unsafe-memory-access=allow"); // Byte Buddy's Unsafe warning (toolchain.md)
        }
        if (agentOptions != null) {
            args.add("-javaagent:" + agentJar.toAbsolutePath() + "=" + agentOptions);
        }
        if (dropEvents) {
            args.add("-D" + EventsDropped.PROPERTY + "=true");
        }
        return args;
    }

    boolean hasTarget() {
        return !Double.isNaN(target);
    }
}
