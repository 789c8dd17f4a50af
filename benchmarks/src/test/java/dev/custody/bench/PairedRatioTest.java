package dev.custody.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedRatioTest {
    @Test
    void of_takesTheRatioWithinEachRound_soDriftBetweenRoundsCancels() {
        // The machine slows down round after round; the agent costs exactly 20 % in every round.
        double[] base = {100, 150, 200, 250, 300, 350, 400};
        double[] other = new double[base.length];
        for (int i = 0; i < base.length; i++) {
            other[i] = base[i] * 1.2;
        }

        PairedRatio.Summary s = PairedRatio.of(base, other);

        assertThat(s.median()).isCloseTo(1.2, within(1e-12));
        assertThat(s.low()).isCloseTo(1.2, within(1e-12));
        assertThat(s.high()).isCloseTo(1.2, within(1e-12));
    }

    @Test
    void of_21Rounds_boundsTheMedianByThe6thAnd16thRatio_with97Point3PercentCoverage() {
        double[] base = new double[21];
        double[] other = new double[21];
        for (int i = 0; i < 21; i++) {
            base[i] = 100;
            other[i] = 121 - i; // ratios 1.21, 1.20, ..., 1.01, in no sorted order of rounds
        }

        PairedRatio.Summary s = PairedRatio.of(base, other);

        assertThat(s.median()).isCloseTo(1.11, within(1e-9));
        assertThat(s.low()).isCloseTo(1.06, within(1e-9));
        assertThat(s.high()).isCloseTo(1.16, within(1e-9));
        assertThat(s.coverage()).isCloseTo(0.9734, within(1e-4));
        assertThat(s.line()).isEqualTo("1.110 1.060 1.160 97.3");
    }

    @Test
    void of_evenRounds_averagesTheTwoMiddleRatios() {
        assertThat(PairedRatio.of(
                                new double[] {100, 100, 100, 100, 100, 100},
                                new double[] {110, 120, 130, 140, 150, 160})
                        .median())
                .isCloseTo(1.35, within(1e-9));
    }

    @Test
    void orderIndex_isTheWidestIndexWhoseCoverageReaches95Percent() {
        assertThat(PairedRatio.orderIndex(5)).isZero(); // even [min, max] covers only 93.75 %
        assertThat(PairedRatio.orderIndex(6)).isEqualTo(1);
        assertThat(PairedRatio.orderIndex(21)).isEqualTo(6);
        assertThat(PairedRatio.orderIndex(41)).isEqualTo(14);
        assertThat(PairedRatio.lowerTail(21, 5)).isCloseTo(0.013302, within(1e-6));
    }

    @Test
    void of_fiveRounds_hasNoInterval_andSaysSo() {
        PairedRatio.Summary s = PairedRatio.of(new double[] {1, 1, 1, 1, 1}, new double[] {2, 2, 2, 2, 2});

        assertThat(s.low()).isNaN();
        assertThat(s.line()).isEqualTo("2.000 n/a n/a n/a");
    }

    @Test
    void of_roundsThatDoNotPair_throwsNamingBothCounts() {
        assertThatThrownBy(() -> PairedRatio.of(new double[] {1, 2, 3}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base has 3 rounds and other 2");
    }

    @Test
    void of_aTimeThatIsNotPositive_throwsNamingTheRound() {
        assertThatThrownBy(() -> PairedRatio.of(new double[] {1, 0}, new double[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("round 2 has time 0.0");
    }

    @Test
    void read_oneTimePerLine_skipsBlankLines(@TempDir Path dir) throws Exception {
        Path samples = Files.writeString(dir.resolve("samples-none"), "432000000\n\n509000000\n");

        assertThat(PairedRatio.read(samples)).containsExactly(432000000, 509000000);
    }

    @Test
    void read_aLineThatIsNotANumber_throwsNamingTheFileAndLine(@TempDir Path dir) throws Exception {
        Path samples = Files.writeString(dir.resolve("samples-track"), "432000000\n4.1 ms\n");

        assertThatThrownBy(() -> PairedRatio.read(samples))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("samples-track line 2: '4.1 ms' is not a number");
    }
}
