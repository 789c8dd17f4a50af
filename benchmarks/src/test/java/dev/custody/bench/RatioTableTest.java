package dev.custody.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RatioTableTest {
    private static final List<AgentConfig> CONFIGS = AgentConfig.parse("none,count,track,paranoid");

    @Test
    void markdown_ratioWithinTarget_saysMetWithTheRatio() {
        String table = RatioTable.markdown(
                CONFIGS, List.of(new Score("create", "none", 100.0, 2.0), new Score("create", "track", 109.0, 3.0)));

        assertThat(table).contains("| create | 100.0 ± 2.0 | n/a | 109.0 ± 3.0 (1.09× met) | n/a |");
    }

    @Test
    void markdown_ratioAboveTarget_saysMissed() {
        String table = RatioTable.markdown(
                CONFIGS, List.of(new Score("create", "none", 100.0, 1.0), new Score("create", "count", 104.0, 1.0)));

        assertThat(table).contains("104.0 ± 1.0 (1.04× MISSED)");
    }

    @Test
    void markdown_configurationWithoutTarget_showsRatioWithoutVerdict() {
        String table = RatioTable.markdown(
                CONFIGS,
                List.of(new Score("view", "none", 10.0, Double.NaN), new Score("view", "paranoid", 50.0, Double.NaN)));

        assertThat(table).contains("| view | 10.0 | n/a | n/a | 50.0 (5.00×) |");
    }

    @Test
    void markdown_header_namesEveryTarget() {
        String table = RatioTable.markdown(CONFIGS, List.of());

        assertThat(table.lines().findFirst())
                .hasValue(
                        "| benchmark (ns/op) | no agent | count (target ≤ 1.03×) | track (target ≤ 1.10×) | paranoid |");
    }

    @Test
    void markdown_withoutBaseline_printsTimesOnly() {
        String table = RatioTable.markdown(CONFIGS, List.of(new Score("mesh", "track", 7.0, 0.5)));

        assertThat(table).contains("| mesh | n/a | n/a | 7.0 ± 0.5 | n/a |");
    }

    @Test
    void pairedMarkdown_cellIsMedianWithInterval_orMedianAloneWithTooFewRounds() {
        String table = RatioTable.pairedMarkdown(
                CONFIGS,
                Map.of(
                        "create",
                        Map.of(
                                "track", new PairedRatio.Summary(1.084, 1.041, 1.122, 0.969),
                                "count", new PairedRatio.Summary(1.012, Double.NaN, Double.NaN, Double.NaN))));

        assertThat(table.lines())
                .containsExactly(
                        "| benchmark (ratio to no agent) | count | track | paranoid |",
                        "| --- | ---: | ---: | ---: |",
                        "| create | 1.012 | 1.084 (1.041–1.122) | n/a |");
    }
}
