package dev.custody.metal.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FreeListOptTest {

    private static long at(OptionalLong address) {
        assertThat(address).isPresent();
        return address.getAsLong();
    }

    private static String dump(FreeListOpt list) {
        StringWriter out = new StringWriter();
        list.dumpBlocks(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void allocate_bottomUp_takesLowEndOfRegionAfterOffset() {
        FreeListOpt list = new FreeListOpt(65_536, 1024, 32, 32);

        assertThat(at(list.allocate(100, true, 0))).isEqualTo(1024);
        assertThat(at(list.allocate(32, true, 0))).isEqualTo(1024 + 128);
    }

    @Test
    void allocate_topDown_takesHighEndOfRegion() {
        FreeListOpt list = new FreeListOpt(65_536, 1024, 32, 32);

        assertThat(at(list.allocate(100, false, 0))).isEqualTo(1024 + 65_536 - 128);
        assertThat(at(list.allocate(32, false, 0))).isEqualTo(1024 + 65_536 - 128 - 32);
    }

    @Test
    void allocate_bottomUp_isFirstFitByAddressNotBestFit() {
        FreeListOpt list = new FreeListOpt(10_000, 0, 16, 16);
        long a = at(list.allocate(1600, true, 0));
        at(list.allocate(16, true, 0));
        long c = at(list.allocate(800, true, 0));
        at(list.allocate(16, true, 0));
        list.deallocate(a);
        list.deallocate(c);

        // Best fit would pick the exact 800-byte hole at 1616; first fit takes the lowest hole that fits.
        assertThat(at(list.allocate(800, true, 0))).isEqualTo(0);
        assertThat(at(list.allocate(800, true, 0))).isEqualTo(800);
        assertThat(at(list.allocate(800, true, 0))).isEqualTo(1616);
    }

    @Test
    void allocate_topDown_takesHighEndOfHighestFittingHole() {
        FreeListOpt list = new FreeListOpt(10_000, 0, 16, 16);
        at(list.allocate(16, false, 0)); // [9984, 10000)
        long b = at(list.allocate(800, false, 0)); // [9184, 9984)
        at(list.allocate(16, false, 0)); // [9168, 9184)
        list.deallocate(b);

        assertThat(at(list.allocate(400, false, 0))).isEqualTo(9984 - 400);
        // The hole keeps its low part; a request too big for it comes from below the 16-byte block.
        assertThat(at(list.allocate(800, false, 0))).isEqualTo(9168 - 800);
    }

    @Test
    void allocate_roundsUpToAlignmentAndMinimumSize() {
        FreeListOpt list = new FreeListOpt(4096, 0, 64, 32);

        long first = at(list.allocate(1, true, 0));
        long second = at(list.allocate(65, true, 0));
        long third = at(list.allocate(0, true, 0));

        assertThat(first).isZero();
        assertThat(second).isEqualTo(64);
        assertThat(third).isEqualTo(64 + 96);
        assertThat(list.statistics().totalAllocatedBytes()).isEqualTo(64 + 96 + 64);
    }

    @Test
    void allocate_largerThanLargestFreeBlock_returnsEmptyAndChangesNothing() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);
        at(list.allocate(2048, true, 0));
        String before = dump(list);

        assertThat(list.allocate(2080, true, 0)).isEmpty();
        assertThat(list.allocate(Long.MAX_VALUE, false, 0)).isEmpty();
        assertThat(dump(list)).isEqualTo(before);
    }

    @Test
    void allocate_negativeSize_throwsNamingArgument() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);

        assertThatThrownBy(() -> list.allocate(-5, true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size (-5) must be >= 0");
    }

    @Test
    void deallocate_coalescesWithBothNeighbours() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);
        long a = at(list.allocate(1024, true, 0));
        long b = at(list.allocate(1024, true, 0));
        long c = at(list.allocate(1024, true, 0));
        at(list.allocate(1024, true, 0));

        list.deallocate(a);
        list.deallocate(c);
        assertThat(list.statistics().largestFreeBlockBytes()).isEqualTo(1024);

        list.deallocate(b);
        assertThat(list.statistics().largestFreeBlockBytes()).isEqualTo(3072);
        assertThat(at(list.allocate(3072, true, 0))).isEqualTo(0);
    }

    @Test
    void deallocate_unknownOrDoubleFree_isSilentlyIgnored() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);
        long a = at(list.allocate(1024, true, 0));
        at(list.allocate(512, true, 0));
        list.deallocate(a);
        String before = dump(list);

        list.deallocate(a);
        list.deallocate(1000);
        list.deallocate(999_999);

        assertThat(dump(list)).isEqualTo(before);
    }

    @Test
    void lowestOccupiedAddress_tracksLowestAndIsRecomputedWhenLowestIsFreed() {
        FreeListOpt list = new FreeListOpt(4096, 100_000, 32, 32);
        assertThat(list.lowestOccupiedAddress()).isEmpty();

        long high = at(list.allocate(1024, false, 0));
        long middle = at(list.allocate(1024, false, 0));
        long low = at(list.allocate(1024, false, 0));
        assertThat(list.lowestOccupiedAddress()).hasValue(low);

        list.deallocate(middle);
        assertThat(list.lowestOccupiedAddress()).hasValue(low);
        list.deallocate(low);
        assertThat(list.lowestOccupiedAddress()).hasValue(high);
        list.deallocate(high);
        assertThat(list.lowestOccupiedAddress()).isEmpty();
    }

    @Test
    void statistics_nothingAllocated_reportsWholeRegionFree() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);
        long a = at(list.allocate(100, true, 0));
        list.deallocate(a);

        assertThat(list.statistics()).isEqualTo(new Statistics(4096, 0, 4096, 4096));
    }

    @Test
    void statistics_addUp() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);
        at(list.allocate(1024, true, 0));
        long b = at(list.allocate(512, true, 0));
        at(list.allocate(256, true, 0));
        list.deallocate(b);

        assertThat(list.statistics()).isEqualTo(new Statistics(4096, 1280, 2816, 2304));
    }

    @Test
    void allocate_belowAddressLimit_throwsUpstreamTextAndChangesNothing() {
        FreeListOpt list = new FreeListOpt(1000, 96, 16, 16);
        String before = dump(list);

        assertThatThrownBy(() -> list.allocate(16, true, 200))
                .isInstanceOf(OutOfDeviceMemoryException.class)
                .hasMessage("Out of Memory: Cannot allocate at an address below 200. Allocation at 96");
        assertThat(dump(list)).isEqualTo(before);
        assertThat(list.lowestOccupiedAddress()).isEmpty();
        assertThat(at(list.allocate(16, false, 200))).isEqualTo(96 + 1000 - 16);
    }

    @Test
    void allocateAtAddress_insideFreeBlock_succeedsAndOverlapFails() {
        FreeListOpt list = new FreeListOpt(4096, 1024, 32, 32);

        assertThat(list.allocateAtAddress(1024 + 512, 100)).hasValue(1024 + 512);
        assertThat(list.allocateAtAddress(1024 + 512 + 64, 32)).isEmpty();
        assertThat(list.allocateAtAddress(1024 + 4096 - 64, 128)).isEmpty();
        assertThat(list.lowestOccupiedAddress()).hasValue(1024 + 512);
        assertThat(at(list.allocate(512, true, 0))).isEqualTo(1024);
    }

    @Test
    void shrinkSize_thenResetSize_movesTheBottomAndBack() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);
        list.shrinkSize(1024, true);

        assertThat(list.maxSize()).isEqualTo(3072);
        long a = at(list.allocate(32, true, 0));
        assertThat(a).isEqualTo(1024);

        list.resetSize();
        assertThat(list.maxSize()).isEqualTo(4096);
        assertThat(at(list.allocate(32, true, 0))).isEqualTo(0);
        list.deallocate(a);
    }

    @Test
    void shrinkSize_intoAllocatedBlockOrFromTop_throwsUpstreamText() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);
        at(list.allocate(64, true, 0));

        assertThatThrownBy(() -> list.shrinkSize(32, true))
                .isInstanceOf(TtException.class)
                .hasMessage("Shrink size 32 cuts into allocated block at address 0");
        assertThatThrownBy(() -> list.shrinkSize(32, false))
                .isInstanceOf(TtException.class)
                .hasMessage("Shrinking from the top is currently not supported");
    }

    @Test
    void dumpBlocks_printsUpstreamLayoutWithReusedSlots() {
        FreeListOpt list = new FreeListOpt(4096, 0, 32, 32);
        long a = at(list.allocate(1024, true, 0)); // slot 0; remainder slot 1
        at(list.allocate(512, false, 0)); // carved from slot 1; low remainder slot 2
        list.deallocate(a); // slot 0 absorbs slot 2

        assertThat(dump(list))
                .isEqualTo("FreeListOpt allocator info:\n"
                        + "segregated free blocks by size:\n"
                        + "  Size class 0: (1024 - 2048) blocks: \n"
                        + "  Size class 1: (2048 - 4096) blocks: 0 \n"
                        + "  Size class 2: (4096 - inf) blocks: \n"
                        + "Free slots in block table: 2 \n"
                        + "Block table:\n"
                        + "       Block      Address         Size       PrevID       NextID    Allocated \n"
                        + "           0            0         3584         none            1           no\n"
                        + "           1         3584          512            0         none          yes\n");

        at(list.allocate(1024, true, 0)); // reuses slot 2 for the remainder

        assertThat(dump(list))
                .isEqualTo("FreeListOpt allocator info:\n"
                        + "segregated free blocks by size:\n"
                        + "  Size class 0: (1024 - 2048) blocks: \n"
                        + "  Size class 1: (2048 - 4096) blocks: 2 \n"
                        + "  Size class 2: (4096 - inf) blocks: \n"
                        + "Free slots in block table: \n"
                        + "Block table:\n"
                        + "       Block      Address         Size       PrevID       NextID    Allocated \n"
                        + "           0            0         1024         none            2          yes\n"
                        + "           1         3584          512            2         none          yes\n"
                        + "           2         1024         2560            0            1           no\n");
    }

    @Test
    void dumpBlocks_largeRegion_hasEighteenSizeClassesEndingAt128MiB() {
        FreeListOpt list = new FreeListOpt(1L << 30, 32, 32, 32);

        String dump = dump(list);

        assertThat(dump).contains("  Size class 16: (67108864 - 134217728) blocks: \n");
        assertThat(dump).contains("  Size class 17: (134217728 - inf) blocks: 0 \n");
        assertThat(dump).doesNotContain("Size class 18");
    }
}
