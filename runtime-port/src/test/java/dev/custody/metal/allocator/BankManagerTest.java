package dev.custody.metal.allocator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BankManagerTest {
    private static final CoreRangeSet GRID_8X8 = CoreRangeSet.of(CoreRange.of(0, 0, 7, 7));

    private static BankManager l1(long interleavedLimit) {
        return new BankManager(
                BufferType.L1, Collections.nCopies(64, 0L), 1_397_984, 101_152, 16, interleavedLimit, false);
    }

    private static String dump(BankManager manager) {
        StringWriter out = new StringWriter();
        manager.dumpBlocks(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void allocateBuffer_spreadsPagesOverAllBanks() {
        BankManager dram = new BankManager(BufferType.DRAM, Collections.nCopies(12, 0L), 1_000_000, 32, 32, 0, false);

        long address = dram.allocateBuffer(13 * 2048, 2048, true, GRID_8X8, 0);

        assertThat(address).isEqualTo(32);
        assertThat(dram.statistics().totalAllocatedBytes()).isEqualTo(2 * 2048);
    }

    @Test
    void allocateBuffer_sharded_spreadsOverNumShardsBanks() {
        BankManager manager = l1(101_152);

        long address = manager.allocateBuffer(8 * 4096, 4096, false, GRID_8X8, 8);

        assertThat(address).isEqualTo(1_499_136 - 4096);
        assertThat(manager.statistics().totalAllocatedBytes()).isEqualTo(4096);
    }

    @Test
    void allocateBuffer_moreShardsThanComputeCores_throwsUpstreamTextAndChangesNothing() {
        BankManager manager = l1(101_152);
        String before = dump(manager);

        assertThatThrownBy(() -> manager.allocateBuffer(65 * 16, 16, false, GRID_8X8, 65))
                .isInstanceOf(TtException.class)
                .hasMessage("Expected number of shards 65 to be less than or equal to total number of L1 banks 64 "
                        + "in compute cores");
        assertThat(dump(manager)).isEqualTo(before);
    }

    @Test
    void allocateBuffer_tooBig_throwsUpstreamOutOfMemoryTextAndChangesNothing() {
        BankManager dram =
                new BankManager(BufferType.DRAM, Collections.nCopies(12, 0L), 1_073_741_792, 32, 32, 0, false);
        dram.allocateBuffer(12 * 2048, 2048, false, GRID_8X8, 0);
        String before = dump(dram);
        Statistics statsBefore = dram.statistics();

        assertThatThrownBy(() -> dram.allocateBuffer(12L * 524_288 * 2048, 2048, true, GRID_8X8, 0))
                .isInstanceOf(OutOfDeviceMemoryException.class)
                .hasMessage("Out of Memory: Not enough space to allocate 12884901888 B DRAM buffer across 12 banks, "
                        + "where each bank needs to store 1073741824 B, but bank size is only 1073741792 B");
        assertThat(dump(dram)).isEqualTo(before);
        assertThat(dram.statistics()).isEqualTo(statsBefore);
    }

    @Test
    void allocateBuffer_interleavedL1BelowLimit_throwsAddressLimitText_butShardedMayGoThere() {
        BankManager manager = new BankManager(BufferType.L1, Collections.nCopies(64, 0L), 100_000, 0, 16, 1000, false);
        String before = dump(manager);

        assertThatThrownBy(() -> manager.allocateBuffer(64 * 16, 16, true, GRID_8X8, 0))
                .isInstanceOf(OutOfDeviceMemoryException.class)
                .hasMessage("Out of Memory: Cannot allocate at an address below 1000. Allocation at 0");
        assertThat(dump(manager)).isEqualTo(before);
        assertThat(manager.allocateBuffer(64 * 16, 16, true, GRID_8X8, 64)).isZero();
    }

    @Test
    void allocateBuffer_interleavedL1WithoutLimit_throwsUpstreamText() {
        BankManager manager = new BankManager(BufferType.L1, Collections.nCopies(64, 0L), 100_000, 0, 16, 0, false);

        assertThatThrownBy(() -> manager.allocateBuffer(64 * 16, 16, true, GRID_8X8, 0))
                .isInstanceOf(TtException.class)
                .hasMessage("Address limit 0 needs to be larger than zero.");
    }

    @Test
    void constructor_bankCountWithoutModuloImplementation_throwsUpstreamText() {
        assertThatThrownBy(() -> new BankManager(BufferType.DRAM, Collections.nCopies(3, 0L), 1024, 0, 32, 0, false))
                .isInstanceOf(TtException.class)
                .hasMessage("Invalid number of memory banks 3 for DRAM. Num banks must be power of 2 or have a "
                        + "dedicated modulo implementation");
        assertThatThrownBy(() -> new BankManager(BufferType.L1, Collections.nCopies(66, 0L), 1024, 0, 16, 0, false))
                .hasMessageStartingWith("Invalid number of memory banks 66 for L1.");
    }

    @Test
    void constructor_allowedBankCounts_areAccepted() {
        for (int banks :
                new int[] {1, 2, 8, 64, 7, 12, 20, 48, 56, 63, 70, 72, 80, 94, 108, 110, 117, 120, 124, 126, 130, 140
                }) {
            assertThat(new BankManager(BufferType.DRAM, Collections.nCopies(banks, 0L), 1024, 0, 32, 0, false)
                            .numBanks())
                    .isEqualTo(banks);
        }
        assertThat(new BankManager(BufferType.L1_SMALL, Collections.nCopies(3, 0L), 1024, 0, 16, 0, false).numBanks())
                .isEqualTo(3);
        assertThat(new BankManager(BufferType.L1, Collections.nCopies(3, 0L), 1024, 0, 16, 0, true).numBanks())
                .isEqualTo(3);
    }

    @Test
    void lowestOccupiedAddress_addsTheBankOffset() {
        BankManager dram = new BankManager(BufferType.DRAM, List.of(0L, 1_000_000L), 65_536, 64, 32, 0, false);
        assertThat(dram.lowestOccupiedAddress(1)).isEmpty();

        long address = dram.allocateBuffer(4096, 2048, false, GRID_8X8, 0);

        assertThat(dram.lowestOccupiedAddress(0)).hasValue(address);
        assertThat(dram.lowestOccupiedAddress(1)).hasValue(address + 1_000_000);
        assertThat(dram.bankOffset(1)).isEqualTo(1_000_000);
        assertThatThrownBy(() -> dram.lowestOccupiedAddress(2))
                .isInstanceOf(TtException.class)
                .hasMessage("Expected bank 2 to be tracked!");
    }

    @Test
    void deallocateAll_freesEverything() {
        BankManager manager = l1(101_152);
        manager.allocateBuffer(64 * 1024, 1024, false, GRID_8X8, 0);
        manager.allocateBuffer(64 * 2048, 2048, false, GRID_8X8, 0);
        manager.allocateBuffer(4 * 512, 512, true, GRID_8X8, 4);

        manager.deallocateAll();

        assertThat(manager.statistics()).isEqualTo(new Statistics(1_397_984, 0, 1_397_984, 1_397_984));
        assertThat(manager.lowestOccupiedAddress(0)).isEmpty();
    }

    @Test
    void deallocateBuffer_unknownAddress_isIgnored() {
        BankManager manager = l1(101_152);
        long address = manager.allocateBuffer(64 * 1024, 1024, false, GRID_8X8, 0);
        String before = dump(manager);

        manager.deallocateBuffer(address + 16);
        manager.deallocateBuffer(12);

        assertThat(dump(manager)).isEqualTo(before);
    }

    @Test
    void allocateBuffer_sizeNotWholePages_throwsNamingArguments() {
        BankManager manager = l1(101_152);

        assertThatThrownBy(() -> manager.allocateBuffer(1000, 300, true, GRID_8X8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size (1000) must be a multiple of pageSize (300); round the size up to whole pages");
        assertThatThrownBy(() -> manager.allocateBuffer(1000, 0, true, GRID_8X8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pageSize (0) must be > 0 when size (1000) is > 0; pass the page size");
    }
}
