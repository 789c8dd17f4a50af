package dev.custody.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link BufferLifecycleBenchmark} under each agent configuration, each in its own JMH forks, and prints
 * the times side by side with their ratios to the run without the agent.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.custody.bench.OverheadMain --agent agent/target/custody-agent.jar
 *     [--configs none,count,advice,track,stacks,paranoid] [--rounds 1] [--f 1] [--wi 3] [--w 1s] [--i 5] [--r 1s]
 *     [--include REGEX] [--out FILE.md] [--smoke]
 * </pre>
 *
 * <p>The configurations run in {@code --rounds} rounds of {@code --f} forks each, the first round in the given order,
 * the next reversed, and so on ({@link RoundScores#order}), so that a machine whose speed drifts over minutes slows
 * every configuration alike. The first table is the mean of every measured iteration of every round with its 99.9 %
 * interval, as one JMH run with all the forks would print it; the second takes each round's fork over the same
 * round's no-agent fork and gives the median of those ratios with a 95 % interval ({@link PairedRatio}; from 6
 * rounds on). {@code --out FILE} writes the first table to FILE and the second to FILE.rounds.
 *
 * <p>{@code --smoke} is one 100 ms iteration of every benchmark without the agent, with {@code advice} and with
 * {@code level=track}, in one round: it proves the benchmarks and the agent still run, and its numbers mean nothing.
 * Exit status: 0 when every fork ran (missed targets are reported, not failed: timing on a shared machine is
 * noise-prone), 1 when a benchmark failed, 2 on a bad command line.
 */
public final class OverheadMain {
    private OverheadMain() {}

    /** Entry point; see the class documentation. */
    public static void main(String[] args) throws IOException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("OverheadMain: " + e.getMessage());
            System.exit(2);
            return;
        }
        RoundScores rounds = new RoundScores(o.rounds);
        for (int round = 0; round < o.rounds; round++) {
            for (AgentConfig c : RoundScores.order(o.configs, round)) {
                System.out.println("# round " + (round + 1) + " of " + o.rounds + ", configuration " + c.name() + ": "
                        + String.join(" ", c.jvmArgs(o.agent)));
                ChainedOptionsBuilder b = new OptionsBuilder()
                        .include(BufferLifecycleBenchmark.class.getName() + "." + o.include)
                        .warmupIterations(o.warmupIterations)
                        .warmupTime(TimeValue.fromString(o.warmupTime))
                        .measurementIterations(o.iterations)
                        .measurementTime(TimeValue.fromString(o.time))
                        .forks(o.forks)
                        .shouldFailOnError(true)
                        .jvmArgsAppend(c.jvmArgs(o.agent).toArray(String[]::new));
                Collection<RunResult> results;
                try {
                    results = new Runner(b.build()).run();
                } catch (RunnerException e) {
                    System.err.println("OverheadMain: configuration " + c.name() + " failed in round " + (round + 1)
                            + ": " + e.getMessage());
                    System.exit(1);
                    return;
                }
                for (RunResult r : results) {
                    String method = r.getParams().getBenchmark();
                    rounds.add(
                            method.substring(method.lastIndexOf('.') + 1),
                            c.name(),
                            round,
                            r.getPrimaryResult().getScore(),
                            iterationScores(r));
                }
            }
        }
        String table = RatioTable.markdown(o.configs, rounds.scores());
        String paired = RatioTable.pairedMarkdown(o.configs, rounds.pairedRatios());
        System.out.println();
        System.out.println("Buffer lifecycle, average time per operation; ratio = configuration / no agent:");
        System.out.print(table);
        System.out.println();
        System.out.println("Per-round ratios (median and 95 % interval over " + o.rounds + " rounds):");
        System.out.print(paired);
        if (o.out != null) {
            Files.writeString(o.out, table, StandardCharsets.UTF_8);
            Files.writeString(Path.of(o.out + ".rounds"), paired, StandardCharsets.UTF_8);
        }
    }

    /** Every measured iteration of every fork in {@code r}, in ns/op. */
    private static double[] iterationScores(RunResult r) {
        List<Double> out = new ArrayList<>();
        for (BenchmarkResult fork : r.getBenchmarkResults()) {
            for (IterationResult it : fork.getIterationResults()) {
                out.add(it.getPrimaryResult().getScore());
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The command line. */
    static final class Options {
        Path agent;
        List<AgentConfig> configs = AgentConfig.ALL;
        int warmupIterations = 3;
        String warmupTime = "1s";
        int iterations = 5;
        String time = "1s";
        int forks = 1;
        int rounds = 1;
        String include = ".*";
        Path out;

        /**
         * Parses the arguments.
         *
         * @throws IllegalArgumentException naming the bad argument and the rule
         */
        static Options parse(String... args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--agent" -> o.agent = Path.of(value(args, ++i, a));
                    case "--configs" -> o.configs = AgentConfig.parse(value(args, ++i, a));
                    case "--wi" -> o.warmupIterations = count(a, value(args, ++i, a), 0);
                    case "--w" -> o.warmupTime = time(a, value(args, ++i, a));
                    case "--i" -> o.iterations = count(a, value(args, ++i, a), 1);
                    case "--r" -> o.time = time(a, value(args, ++i, a));
                    case "--f" -> o.forks = count(a, value(args, ++i, a), 1);
                    case "--rounds" -> o.rounds = count(a, value(args, ++i, a), 1);
                    case "--include" -> o.include = value(args, ++i, a);
                    case "--out" -> o.out = Path.of(value(args, ++i, a));
                    case "--smoke" -> {
                        o.configs = AgentConfig.parse("none,advice,track");
                        o.warmupIterations = 0;
                        o.iterations = 1;
                        o.time = "100ms";
                        o.forks = 1;
                        o.rounds = 1;
                    }
                    default ->
                        throw new IllegalArgumentException("unknown argument '" + a + "'; see the class"
                                + " documentation of dev.custody.bench.OverheadMain for the options");
                }
            }
            boolean needsAgent = o.configs.stream().anyMatch(c -> c.agentOptions() != null);
            if (needsAgent && (o.agent == null || !Files.isRegularFile(o.agent))) {
                throw new IllegalArgumentException("--agent " + o.agent + " is not a file; build the agent first"
                        + " (mvn -B -q package -pl agent -am) and pass agent/target/custody-agent.jar");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int count(String option, String v, int min) {
            try {
                int n = Integer.parseInt(v);
                if (n >= min) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " " + v + " must be a whole number >= " + min);
        }

        private static String time(String option, String v) {
            try {
                TimeValue.fromString(v);
                return v;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        option + " " + v + " is not a JMH time such as 1s or 100ms: " + e.getMessage(), e);
            }
        }
    }
}
