package dev.custody.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.openjdk.jmh.util.ListStatistics;

/**
 * The lifecycle scores of interleaved rounds: for each benchmark and configuration, the score of its fork in each round
 * and every measured iteration of those forks.
 *
 * <p>{@link #scores()} is what one JMH run with all the forks would report (the mean of every iteration, with its
 * 99.9 % confidence interval); {@link #pairedRatios()} takes each round's fork over the same round's no-agent fork, so
 * that the machine's drift between rounds cancels, and summarizes those ratios with {@link PairedRatio}.
 */
final class RoundScores {
    /*
     * Design. Kept by benchmark, then by configuration, both in the order first added, so the tables list rows and
     * columns as the run met them. A fork's score is kept per round index rather than appended, so a configuration
     * whose fork is missing in some round cannot shift the pairing of later rounds: such a round is left out of that
     * configuration's ratios.
     */
    private final int rounds;
    private final Map<String, Map<String, double[]>> forkScores = new LinkedHashMap<>();
    private final Map<String, Map<String, ListStatistics>> iterations = new LinkedHashMap<>();

    /**
     * Creates an empty record of {@code rounds} rounds.
     *
     * @throws IllegalArgumentException if {@code rounds} is less than 1
     */
    RoundScores(int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds=" + rounds + " must be at least 1");
        }
        this.rounds = rounds;
    }

    /**
     * The order in which round {@code round} runs the configurations: as given in even rounds, reversed in odd ones,
     * so that no configuration always runs first or last (where a drifting machine would favour or penalize it).
     *
     * @param configs the configurations, in table order
     * @param round the round, from 0
     * @return a new list
     */
    static List<AgentConfig> order(List<AgentConfig> configs, int round) {
        List<AgentConfig> out = new ArrayList<>(configs);
        if (round % 2 == 1) {
            Collections.reverse(out);
        }
        return out;
    }

    /**
     * Records the fork one configuration ran for one benchmark in one round.
     *
     * @param benchmark the benchmark method's simple name
     * @param config the configuration's name
     * @param round the round, from 0
     * @param forkScore the fork's score (ns/op)
     * @param iterationScores the fork's measured iterations (ns/op)
     * @throws IllegalArgumentException if {@code round} is outside the rounds, or the round already has this fork
     */
    void add(String benchmark, String config, int round, double forkScore, double... iterationScores) {
        if (round < 0 || round >= rounds) {
            throw new IllegalArgumentException("round=" + round + " is outside 0.." + (rounds - 1));
        }
        double[] perRound = forkScores
                .computeIfAbsent(benchmark, k -> new LinkedHashMap<>())
                .computeIfAbsent(config, k -> newRounds());
        if (!Double.isNaN(perRound[round])) {
            throw new IllegalArgumentException(
                    "round " + round + " already has a fork of " + config + " for " + benchmark + "; record each once");
        }
        perRound[round] = forkScore;
        ListStatistics stats = iterations
                .computeIfAbsent(benchmark, k -> new LinkedHashMap<>())
                .computeIfAbsent(config, k -> new ListStatistics());
        for (double v : iterationScores) {
            stats.addValue(v);
        }
    }

    private double[] newRounds() {
        double[] a = new double[rounds];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    /**
     * Returns one score per benchmark and configuration: the mean of all its measured iterations over every round, and
     * the half-width of their 99.9 % confidence interval (NaN with fewer than two iterations).
     */
    List<Score> scores() {
        List<Score> out = new ArrayList<>();
        iterations.forEach((benchmark, byConfig) -> byConfig.forEach((config, stats) -> {
            double error = stats.getN() > 1 ? stats.getMeanErrorAt(0.999) : Double.NaN;
            out.add(new Score(benchmark, config, stats.getMean(), error));
        }));
        return out;
    }

    /**
     * Returns, per benchmark and agent configuration, the median of the per-round ratios to {@code none} and its
     * interval; rounds in which either fork is missing are left out, and a configuration with no complete round is
     * absent.
     */
    Map<String, Map<String, PairedRatio.Summary>> pairedRatios() {
        Map<String, Map<String, PairedRatio.Summary>> out = new LinkedHashMap<>();
        forkScores.forEach((benchmark, byConfig) -> {
            double[] base = byConfig.get("none");
            if (base == null) {
                return;
            }
            Map<String, PairedRatio.Summary> row = new LinkedHashMap<>();
            byConfig.forEach((config, other) -> {
                if (config.equals("none")) {
                    return;
                }
                // A missing fork is NaN, and NaN > 0 is false.
                int[] complete = IntStream.range(0, rounds)
                        .filter(r -> base[r] > 0 && other[r] > 0)
                        .toArray();
                if (complete.length > 0) {
                    row.put(
                            config,
                            PairedRatio.of(
                                    Arrays.stream(complete)
                                            .mapToDouble(r -> base[r])
                                            .toArray(),
                                    Arrays.stream(complete)
                                            .mapToDouble(r -> other[r])
                                            .toArray()));
                }
            });
            out.put(benchmark, row);
        });
        return out;
    }
}
