package dev.custody.metal.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.device.CoreRange;
import org.junit.jupiter.api.Test;

class CircularBufferAllocatorTest {
    private final CircularBufferAllocator allocator = new CircularBufferAllocator(CoreRange.of(0, 0, 7, 7));

    @Test
    void cbRegionEnd_withoutRegions_isZero() {
        assertThat(allocator.cbRegionEnd()).isZero();
    }

    @Test
    void markAddress_atBase_extendsTheSeededRegion() {
        allocator.markAddress(101_152, 4096, 101_152);
        allocator.markAddress(105_248, 4096, 101_152);

        assertThat(allocator.l1Regions()).containsExactly(new CircularBufferAllocator.Region(101_152, 109_344));
    }

    @Test
    void markAddress_aboveLastEnd_opensANewRegion() {
        allocator.markAddress(101_152, 4096, 101_152);
        allocator.markAddress(200_000, 32, 101_152);

        assertThat(allocator.l1Regions())
                .containsExactly(
                        new CircularBufferAllocator.Region(101_152, 105_248),
                        new CircularBufferAllocator.Region(200_000, 200_032));
        assertThat(allocator.cbRegionEnd()).isEqualTo(200_032);
    }

    @Test
    void markAddress_belowLastEnd_throwsUpstreamText() {
        allocator.markAddress(101_152, 4096, 101_152);

        assertThatThrownBy(() -> allocator.markAddress(101_184, 32, 101_152))
                .isInstanceOf(TtException.class)
                .hasMessage("Local buffer address 101184 has to append to last L1 region [101152, 105248) or be at a"
                        + " higher address");
    }

    @Test
    void markAddress_belowBaseOnFirstCall_throwsAgainstTheSeed() {
        assertThatThrownBy(() -> allocator.markAddress(100, 32, 101_152))
                .isInstanceOf(TtException.class)
                .hasMessage("Local buffer address 100 has to append to last L1 region [101152, 101152) or be at a"
                        + " higher address");
    }

    @Test
    void resetAvailableAddresses_forgetsRegions() {
        allocator.markAddress(101_152, 4096, 101_152);

        allocator.resetAvailableAddresses();

        assertThat(allocator.l1Regions()).isEmpty();
        assertThat(allocator.cbRegionEnd()).isZero();
    }
}
