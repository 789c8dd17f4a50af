package dev.custody.metal.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.CoreRange;
import dev.custody.metal.device.CoreRangeSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BankManagerRandomizedTest {
    private static final CoreRangeSet GRID = CoreRangeSet.of(CoreRange.of(0, 0, 7, 7));
    private static final long BASE = 4096;
    private static final long REGION = 8L * 1024 * 1024;
    private static final long ALIGNMENT = 32;
    private static final int BANKS = 8;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20_251_124})
    void mixedAllocateAndFree_matchesReferenceModel_andEverythingReturns(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BankManager manager = new BankManager(
                BufferType.DRAM,
                List.of(0L, 1L << 32, 2L << 32, 3L << 32, 0L, 0L, 0L, 0L),
                REGION,
                BASE,
                ALIGNMENT,
                0,
                false);
        ReferenceFreeList reference = new ReferenceFreeList(BASE, REGION, ALIGNMENT);
        List<Long> live = new ArrayList<>();
        // What the manager handed out, checked independently of the reference: start -> aligned bytes per bank.
        NavigableMap<Long, Long> handedOut = new TreeMap<>();
        int outOfMemoryCount = 0;

        for (int step = 0; step < 10_000; step++) {
            boolean allocate = live.isEmpty() || random.nextInt(100) < 55;
            if (allocate) {
                long pageSize = 32L * (1 + random.nextInt(random.nextBoolean() ? 4 : 200));
                long pages = 1 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 64);
                long size = pages * pageSize;
                boolean bottomUp = random.nextBoolean();
                long perBank = Allocator.calculateBankSizeSpread(size, pageSize, BANKS, ALIGNMENT);
                OptionalLong expected = reference.allocate(perBank, bottomUp);
                if (expected.isEmpty()) {
                    // A full dump is O(blocks); compare it for the first failures only, statistics always.
                    String before = outOfMemoryCount++ < 25 ? dump(manager) : null;
                    try {
                        manager.allocateBuffer(size, pageSize, bottomUp, GRID, 0);
                        throw new AssertionError("expected out of memory at step " + step);
                    } catch (OutOfDeviceMemoryException e) {
                        assertThat(e).hasMessageContaining("each bank needs to store " + perBank + " B");
                    }
                    if (before != null) {
                        assertThat(dump(manager)).isEqualTo(before);
                    }
                } else {
                    long address = manager.allocateBuffer(size, pageSize, bottomUp, GRID, 0);
                    assertThat(address).as("step %d", step).isEqualTo(expected.getAsLong());
                    assertDisjointAndInside(handedOut, address, reference.live().get(address));
                    live.add(address);
                }
            } else {
                int victim = random.nextInt(live.size());
                long address = live.get(victim);
                live.set(victim, live.get(live.size() - 1));
                live.remove(live.size() - 1);
                manager.deallocateBuffer(address);
                reference.deallocate(address);
                handedOut.remove(address);
                if (random.nextInt(20) == 0) {
                    manager.deallocateBuffer(address); // double free: ignored
                }
            }
            assertThat(manager.statistics()).as("step %d", step).isEqualTo(reference.statistics());
            assertThat(manager.lowestOccupiedAddress(0)).isEqualTo(reference.lowestOccupied());
            if (step % 500 == 0) {
                assertThat(manager.lowestOccupiedAddress(2)).isEqualTo(shift(reference.lowestOccupied(), 2L << 32));
            }
        }

        manager.deallocateAll();
        assertThat(manager.statistics()).isEqualTo(new Statistics(REGION, 0, REGION, REGION));
        assertThat(manager.lowestOccupiedAddress(0)).isEmpty();
        assertThat(manager.allocateBuffer(REGION * BANKS, REGION, true, GRID, 0))
                .isEqualTo(BASE);
    }

    private static void assertDisjointAndInside(NavigableMap<Long, Long> handedOut, long address, long length) {
        assertThat(address).isGreaterThanOrEqualTo(BASE);
        assertThat(address + length).isLessThanOrEqualTo(BASE + REGION);
        Map.Entry<Long, Long> below = handedOut.floorEntry(address);
        if (below != null) {
            assertThat(below.getKey() + below.getValue()).isLessThanOrEqualTo(address);
        }
        Map.Entry<Long, Long> above = handedOut.ceilingEntry(address);
        if (above != null) {
            assertThat(above.getKey()).isGreaterThanOrEqualTo(address + length);
        }
        handedOut.put(address, length);
    }

    private static OptionalLong shift(OptionalLong value, long by) {
        return value.isEmpty() ? value : OptionalLong.of(value.getAsLong() + by);
    }

    private static String dump(BankManager manager) {
        StringWriter out = new StringWriter();
        manager.dumpBlocks(new PrintWriter(out));
        return out.toString();
    }
}
