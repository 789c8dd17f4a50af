package dev.custody.metal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custody.metal.TtException;
import dev.custody.metal.TtMetal;
import dev.custody.metal.allocator.HalMemType;
import dev.custody.metal.allocator.OutOfDeviceMemoryException;
import dev.custody.metal.allocator.Statistics;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class BufferTest {
    private static final long MIB4 = 4L * 1024 * 1024;

    private Device device;

    @BeforeEach
    void open() {
        device = Device.open(0, DeviceSpec.wormholeB0());
    }

    @AfterEach
    void close() {
        device.close();
    }

    private Statistics dram() {
        return device.allocator().getStatistics(BufferType.DRAM);
    }

    private Statistics l1() {
        return device.allocator().getStatistics(BufferType.L1);
    }

    // ---- S1, S2, S3 ---------------------------------------------------------------------------------------------

    @Test
    void s1_owningDram_spreadsOverTwelveBanksBottomUp_andFreesOnce() {
        Buffer buffer = Buffer.create(device, MIB4, 2048, BufferType.DRAM);

        assertThat(buffer.ownsData()).isTrue();
        assertThat(buffer.bottomUp()).isTrue();
        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        assertThat(buffer.numPages()).isEqualTo(2048);
        assertThat(buffer.alignedSizePerBank()).isEqualTo(171L * 2048).isEqualTo(350_208);
        assertThat(buffer.address()).isEqualTo(device.allocator().getBaseAllocatorAddr(HalMemType.DRAM));
        assertThat(dram().totalAllocatedBytes()).isEqualTo(350_208);

        TtMetal.deallocateBuffer(buffer);
        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(dram().totalAllocatedBytes()).isZero();

        // A second free and the destructor do nothing: a new buffer at the same address survives them.
        Buffer next = Buffer.create(device, MIB4, 2048, BufferType.DRAM);
        assertThat(next.address()).isEqualTo(buffer.address());
        TtMetal.deallocateBuffer(buffer);
        buffer.close();
        assertThat(dram().totalAllocatedBytes()).isEqualTo(350_208);
        next.close();
        assertThat(dram().totalAllocatedBytes()).isZero();
    }

    @Test
    void s2_sizeZero_isAllocatedAtZeroWithoutTouchingTheAllocator() {
        Statistics before = dram();
        Buffer buffer = Buffer.create(device, 0, 0, BufferType.DRAM);

        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        assertThat(buffer.address()).isZero();
        assertThat(dram()).isEqualTo(before);

        buffer.close();
        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(dram()).isEqualTo(before);
    }

    @Test
    void s3_atAddress_leavesAllocatorAlone_andDeallocateIsANoOp() {
        Statistics before = dram();
        Buffer buffer = TtMetal.createBuffer(new InterleavedBufferConfig(device, MIB4, 2048, BufferType.DRAM), 0x1000);

        assertThat(buffer.ownsData()).isFalse();
        assertThat(buffer.address()).isEqualTo(0x1000);
        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        assertThat(dram()).isEqualTo(before);

        TtMetal.deallocateBuffer(buffer);
        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        buffer.close();
        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        assertThat(dram()).isEqualTo(before);
    }

    // ---- state machine (spec §2.4), row by row --------------------------------------------------------------------

    @Test
    void requested_addressThrowsUpstreamText_andDestroyFreesNothing() {
        Buffer requested =
                new Buffer(device, 2048, 2048, BufferType.DRAM, BufferShardingArgs.INTERLEAVED, null, true, null, 0);
        assertThat(requested.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATION_REQUESTED);
        assertThatThrownBy(requested::address)
                .isInstanceOf(TtException.class)
                .hasMessage("Can only query the address of a buffer that has been allocated");
        assertThatThrownBy(() -> requested.pageAddress(0, 0))
                .hasMessage("Can only query the address of a buffer that has been allocated");
        assertThatThrownBy(() -> TtMetal.enqueueWriteBuffer(requested, new byte[2048]))
                .isInstanceOf(TtException.class)
                .hasMessage("Can only query the address of a buffer that has been allocated");

        requested.close();
        assertThat(requested.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATION_REQUESTED);
        assertThat(dram().totalAllocatedBytes()).isZero();
    }

    @Test
    void allocated_owningDeallocate_freesAndBecomesDeallocated() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);
        assertThat(l1().totalAllocatedBytes()).isPositive();

        buffer.deallocate();

        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(l1().totalAllocatedBytes()).isZero();
        buffer.close();
    }

    @Test
    void allocated_owningOnClosedDevice_becomesDeallocatedWithoutFreeing() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);
        long address = buffer.address();
        device.close();

        buffer.deallocate();

        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(buffer.address()).isEqualTo(address);
        buffer.close();
    }

    @Test
    void allocated_nonOwningDeallocate_staysAllocated() {
        Buffer buffer = Buffer.createAt(device, 4096, 4096, 1024, BufferType.L1);

        buffer.deallocate();
        buffer.deallocate();

        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        buffer.close();
        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
    }

    @Test
    void allocated_markAsDeallocated_changesOnlyTheStatus() {
        Buffer owning = Buffer.create(device, 4096, 1024, BufferType.L1);
        Buffer nonOwning = Buffer.createAt(device, 4096, 4096, 1024, BufferType.L1);
        Statistics allocated = l1();

        owning.markAsDeallocated();
        nonOwning.markAsDeallocated();

        assertThat(owning.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(nonOwning.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        owning.close();
        nonOwning.close();
        // The owning buffer's range was never returned: only closing the device reclaims it.
        assertThat(l1()).isEqualTo(allocated);
        assertThat(l1().totalAllocatedBytes()).isPositive();
    }

    @Test
    void deallocated_everyEventIsANoOp() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);
        buffer.deallocate();
        Buffer reuser = Buffer.create(device, 4096, 1024, BufferType.L1);
        assertThat(reuser.address()).isEqualTo(buffer.address());
        Statistics withReuser = l1();

        buffer.deallocate();
        TtMetal.deallocateBuffer(buffer);
        buffer.markAsDeallocated();
        buffer.close();

        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(l1()).isEqualTo(withReuser);
        reuser.close();
        assertThat(l1().totalAllocatedBytes()).isZero();
    }

    @Test
    void close_lastReference_freesAnAllocatedOwningBuffer() {
        Buffer buffer = Buffer.create(device, MIB4, 2048, BufferType.DRAM);

        buffer.close();

        assertThat(buffer.isDestroyed()).isTrue();
        assertThat(buffer.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(dram().totalAllocatedBytes()).isZero();
    }

    @Test
    void close_moreOftenThanReferenced_throwsNamingTheBuffer() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);
        buffer.close();

        assertThatThrownBy(buffer::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("buffer " + buffer.uniqueId());
        assertThatThrownBy(buffer::retain).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> buffer.view(new BufferRegion(0, 1024))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void retain_keepsTheBufferUntilEveryReferenceIsClosed() {
        Buffer buffer = Buffer.create(device, 4096, 1024, BufferType.L1);
        buffer.retain();

        buffer.close();
        assertThat(buffer.isAllocated()).isTrue();
        assertThat(l1().totalAllocatedBytes()).isPositive();

        buffer.close();
        assertThat(l1().totalAllocatedBytes()).isZero();
    }

    // ---- identity -------------------------------------------------------------------------------------------------

    @Test
    void uniqueIds_increaseByOneForEveryConstructedBuffer() {
        Buffer a = Buffer.create(device, 4096, 1024, BufferType.L1);
        Buffer b = Buffer.createAt(device, 8192, 4096, 1024, BufferType.L1);
        Buffer c = Buffer.create(device, 0, 0, BufferType.DRAM);
        Buffer v = a.view(new BufferRegion(1024, 1024));
        Buffer whole = a.view(new BufferRegion(0, 4096));

        assertThat(b.uniqueId()).isEqualTo(a.uniqueId() + 1);
        assertThat(c.uniqueId()).isEqualTo(a.uniqueId() + 2);
        assertThat(v.uniqueId()).isEqualTo(a.uniqueId() + 3);
        assertThat(whole).isSameAs(a);
        for (Buffer x : new Buffer[] {whole, v, c, b, a}) {
            x.close();
        }
    }

    // ---- validation -----------------------------------------------------------------------------------------------

    @Test
    void create_nullDevice_throwsUpstreamText() {
        assertThatThrownBy(() -> Buffer.create(null, 1024, 1024, BufferType.DRAM))
                .isInstanceOf(TtException.class)
                .hasMessage("Device needs to not be null.");
    }

    @Test
    void create_pageSizeNotDividingSize_throwsUpstreamTextAndAllocatesNothing() {
        assertThatThrownBy(() -> Buffer.create(device, 5000, 2048, BufferType.DRAM))
                .isInstanceOf(TtException.class)
                .hasMessage("For valid non-interleaved buffers page size 2048 must equal buffer size 5000."
                        + " For interleaved-buffers, buffer size should be divisble by the page size");
        assertThat(dram().totalAllocatedBytes()).isZero();
    }

    @Test
    void create_layoutAndShardSpecDisagree_throwsUpstreamTexts() {
        assertThatThrownBy(() -> Buffer.create(
                        device,
                        4096,
                        1024,
                        BufferType.L1,
                        new BufferShardingArgs(null, TensorMemoryLayout.HEIGHT_SHARDED),
                        null))
                .isInstanceOf(TtException.class)
                .hasMessage("Buffer was specified as sharded but does not have shard_spec or buffer_distribution_spec"
                        + " specified");
        assertThatThrownBy(() -> Buffer.create(
                        device,
                        4096,
                        1024,
                        BufferType.L1,
                        new BufferShardingArgs(Shards.heightSharded(2, 1, 4), TensorMemoryLayout.INTERLEAVED),
                        null))
                .isInstanceOf(TtException.class)
                .hasMessage("Buffer was specified as not sharded but has shard_spec or buffer_distribution_spec"
                        + " specified");
    }

    @Test
    void create_negativeOrZeroSizes_throwNamingTheArgument() {
        assertThatThrownBy(() -> Buffer.create(device, -1, 1024, BufferType.DRAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("size (-1) must be >= 0");
        assertThatThrownBy(() -> Buffer.create(device, 1024, -8, BufferType.DRAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pageSize (-8) must be >= 0");
        assertThatThrownBy(() -> Buffer.create(device, 1024, 0, BufferType.DRAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pageSize (0)");
        assertThatThrownBy(() -> Buffer.createAt(device, -4, 1024, 1024, BufferType.DRAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("address (-4) must be >= 0");
    }

    @Test
    void create_overflowingAlignedSize_throwsWithoutTouchingTheAllocator() {
        assertThatThrownBy(() -> Buffer.create(device, Long.MAX_VALUE, Long.MAX_VALUE, BufferType.DRAM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflows");
        assertThat(dram().totalAllocatedBytes()).isZero();
    }

    @Test
    void create_largerThanDram_throwsOutOfMemoryAndLeavesAllocatorUnchanged() {
        Buffer held = Buffer.create(device, MIB4, 2048, BufferType.DRAM);
        Statistics before = dram();

        assertThatThrownBy(() -> Buffer.create(device, 13L << 30, 2048, BufferType.DRAM))
                .isInstanceOf(OutOfDeviceMemoryException.class)
                .hasMessageStartingWith(
                        "Out of Memory: Not enough space to allocate 13958643712 B DRAM buffer across" + " 12 banks");

        assertThat(dram()).isEqualTo(before);
        held.close();
    }

    @Test
    void create_onClosedDevice_throwsNamingTheDevice() {
        device.close();
        assertThatThrownBy(() -> Buffer.create(device, 1024, 1024, BufferType.DRAM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("device 0 is closed");
    }

    @Test
    void create_systemMemory_throwsUpstreamTextWithoutAllocating() {
        assertThatThrownBy(() -> Buffer.create(device, 2048, 2048, BufferType.SYSTEM_MEMORY))
                .isInstanceOf(TtException.class)
                .hasMessage("Unsupported buffer type!");
        assertThat(dram().totalAllocatedBytes()).isZero();
        assertThat(l1().totalAllocatedBytes()).isZero();
    }

    @Test
    void defaultDirection_isBottomUpForDramAndTrace_topDownForL1AndL1Small() {
        Buffer[] buffers = {
            Buffer.createAt(device, 0, 1024, 1024, BufferType.DRAM),
            Buffer.createAt(device, 0, 1024, 1024, BufferType.TRACE),
            Buffer.createAt(device, 0, 1024, 1024, BufferType.L1),
            Buffer.createAt(device, 0, 1024, 1024, BufferType.L1_SMALL),
        };
        assertThat(buffers).extracting(Buffer::bottomUp).containsExactly(true, true, false, false);
        Buffer explicit = Buffer.createAt(device, 0, 1024, 1024, BufferType.L1, BufferShardingArgs.INTERLEAVED, true);
        assertThat(explicit.bottomUp()).isTrue();
        explicit.close();
        for (Buffer b : buffers) {
            b.close();
        }
    }

    // ---- views ----------------------------------------------------------------------------------------------------

    @Test
    void view_misalignedOrOutside_throwsUpstreamTexts() {
        Buffer buffer = Buffer.create(device, 8192, 1024, BufferType.L1);

        assertThatThrownBy(() -> buffer.view(new BufferRegion(512, 1024)))
                .isInstanceOf(TtException.class)
                .hasMessage("Region offset must be a multiple of page size");
        assertThatThrownBy(() -> buffer.view(new BufferRegion(1024, 1000)))
                .isInstanceOf(TtException.class)
                .hasMessage("Region size must be a multiple of page size");
        assertThatThrownBy(() -> buffer.view(new BufferRegion(4096, 5120)))
                .isInstanceOf(TtException.class)
                .hasMessage("Region must be within buffer");
        assertThatThrownBy(() -> buffer.view(new BufferRegion(Long.MAX_VALUE - 1023, 1024)))
                .isInstanceOf(TtException.class)
                .hasMessage("Region must be within buffer");
        assertThatThrownBy(() -> new BufferRegion(-1024, 1024)).isInstanceOf(IllegalArgumentException.class);
        assertThat(buffer.referenceCount()).isEqualTo(1);
        buffer.close();
    }

    @Test
    void view_wholeBuffer_isTheSameObjectWithOneMoreReference() {
        Buffer buffer = Buffer.create(device, 8192, 1024, BufferType.L1);

        Buffer whole = buffer.view(new BufferRegion(0, 8192));

        assertThat(whole).isSameAs(buffer);
        assertThat(buffer.referenceCount()).isEqualTo(2);
        whole.close();
        buffer.close();
        assertThat(l1().totalAllocatedBytes()).isZero();
    }

    @Test
    void view_isNonOwningAtTheRootBaseAddress_andViewsOfViewsPointAtTheRoot() {
        Buffer root = Buffer.create(device, 16 * 1024, 1024, BufferType.L1);

        Buffer v1 = root.view(new BufferRegion(4096, 8192));
        Buffer v2 = v1.view(new BufferRegion(2048, 4096));

        assertThat(v1.ownsData()).isFalse();
        assertThat(v1.address()).isEqualTo(root.address());
        assertThat(v2.address()).isEqualTo(root.address());
        assertThat(v1.rootBuffer()).isSameAs(root);
        assertThat(v2.rootBuffer()).isSameAs(root);
        assertThat(v1.rootBufferRegion()).isEqualTo(new BufferRegion(4096, 8192));
        assertThat(v2.rootBufferRegion()).isEqualTo(new BufferRegion(6144, 4096));
        assertThat(root.rootBuffer()).isSameAs(root);
        assertThat(root.rootBufferRegion()).isEqualTo(new BufferRegion(0, 16 * 1024));
        assertThat(root.referenceCount()).isEqualTo(3);
        assertThat(v1.referenceCount()).isEqualTo(1);
        v2.close();
        v1.close();
        root.close();
    }

    @Test
    void refcount_rootMemoryReturnsOnlyWhenRootAndEveryViewAreClosed() {
        Buffer root = Buffer.create(device, 16 * 1024, 1024, BufferType.L1);
        Buffer v1 = root.view(new BufferRegion(0, 4096));
        Buffer v2 = v1.view(new BufferRegion(1024, 1024));

        root.close();
        assertThat(root.isAllocated()).isTrue();
        v1.close();
        assertThat(root.isAllocated()).isTrue();
        assertThat(l1().totalAllocatedBytes()).isPositive();

        v2.close();
        assertThat(root.isDestroyed()).isTrue();
        assertThat(root.allocationStatus()).isEqualTo(AllocationStatus.DEALLOCATED);
        assertThat(l1().totalAllocatedBytes()).isZero();
    }

    @Test
    void deallocateBuffer_freesAtOnce_leavingViewsStaleWithTheNewOwnersBytes() {
        Buffer root = Buffer.create(device, 12 * 2048, 2048, BufferType.DRAM);
        Buffer view = root.view(new BufferRegion(2048, 2 * 2048));
        TtMetal.enqueueWriteBuffer(root, filled(12 * 2048, (byte) 1));

        TtMetal.deallocateBuffer(root);
        assertThat(dram().totalAllocatedBytes()).isZero();
        assertThat(view.allocationStatus()).isEqualTo(AllocationStatus.ALLOCATED);
        assertThat(view.address()).isEqualTo(root.address());

        Buffer newOwner = Buffer.create(device, 12 * 2048, 2048, BufferType.DRAM);
        assertThat(newOwner.address()).isEqualTo(root.address());
        TtMetal.enqueueWriteBuffer(newOwner, filled(12 * 2048, (byte) 7));

        assertThat(TtMetal.enqueueReadBuffer(view)).containsOnly(7);
        view.close();
        root.close();
        assertThat(dram().totalAllocatedBytes()).isEqualTo(2048);
        newOwner.close();
        assertThat(dram().totalAllocatedBytes()).isZero();
    }

    // ---- page and bank math ---------------------------------------------------------------------------------------

    @Test
    void pageMath_interleavedDram() {
        Buffer buffer = Buffer.create(device, 30 * 1000, 1000, BufferType.DRAM);

        assertThat(buffer.alignment()).isEqualTo(32);
        assertThat(buffer.alignedPageSize()).isEqualTo(1024);
        assertThat(buffer.numPages()).isEqualTo(30);
        assertThat(buffer.numDevPages()).isEqualTo(30);
        assertThat(buffer.alignedSize()).isEqualTo(30 * 1024);
        assertThat(buffer.numCores()).isZero();
        // ceil(30 / 12) = 3 pages per bank.
        assertThat(buffer.alignedSizePerBank()).isEqualTo(3 * 1024);
        for (int page = 0; page < 30; page++) {
            int bank = page % 12;
            assertThat(buffer.pageAddress(bank, page))
                    .isEqualTo(buffer.address()
                            + device.allocator().bankOffset(BufferType.DRAM, bank)
                            + 1024L * (page / 12));
        }
        assertThatThrownBy(() -> buffer.pageAddress(12, 0))
                .isInstanceOf(TtException.class)
                .hasMessage("Invalid Bank ID: 12 exceeds total numbers of banks (12)!");
        buffer.close();
    }

    @Test
    void pageMath_interleavedL1_defaultsTopDownOverSixtyFourBanks() {
        Buffer buffer = Buffer.create(device, 128 * 100, 100, BufferType.L1);

        assertThat(buffer.bottomUp()).isFalse();
        assertThat(buffer.alignment()).isEqualTo(16);
        assertThat(buffer.alignedPageSize()).isEqualTo(112);
        assertThat(buffer.alignedSizePerBank()).isEqualTo(2 * 112);
        assertThat(buffer.address() + buffer.alignedSizePerBank())
                .isLessThanOrEqualTo(device.spec().workerL1Size());
        buffer.close();
    }

    @Test
    void pageMath_sharded_usesShardPagesTimesCores() {
        // 16 × 2 pages of 1 KiB, shards of 2 × 2 pages on 8 cores.
        ShardSpecBuffer spec = Shards.heightSharded(8, 2, 16);
        Buffer buffer = TtMetal.createBuffer(ShardedBufferConfig.of(device, 32 * 1024, 1024, spec));

        assertThat(buffer.bufferLayout()).isEqualTo(TensorMemoryLayout.HEIGHT_SHARDED);
        assertThat(buffer.numCores()).isEqualTo(8);
        assertThat(buffer.numPages()).isEqualTo(32);
        assertThat(buffer.numDevPages()).isEqualTo(4 * 8);
        assertThat(buffer.alignedSize()).isEqualTo(32 * 1024);
        assertThat(buffer.alignedSizePerBank()).isEqualTo(4 * 1024);
        assertThat(l1().totalAllocatedBytes()).isEqualTo(4 * 1024);
        buffer.close();
    }

    @Test
    void sharded_moreShardsThanGridCores_throwsWithoutAllocating() {
        // 16 × 2 pages in shards of 2 × 2 pages = 8 shards, but the grid has 4 cores.
        ShardSpecBuffer spec = Shards.heightSharded(4, 2, 16);

        assertThatThrownBy(() -> TtMetal.createBuffer(ShardedBufferConfig.of(device, 32 * 1024, 1024, spec)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 8 shards")
                .hasMessageContaining("has 4 cores");
        assertThat(l1().totalAllocatedBytes()).isZero();
    }

    @Test
    void sharded_gridLargerThanComputeGrid_throwsUpstreamTextWithoutAllocating() {
        // 72 cores on a 9 × 8 grid; the device has 64 L1 banks.
        ShardSpecBuffer spec = Shards.heightSharded(9, 8, 1, 1, 72);

        assertThatThrownBy(() -> TtMetal.createBuffer(ShardedBufferConfig.of(device, 72 * 1024, 1024, spec)))
                .isInstanceOf(TtException.class)
                .hasMessage("Expected number of shards 72 to be less than or equal to total number of L1 banks 64 in"
                        + " compute cores");
        assertThat(l1().totalAllocatedBytes()).isZero();
    }

    static byte[] filled(int size, byte value) {
        byte[] data = new byte[size];
        java.util.Arrays.fill(data, value);
        return data;
    }
}
