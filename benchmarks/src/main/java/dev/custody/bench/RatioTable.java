package dev.custody.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns JMH scores into the overhead table of BENCHMARKS.md: one row per benchmark, the no-agent time, then
 * each agent level's time with its ratio to no agent and, where the issue sets a target, whether it was met.
 */
final class RatioTable {
    private RatioTable() {}

    /**
     * Formats the table in Markdown.
     *
     * @param configs the columns, including {@code none}
     * @param scores every score; a missing cell prints as {@code n/a}
     * @return the table, one line per row, ending with a newline
     */
    static String markdown(List<AgentConfig> configs, List<Score> scores) {
        Map<String, Map<String, Score>> byBenchmark = new LinkedHashMap<>();
        for (Score s : scores) {
            byBenchmark
                    .computeIfAbsent(s.benchmark(), k -> new LinkedHashMap<>())
                    .put(s.config(), s);
        }
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("benchmark (ns/op)"));
        for (AgentConfig c : configs) {
            header.add(
                    c.agentOptions() == null
                            ? "no agent"
                            : c.name()
                                    + (c.hasTarget()
                                            ? String.format(Locale.ROOT, " (target ≤ %.2f×)", c.target())
                                            : ""));
        }
        row(b, header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add(i == 0 ? "---" : "---:");
        }
        row(b, rule);
        for (Map.Entry<String, Map<String, Score>> e : byBenchmark.entrySet()) {
            Map<String, Score> cells = e.getValue();
            Optional<Score> base = Optional.ofNullable(cells.get("none"));
            List<String> cols = new ArrayList<>(List.of(e.getKey()));
            for (AgentConfig c : configs) {
                Score s = cells.get(c.name());
                cols.add(s == null ? "n/a" : cell(c, s, base.orElse(null)));
            }
            row(b, cols);
        }
        return b.toString();
    }

    /**
     * Formats the per-round ratios of interleaved rounds in Markdown: one row per benchmark, one column per agent
     * configuration, each cell the median of the rounds' ratios to no agent with its 95 % interval, {@code 1.07
     * (1.02–1.12)}, or the median alone when the rounds are too few for an interval (fewer than 6).
     *
     * @param configs the columns; {@code none}, the baseline, gets none
     * @param ratios per benchmark, per configuration name; a missing cell prints as {@code n/a}
     * @return the table, one line per row, ending with a newline
     */
    static String pairedMarkdown(List<AgentConfig> configs, Map<String, Map<String, PairedRatio.Summary>> ratios) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("benchmark (ratio to no agent)"));
        List<AgentConfig> agents = new ArrayList<>();
        for (AgentConfig c : configs) {
            if (c.agentOptions() != null) {
                agents.add(c);
                header.add(c.name());
            }
        }
        row(b, header);
        List<String> rule = new ArrayList<>(List.of("---"));
        for (int i = 1; i < header.size(); i++) {
            rule.add("---:");
        }
        row(b, rule);
        for (Map.Entry<String, Map<String, PairedRatio.Summary>> e : ratios.entrySet()) {
            List<String> cols = new ArrayList<>(List.of(e.getKey()));
            for (AgentConfig c : agents) {
                PairedRatio.Summary s = e.getValue().get(c.name());
                cols.add(
                        s == null
                                ? "n/a"
                                : Double.isNaN(s.low())
                                        ? String.format(Locale.ROOT, "%.3f", s.median())
                                        : String.format(
                                                Locale.ROOT, "%.3f (%.3f–%.3f)", s.median(), s.low(), s.high()));
            }
            row(b, cols);
        }
        return b.toString();
    }

    /**
     * The ratio of {@code s} to {@code base}, or NaN without a usable base.
     */
    static double ratio(Score s, Score base) {
        return base == null || base.nanos() <= 0 ? Double.NaN : s.nanos() / base.nanos();
    }

    /**
     * The verdict on a ratio: {@code met}, {@code MISSED}, or empty when the configuration has no target or
     * the ratio is unknown.
     */
    static String verdict(AgentConfig c, double ratio) {
        if (!c.hasTarget() || Double.isNaN(ratio)) {
            return "";
        }
        return ratio <= c.target() ? "met" : "MISSED";
    }

    private static String cell(AgentConfig c, Score s, Score base) {
        String time = Double.isNaN(s.error())
                ? String.format(Locale.ROOT, "%.1f", s.nanos())
                : String.format(Locale.ROOT, "%.1f ± %.1f", s.nanos(), s.error());
        if (c.agentOptions() == null) {
            return time;
        }
        double r = ratio(s, base);
        if (Double.isNaN(r)) {
            return time;
        }
        String v = verdict(c, r);
        return String.format(Locale.ROOT, "%s (%.2f×%s)", time, r, v.isEmpty() ? "" : " " + v);
    }

    private static void row(StringBuilder b, List<String> cols) {
        b.append("| ").append(String.join(" | ", cols)).append(" |\n");
    }
}
