package dev.custody.metal.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FreeListOptScaleTest {

    @Test
    void millionAllocateFreePairs_withTenThousandLiveBlocks_complete_andEverythingReturns() {
        long region = 1L << 30;
        FreeListOpt list = new FreeListOpt(region, 32, 32, 32);
        SplittableRandom random = new SplittableRandom(7);
        int liveTarget = 10_000;
        long[] live = new long[liveTarget];
        int liveCount = 0;

        for (int i = 0; i < liveTarget; i++) {
            live[liveCount++] = allocate(list, random);
        }
        for (int pair = 0; pair < 1_000_000; pair++) {
            int victim = random.nextInt(liveCount);
            list.deallocate(live[victim]);
            live[victim] = allocate(list, random);
        }
        assertThat(list.statistics().totalAllocatedBytes()).isPositive();
        for (int i = 0; i < liveCount; i++) {
            list.deallocate(live[i]);
        }

        assertThat(list.statistics()).isEqualTo(new Statistics(region, 0, region, region));
        assertThat(list.lowestOccupiedAddress()).isEmpty();
    }

    private static long allocate(FreeListOpt list, SplittableRandom random) {
        long size = 32L * (1 + random.nextInt(random.nextInt(16) == 0 ? 4096 : 64));
        OptionalLong address = list.allocate(size, random.nextBoolean(), 0);
        assertThat(address).isPresent();
        return address.getAsLong();
    }
}
