package dev.custody.metal.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.DeviceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    private static final long GIB = 1L << 30;

    private static Allocator wormhole() {
        return new Allocator(AllocatorConfig.from(DeviceSpec.wormholeB0()));
    }

    @Test
    void s1_fourMebibyteDramBuffer_takes171PagesPerBankAtDramUnreservedBase() {
        Allocator allocator = wormhole();

        long address = allocator.allocateBuffer(BufferType.DRAM, 4_194_304, 2048, true, 0);

        assertThat(Allocator.calculateBankSizeSpread(4_194_304, 2048, 12, 32)).isEqualTo(350_208);
        assertThat(address)
                .isEqualTo(allocator.getBaseAllocatorAddr(HalMemType.DRAM))
                .isEqualTo(32);
        assertThat(allocator.getStatistics(BufferType.DRAM).totalAllocatedBytes())
                .isEqualTo(350_208);

        allocator.deallocateBuffer(BufferType.DRAM, address);
        allocator.deallocateBuffer(BufferType.DRAM, address);
        assertThat(allocator.getStatistics(BufferType.DRAM).totalAllocatedBytes())
                .isZero();
    }

    @Test
    void kernelBinaryBuffers_topDownInDram_takeOnePagePerBankFromTheTop() {
        Allocator allocator = wormhole();

        long first = allocator.allocateBuffer(BufferType.DRAM, 12_288, 2048, false, 0);
        long second = allocator.allocateBuffer(BufferType.DRAM, 24_576, 2048, false, 0);
        long third = allocator.allocateBuffer(BufferType.DRAM, 12_288, 2048, false, 0);

        assertThat(first).isEqualTo(GIB - 2048).isEqualTo(1_073_739_776L);
        assertThat(second).isEqualTo(1_073_737_728L);
        assertThat(third).isEqualTo(1_073_735_680L);
    }

    @Test
    void s10_topDownL1BuffersTotalling989184PerBank_leaveLowestOccupiedAt509952() {
        Allocator allocator = wormhole();

        allocator.allocateBuffer(BufferType.L1, 64L * 524_288, 2048, false, 0);
        allocator.allocateBuffer(BufferType.L1, 64L * 262_144, 2048, false, 0);
        long last = allocator.allocateBuffer(BufferType.L1, 64L * 202_752, 2048, false, 0);

        assertThat(last).isEqualTo(509_952);
        assertThat(allocator.getLowestOccupiedL1Address(0)).hasValue(509_952);
        assertThat(allocator.getLowestOccupiedL1Address(63)).hasValue(509_952);
    }

    @Test
    void lowestOccupiedL1_isRecomputedWhenTheLowestBufferIsFreed() {
        Allocator allocator = wormhole();
        long high = allocator.allocateBuffer(BufferType.L1, 64L * 4096, 4096, false, 0);
        long low = allocator.allocateBuffer(BufferType.L1, 64L * 4096, 4096, false, 0);

        allocator.deallocateBuffer(BufferType.L1, low);

        assertThat(allocator.getLowestOccupiedL1Address(0)).hasValue(high);
        allocator.deallocateBuffer(BufferType.L1, high);
        assertThat(allocator.getLowestOccupiedL1Address(0)).isEmpty();
    }

    @Test
    void wormholeLayout_matchesSpecNumbers() {
        Allocator allocator = wormhole();

        assertThat(allocator.getNumBanks(BufferType.DRAM)).isEqualTo(12);
        assertThat(allocator.getBankSize(BufferType.DRAM)).isEqualTo(GIB - 32);
        assertThat(allocator.getNumBanks(BufferType.L1)).isEqualTo(64);
        assertThat(allocator.getBankSize(BufferType.L1)).isEqualTo(1_499_136 - 101_152);
        assertThat(allocator.getNumBanks(BufferType.L1_SMALL)).isZero();
        assertThat(allocator.getBankSize(BufferType.TRACE)).isZero();
        assertThat(allocator.getAlignment(BufferType.DRAM)).isEqualTo(32);
        assertThat(allocator.getAlignment(BufferType.TRACE)).isEqualTo(32);
        assertThat(allocator.getAlignment(BufferType.L1)).isEqualTo(16);
        assertThat(allocator.getAlignment(BufferType.L1_SMALL)).isEqualTo(16);
        assertThat(allocator.getBaseAllocatorAddr(HalMemType.L1)).isEqualTo(101_152);
        assertThat(allocator.bankOffset(BufferType.DRAM, 11)).isZero();
    }

    @Test
    void blackholeLayout_usesSixtyFourByteDramAlignmentAndThe13x10Grid() {
        Allocator allocator = new Allocator(AllocatorConfig.from(DeviceSpec.blackhole()));

        assertThat(allocator.getBankSize(BufferType.DRAM)).isEqualTo(4_278_190_080L - 64);
        assertThat(allocator.getNumBanks(BufferType.DRAM)).isEqualTo(8);
        assertThat(allocator.getNumBanks(BufferType.L1)).isEqualTo(130);
        assertThat(allocator.getBankSize(BufferType.L1)).isEqualTo(1_572_864 - 102_784);
        assertThat(allocator.allocateBuffer(BufferType.DRAM, 8 * 2048, 2048, false, 0))
                .isEqualTo(4_278_190_080L - 2048);
        assertThat(allocator.allocateBuffer(BufferType.DRAM, 8 * 2048, 2048, true, 0))
                .isEqualTo(64);
    }

    @Test
    void traceRegion_sitsAtTopOfEachDramBank_roundedToDramAlignmentTimesChannels() {
        Allocator allocator =
                new Allocator(AllocatorConfig.from(DeviceSpec.wormholeB0().withTraceRegionSize(100_000)));

        assertThat(allocator.getBankSize(BufferType.TRACE)).isEqualTo(100_224); // 261 × (32 × 12)
        assertThat(allocator.getBankSize(BufferType.DRAM)).isEqualTo(GIB - 32 - 100_224);
        assertThat(allocator.allocateBuffer(BufferType.TRACE, 12 * 2048, 2048, false, 0))
                .isEqualTo(GIB - 2048);
        assertThat(allocator.allocateBuffer(BufferType.DRAM, 12 * 2048, 2048, false, 0))
                .isEqualTo(GIB - 100_224 - 2048);
    }

    @Test
    void l1Small_isRoundedToDramAlignment_shardedOnly_andAtTheTopOfL1() {
        Allocator allocator =
                new Allocator(AllocatorConfig.from(DeviceSpec.wormholeB0().withL1SmallSize(23_000)));

        assertThat(allocator.getBankSize(BufferType.L1_SMALL)).isEqualTo(23_008);
        assertThat(allocator.getNumBanks(BufferType.L1_SMALL)).isEqualTo(64);
        assertThat(allocator.getBankSize(BufferType.L1)).isEqualTo(1_499_136 - 101_152 - 23_008);
        assertThatThrownBy(() -> allocator.allocateBuffer(BufferType.L1_SMALL, 64 * 128, 128, false, 0))
                .isInstanceOf(TtException.class)
                .hasMessage("L1_SMALL only supports sharded allocations, see validate_num_banks");
        assertThat(allocator.allocateBuffer(BufferType.L1_SMALL, 64 * 128, 128, false, 64))
                .isEqualTo(1_499_136 - 128);
        assertThat(allocator.allocateBuffer(BufferType.L1, 64 * 128, 128, false, 0))
                .isEqualTo(1_499_136 - 23_008 - 128);
    }

    @Test
    void l1SmallTooBig_throwsUpstreamText() {
        assertThatThrownBy(() -> AllocatorConfig.from(DeviceSpec.wormholeB0().withL1SmallSize(1_397_984)))
                .isInstanceOf(TtException.class)
                .hasMessage("Reserved size must be less than bank size");
    }

    @Test
    void systemMemory_isUnsupported() {
        Allocator allocator = wormhole();

        assertThatThrownBy(() -> allocator.allocateBuffer(BufferType.SYSTEM_MEMORY, 2048, 2048, true, 0))
                .isInstanceOf(TtException.class)
                .hasMessage("Unsupported buffer type!");
        assertThatThrownBy(() -> allocator.deallocateBuffer(BufferType.SYSTEM_MEMORY, 0))
                .hasMessage("Unsupported buffer type!");
        assertThatThrownBy(() -> allocator.getStatistics(BufferType.SYSTEM_MEMORY))
                .hasMessage("Unsupported buffer type!");
        assertThatThrownBy(() -> allocator.getBaseAllocatorAddr(HalMemType.HOST))
                .hasMessage("Allocator does not support allocating in HOST");
    }

    @Test
    void allocateBuffer_badInput_throwsNamingArgumentValueAndRule() {
        Allocator allocator = wormhole();

        assertThatThrownBy(() -> allocator.allocateBuffer(BufferType.DRAM, -2048, 2048, true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alignedSize (-2048) must be >= 0");
        assertThatThrownBy(() -> allocator.allocateBuffer(BufferType.DRAM, 2048, 0, true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alignedPageSize (0) must be > 0 when alignedSize (2048) is > 0; pass the page size");
        assertThatThrownBy(() -> allocator.allocateBuffer(BufferType.DRAM, 2000, 1000, true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("alignedPageSize (1000) must be a multiple of the DRAM alignment (32); round the page "
                        + "size up first");
        assertThatThrownBy(() -> allocator.allocateBuffer(BufferType.L1, 64 * 16, 16, true, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("numShards (-1) must be >= 0");
        assertThatThrownBy(() -> allocator.allocateBuffer(BufferType.DRAM, Long.MAX_VALUE - 31, 32, true, 0))
                .isInstanceOf(OutOfDeviceMemoryException.class)
                .hasMessageStartingWith("Out of Memory: Not enough space to allocate 9223372036854775776 B DRAM");
        assertThatThrownBy(() -> Allocator.calculateBankSizeSpread(Long.MAX_VALUE - 31, 32, 1, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size (9223372036854775776) in pages of pageSize (32) over 1 banks needs more than "
                        + "9223372036854775807 B per bank; use a smaller size");
        assertThat(allocator.getStatistics(BufferType.DRAM).totalAllocatedBytes())
                .isZero();
    }

    @Test
    void calculateBankSizeSpread_roundsPagesUpPerBankAndPageSizeUpToAlignment() {
        assertThat(Allocator.calculateBankSizeSpread(0, 0, 12, 32)).isZero();
        assertThat(Allocator.calculateBankSizeSpread(12 * 100, 100, 12, 32)).isEqualTo(128);
        assertThat(Allocator.calculateBankSizeSpread(13 * 100, 100, 12, 32)).isEqualTo(256);
        assertThat(Allocator.calculateBankSizeSpread(24_576, 2048, 12, 32)).isEqualTo(2048);
    }

    @Test
    void deallocateBuffers_freesEveryManagerWithoutTouchingTheConfig() {
        Allocator allocator =
                new Allocator(AllocatorConfig.from(DeviceSpec.wormholeB0().withL1SmallSize(32_768)));
        allocator.allocateBuffer(BufferType.DRAM, 12 * 2048, 2048, true, 0);
        allocator.allocateBuffer(BufferType.L1, 64 * 2048, 2048, false, 0);
        allocator.allocateBuffer(BufferType.L1_SMALL, 8 * 512, 512, false, 8);

        allocator.deallocateBuffers();

        for (BufferType type : List.of(BufferType.DRAM, BufferType.L1, BufferType.L1_SMALL, BufferType.TRACE)) {
            assertThat(allocator.getStatistics(type).totalAllocatedBytes())
                    .as("%s", type)
                    .isZero();
        }
        assertThat(allocator.getLowestOccupiedL1Address(0)).isEmpty();
    }

    @Test
    void concurrentAllocateAndFree_fromManyThreads_endsEmptyWithoutOverlap() throws Exception {
        Allocator allocator = wormhole();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    long a = allocator.allocateBuffer(BufferType.DRAM, 12 * 2048, 2048, i % 2 == 0, 0);
                    long b = allocator.allocateBuffer(BufferType.L1, 64 * 1024, 1024, false, 0);
                    allocator.deallocateBuffer(BufferType.DRAM, a);
                    allocator.deallocateBuffer(BufferType.L1, b);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

        assertThat(allocator.getStatistics(BufferType.DRAM).totalAllocatedBytes())
                .isZero();
        assertThat(allocator.getStatistics(BufferType.L1).totalAllocatedBytes()).isZero();
    }
}
