package dev.custody.metal.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProgramCircularBufferTest {
    private static final CoreRangeSet GRID = CoreRangeSet.of(CoreRange.of(0, 0, 7, 7));

    private final Device device = Device.open(0, DeviceSpec.wormholeB0());

    @AfterEach
    void closeDevice() {
        device.close();
    }

    private static CircularBufferConfig cb(int index, long size, long pageSize) {
        return CircularBufferConfig.builder(size)
                .index(index, DataFormat.FLOAT16_B, pageSize)
                .build();
    }

    private static Program threeCbProgram() {
        Program p = new Program();
        p.addCircularBuffer(GRID, cb(0, 4096, 2048));
        p.addCircularBuffer(GRID, cb(1, 4096, 2048));
        p.addCircularBuffer(GRID, cb(16, 2048, 2048));
        return p;
    }

    private static List<Long> addresses(Program p) {
        return p.circularBuffers().stream().map(CircularBuffer::address).toList();
    }

    @Test
    void allocateCircularBuffers_threeStaticCbs_placedBottomUpFromL1UnreservedBase() {
        try (Program p = threeCbProgram()) {
            p.allocateCircularBuffers(device);

            assertThat(addresses(p)).containsExactly(101_152L, 105_248L, 109_344L);
        }
    }

    @Test
    void allocateCircularBuffers_twoPrograms_aliasTheSameAddresses() {
        try (Program p1 = threeCbProgram();
                Program p2 = threeCbProgram()) {
            p1.allocateCircularBuffers(device);
            p2.allocateCircularBuffers(device);

            assertThat(addresses(p2)).isEqualTo(addresses(p1)).containsExactly(101_152L, 105_248L, 109_344L);
            assertThat(p2.id()).isGreaterThan(p1.id());
        }
    }

    @Test
    void allocateCircularBuffers_addressesAreDramAligned() {
        try (Program p = new Program()) {
            p.addCircularBuffer(GRID, cb(0, 48, 16));
            p.addCircularBuffer(GRID, cb(1, 2048, 2048));
            p.allocateCircularBuffers(device);

            // 101152 + 48 = 101200 rounds up to the next multiple of 32.
            assertThat(addresses(p)).containsExactly(101_152L, 101_216L);
        }
    }

    @Test
    void allocateCircularBuffers_disjointRanges_eachStartAtBase() {
        CoreRangeSet left = CoreRangeSet.of(CoreRange.of(0, 0, 3, 7));
        CoreRangeSet right = CoreRangeSet.of(CoreRange.of(4, 0, 7, 7));
        try (Program p = new Program()) {
            p.addCircularBuffer(left, cb(0, 4096, 2048));
            p.addCircularBuffer(right, cb(0, 8192, 2048));
            p.addCircularBuffer(left, cb(1, 2048, 2048));
            p.allocateCircularBuffers(device);

            assertThat(addresses(p)).containsExactly(101_152L, 101_152L, 105_248L);
        }
    }

    @Test
    void allocateCircularBuffers_intersectingRanges_stackAboveEachOther() {
        CoreRangeSet corner = CoreRangeSet.of(CoreRange.of(0, 0, 1, 1));
        try (Program p = new Program()) {
            p.addCircularBuffer(corner, cb(0, 8192, 2048));
            p.addCircularBuffer(GRID, cb(1, 4096, 2048));
            p.addCircularBuffer(corner, cb(2, 2048, 2048));
            p.allocateCircularBuffers(device);

            // Each CB is marked in every intersecting allocator, so the grid CB starts above the corner CB and the
            // second corner CB above the grid CB.
            assertThat(addresses(p)).containsExactly(101_152L, 109_344L, 113_440L);
        }
    }

    @Test
    void addCircularBuffer_afterCompile_throwsUpstreamText() {
        try (Program p = threeCbProgram()) {
            p.compile(device);

            assertThatThrownBy(() -> p.addCircularBuffer(GRID, cb(2, 2048, 2048)))
                    .isInstanceOf(TtException.class)
                    .hasMessage("Cannot add circular buffer to an already compiled program " + p.id());
        }
    }

    @Test
    void addCircularBuffer_indexTakenOnAnOverlappingCore_throwsUpstreamTextAndAddsNothing() {
        try (Program p = threeCbProgram()) {
            CoreRangeSet oneCore = CoreRangeSet.of(CoreRange.of(5, 5, 5, 5));

            assertThatThrownBy(() -> p.addCircularBuffer(oneCore, cb(16, 2048, 2048)))
                    .isInstanceOf(TtException.class)
                    .hasMessage("Invalid circular buffer index: Cannot add circular buffer at index 16, another"
                            + " circular buffer already exists");
            assertThat(p.circularBuffers()).hasSize(3);
        }
    }

    @Test
    void addCircularBuffer_sameIndexOnDisjointCores_isAllowed() {
        try (Program p = new Program()) {
            p.addCircularBuffer(CoreRangeSet.of(CoreRange.of(0, 0, 3, 7)), cb(0, 2048, 2048));
            p.addCircularBuffer(CoreRangeSet.of(CoreRange.of(4, 0, 7, 7)), cb(0, 2048, 2048));

            assertThat(p.circularBuffers()).hasSize(2);
        }
    }

    @Test
    void addCircularBuffer_afterAllocation_relaysOutEveryStaticCb() {
        try (Program p = new Program()) {
            p.addCircularBuffer(GRID, cb(0, 4096, 2048));
            p.allocateCircularBuffers(device);
            p.addCircularBuffer(GRID, cb(1, 2048, 2048));

            assertThat(p.circularBuffers().get(0).isAllocated()).isFalse();
            p.allocateCircularBuffers(device);
            assertThat(addresses(p)).containsExactly(101_152L, 105_248L);
        }
    }

    @Test
    void compile_cbIndexBeyondWormholeCount_throws() {
        try (Program p = new Program()) {
            p.addCircularBuffer(GRID, cb(40, 2048, 2048));

            assertThatThrownBy(() -> p.compile(device))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("circular buffer index (40) must be < 32");
        }
    }

    @Test
    void compile_cbIndexBeyondWormholeCount_isFineOnBlackhole() {
        try (Device bh = Device.open(1, DeviceSpec.blackhole());
                Program p = new Program()) {
            p.addCircularBuffer(GRID, cb(40, 2048, 2048));
            p.compile(bh);
            p.allocateCircularBuffers(bh);

            assertThat(p.circularBuffers().get(0).address()).isEqualTo(bh.spec().l1UnreservedBase());
        }
    }

    @Test
    void address_beforeAllocation_throws() {
        try (Program p = threeCbProgram()) {
            assertThatThrownBy(() -> p.circularBuffers().get(0).address())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("has not been allocated");
        }
    }
}
