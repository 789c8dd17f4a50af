package dev.custody.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How sure a whole-process ratio is: the rounds of {@code run.sh} run each configuration once per round, seconds apart,
 * so each round gives one ratio (the agent run over the no-agent run of the same round) in which the machine's drift
 * cancels. This is their median and a distribution-free confidence interval for it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.custody.bench.PairedRatio BASE_SAMPLES OTHER_SAMPLES
 * </pre>
 *
 * <p>Each file holds one time per line, in round order (what {@code run.sh}'s {@code sample} appends). Prints {@code
 * MEDIAN LOW HIGH COVERAGE} (ratios with three decimals, coverage in percent with one), or {@code MEDIAN n/a n/a n/a}
 * when there are too few rounds for a 95 % interval (fewer than 6). Exit status 2 on a bad command line or file.
 */
/*
 * The interval is the classic one for a median from order statistics: with n ratios sorted, [r(k), r(n+1-k)] holds
 * the true median unless at least n-k+1 of the n lie on one side of it, which for independent rounds has the
 * probability of a Binomial(n, 1/2) tail; k is the largest index whose two tails together stay at or below 5 %. It
 * assumes nothing about the ratios' distribution (run times on a shared VM are skewed, with outliers), only that the
 * rounds are independent, which interleaving makes nearly so.
 */
public final class PairedRatio {
    /** The least coverage an interval must have. */
    static final double CONFIDENCE = 0.95;

    private PairedRatio() {}

    /**
     * The median of the per-round ratios and its interval.
     *
     * @param median the median of {@code other[i] / base[i]}
     * @param low the interval's lower end, or NaN when there are too few rounds
     * @param high the interval's upper end, or NaN when there are too few rounds
     * @param coverage the interval's exact coverage (at least {@link #CONFIDENCE}), or NaN
     */
    record Summary(double median, double low, double high, double coverage) {
        /** The line {@link #main} prints. */
        String line() {
            return Double.isNaN(low)
                    ? String.format(Locale.ROOT, "%.3f n/a n/a n/a", median)
                    : String.format(Locale.ROOT, "%.3f %.3f %.3f %.1f", median, low, high, coverage * 100);
        }
    }

    /**
     * Summarizes paired samples.
     *
     * @param base the no-agent times, one per round
     * @param other the agent's times, same rounds in the same order
     * @return the median ratio and its interval
     * @throws IllegalArgumentException if the arrays differ in length, are empty, or hold a time that is not positive
     */
    static Summary of(double[] base, double[] other) {
        if (base.length != other.length) {
            throw new IllegalArgumentException("base has " + base.length + " rounds and other " + other.length
                    + "; pass the samples of the same rounds (one line per round in each file)");
        }
        if (base.length == 0) {
            throw new IllegalArgumentException("no rounds; each file needs one time per line");
        }
        double[] ratios = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            if (!(base[i] > 0) || !(other[i] > 0)) {
                throw new IllegalArgumentException("round " + (i + 1) + " has time " + base[i] + " and " + other[i]
                        + "; every time must be a positive number");
            }
            ratios[i] = other[i] / base[i];
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        int k = orderIndex(n);
        if (k == 0) {
            return new Summary(median, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Summary(median, ratios[k - 1], ratios[n - k], 1 - 2 * lowerTail(n, k - 1));
    }

    /**
     * The largest k (1-based) such that [r(k), r(n+1-k)] covers the median with probability at least {@link
     * #CONFIDENCE}, or 0 when even [r(1), r(n)] falls short (n below 6).
     */
    static int orderIndex(int n) {
        int best = 0;
        for (int k = 1; k <= (n + 1) / 2; k++) {
            if (1 - 2 * lowerTail(n, k - 1) >= CONFIDENCE) {
                best = k;
            } else {
                break;
            }
        }
        return best;
    }

    /** P(Binomial(n, 1/2) ≤ j). */
    static double lowerTail(int n, int j) {
        double sum = 0;
        double term = Math.pow(0.5, n); // C(n, 0) / 2^n
        for (int i = 0; i <= j; i++) {
            sum += term;
            term = term * (n - i) / (i + 1);
        }
        return sum;
    }

    /** Entry point; see the class documentation. */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("PairedRatio: need BASE_SAMPLES OTHER_SAMPLES (two files of one time per line, same"
                    + " rounds), got " + args.length + " argument(s)");
            System.exit(2);
            return;
        }
        try {
            System.out.println(
                    of(read(Path.of(args[0])), read(Path.of(args[1]))).line());
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("PairedRatio: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Reads one time per line; blank lines are skipped.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file and line of a value that is not a number
     */
    static double[] read(Path file) throws IOException {
        List<Double> values = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(file)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                values.add(Double.parseDouble(line.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        file + " line " + lineNumber + ": '" + line.trim() + "' is not a number; one time per line", e);
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
