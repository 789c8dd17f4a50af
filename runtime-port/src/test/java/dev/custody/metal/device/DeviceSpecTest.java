package dev.custody.metal.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeviceSpecTest {

    @Test
    void wormholeB0_hasSpecNumbers() {
        DeviceSpec wh = DeviceSpec.wormholeB0();

        assertThat(wh.workerL1Size()).isEqualTo(1_499_136);
        assertThat(wh.numDramBanks()).isEqualTo(12);
        assertThat(wh.dramBankSize()).isEqualTo(1_073_741_824L);
        assertThat(wh.l1Alignment()).isEqualTo(16);
        assertThat(wh.dramAlignment()).isEqualTo(32);
        assertThat(wh.l1UnreservedBase()).isEqualTo(101_152);
        assertThat(wh.dramUnreservedBase()).isEqualTo(32);
        assertThat(wh.numComputeCores()).isEqualTo(64);
        assertThat(wh.computeGrid().str()).isEqualTo("{[(x=0,y=0) - (x=7,y=7)]}");
        assertThat(wh.arch().value()).isEqualTo(2);
    }

    @Test
    void blackhole_hasSpecNumbers() {
        DeviceSpec bh = DeviceSpec.blackhole();

        assertThat(bh.workerL1Size()).isEqualTo(1_572_864);
        assertThat(bh.numDramBanks()).isEqualTo(8);
        assertThat(bh.dramBankSize()).isEqualTo(4_278_190_080L);
        assertThat(bh.dramAlignment()).isEqualTo(64);
        assertThat(bh.dramUnreservedBase()).isEqualTo(64);
        assertThat(bh.numComputeCores()).isEqualTo(130);
        assertThat(bh.arch().value()).isEqualTo(3);
    }

    @Test
    void withers_changeOnlyTheirField() {
        DeviceSpec spec = DeviceSpec.wormholeB0().withL1SmallSize(4096).withTraceRegionSize(8192);

        assertThat(spec.l1SmallSize()).isEqualTo(4096);
        assertThat(spec.traceRegionSize()).isEqualTo(8192);
        assertThat(spec.withComputeGridSize(new CoreCoord(8, 7)).numComputeCores())
                .isEqualTo(56);
        assertThat(spec.workerL1Size()).isEqualTo(1_499_136);
    }

    @Test
    void badNumbers_areRejectedNamingTheField() {
        assertThatThrownBy(() -> DeviceSpec.wormholeB0().withL1SmallSize(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("l1SmallSize (-1) must be >= 0");
    }
}
