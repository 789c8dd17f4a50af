package dev.custody.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundScoresTest {
    private static final List<AgentConfig> CONFIGS = AgentConfig.parse("none,count,track");

    @Test
    void order_evenRound_keepsTableOrder_oddRound_reversesIt() {
        assertThat(RoundScores.order(CONFIGS, 0))
                .extracting(AgentConfig::name)
                .containsExactly("none", "count", "track");
        assertThat(RoundScores.order(CONFIGS, 1))
                .extracting(AgentConfig::name)
                .containsExactly("track", "count", "none");
        assertThat(RoundScores.order(CONFIGS, 2))
                .extracting(AgentConfig::name)
                .containsExactly("none", "count", "track");
    }

    @Test
    void scores_poolEveryIterationOfEveryRound() {
        RoundScores rounds = new RoundScores(2);
        rounds.add("dram", "none", 0, 101, 100, 102);
        rounds.add("dram", "none", 1, 105, 104, 106);

        Score s = rounds.scores().get(0);

        assertThat(s.benchmark()).isEqualTo("dram");
        assertThat(s.config()).isEqualTo("none");
        assertThat(s.nanos()).isCloseTo(103.0, within(1e-9));
        assertThat(s.error()).isPositive();
    }

    @Test
    void scores_singleIteration_hasNoInterval() {
        RoundScores rounds = new RoundScores(1);
        rounds.add("view", "none", 0, 80, 80);

        assertThat(rounds.scores().get(0).error()).isNaN();
    }

    @Test
    void pairedRatios_divideEachRoundByItsOwnBaseline_soDriftCancels() {
        // The machine slows down round by round; the agent always costs 10 % of the same round's time.
        RoundScores rounds = new RoundScores(6);
        for (int r = 0; r < 6; r++) {
            double base = 100 + 20 * r;
            rounds.add("dram", "none", r, base, base);
            rounds.add("dram", "track", r, base * 1.10, base * 1.10);
        }

        PairedRatio.Summary s = rounds.pairedRatios().get("dram").get("track");

        assertThat(s.median()).isCloseTo(1.10, within(1e-9));
        assertThat(s.low()).isCloseTo(1.10, within(1e-9));
        assertThat(s.high()).isCloseTo(1.10, within(1e-9));
        // Pooled over rounds, the same figures only say "about 1.10", with an interval wide as the drift.
        assertThat(rounds.scores().get(1).nanos() / rounds.scores().get(0).nanos())
                .isCloseTo(1.10, within(1e-9));
    }

    @Test
    void pairedRatios_roundMissingAFork_isLeftOutOfThatConfiguration() {
        RoundScores rounds = new RoundScores(3);
        rounds.add("mesh", "none", 0, 100, 100);
        rounds.add("mesh", "none", 1, 100, 100);
        rounds.add("mesh", "none", 2, 100, 100);
        rounds.add("mesh", "count", 0, 90, 90);
        rounds.add("mesh", "count", 2, 130, 130);

        Map<String, PairedRatio.Summary> row = rounds.pairedRatios().get("mesh");

        assertThat(row.get("count").median()).isCloseTo(1.10, within(1e-9));
        assertThat(row.get("count").low()).isNaN();
        assertThat(row).doesNotContainKey("none");
    }

    @Test
    void add_sameForkTwice_isRejected() {
        RoundScores rounds = new RoundScores(2);
        rounds.add("dram", "track", 1, 120, 120);

        assertThatThrownBy(() -> rounds.add("dram", "track", 1, 121, 121))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("round 1 already has a fork of track for dram");
    }

    @Test
    void add_roundOutsideTheRun_isRejected() {
        RoundScores rounds = new RoundScores(2);

        assertThatThrownBy(() -> rounds.add("dram", "none", 2, 100, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("round=2 is outside 0..1");
        assertThatThrownBy(() -> new RoundScores(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rounds=0 must be at least 1");
    }
}
