package dev.custody.metal.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CoreRangeTest {

    @Test
    void str_matchesUpstreamFormat() {
        CoreRange grid = CoreRange.of(0, 0, 7, 7);

        assertThat(grid.str()).isEqualTo("[(x=0,y=0) - (x=7,y=7)]");
        assertThat(new CoreCoord(3, 4).str()).isEqualTo("(x=3,y=4)");
        assertThat(CoreRangeSet.of(CoreRange.of(0, 0, 7, 0), CoreRange.of(0, 1, 3, 1))
                        .str())
                .isEqualTo("{[(x=0,y=0) - (x=7,y=0)], [(x=0,y=1) - (x=3,y=1)]}");
    }

    @Test
    void sizeContainsAndIntersects() {
        CoreRange grid = CoreRange.of(0, 0, 7, 7);
        CoreRange row = CoreRange.of(0, 7, 7, 7);

        assertThat(grid.size()).isEqualTo(64);
        assertThat(grid.contains(new CoreCoord(7, 7))).isTrue();
        assertThat(grid.contains(new CoreCoord(8, 0))).isFalse();
        assertThat(grid.contains(row)).isTrue();
        assertThat(grid.intersects(row)).isTrue();
        assertThat(CoreRange.of(8, 0, 9, 9).intersects(grid)).isFalse();
        assertThat(CoreRangeSet.of(grid, CoreRange.of(8, 0, 8, 0)).numCores()).isEqualTo(65);
    }

    @Test
    void invalidRangesAndOverlappingSets_areRejected() {
        assertThatThrownBy(() -> CoreRange.of(3, 3, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("core range end (x=2,y=3) must not be left of or above start (x=3,y=3); swap the corners");
        assertThatThrownBy(() -> CoreRangeSet.of(CoreRange.of(0, 0, 3, 3), CoreRange.of(3, 3, 4, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("core ranges [(x=0,y=0) - (x=3,y=3)] and [(x=3,y=3) - (x=4,y=4)] overlap; a CoreRangeSet "
                        + "needs disjoint ranges");
    }
}
