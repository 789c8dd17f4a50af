package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LiveSetTest {

    /** One entry's values as forEach reports them. */
    private record Entry(int deviceId, int bufferType, long address, long size, int site) {}

    private static Map<Long, Entry> contents(LiveSet set) {
        Map<Long, Entry> m = new HashMap<>();
        try {
            set.forEach((id, dev, type, address, size, site) -> {
                Entry old = m.put(id, new Entry(dev, type, address, size, site));
                assertThat(old).as("id %d visited twice", id).isNull();
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    @Test
    void putAndRemove_anyIdIsAKey_includingZeroAndNegative_andEveryFieldSurvives() {
        LiveSet set = new LiveSet();
        long[] ids = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 42};
        for (long id : ids) {
            set.put(id, -7, 6, id * 2, Long.MAX_VALUE - id, LiveSet.MAX_SITE);
        }

        Map<Long, Entry> m = contents(set);
        assertThat(m).hasSize(5);
        assertThat(m.get(0L)).isEqualTo(new Entry(-7, 6, 0, Long.MAX_VALUE, LiveSet.MAX_SITE));
        assertThat(m.get(Long.MIN_VALUE).address()).isZero(); // MIN_VALUE * 2 overflows to 0
        assertThat(m.get(42L).size()).isEqualTo(Long.MAX_VALUE - 42);
        assertThat(set.remove(0)).isTrue();
        assertThat(set.remove(0)).isFalse();
        assertThat(contents(set)).doesNotContainKey(0L).hasSize(4);
        assertThat(set.size()).isEqualTo(4);
    }

    @Test
    void put_ofALiveId_replacesItsValues() {
        LiveSet set = new LiveSet();
        set.put(5, 0, 0, 0x100, 64, 1);
        set.put(5, 3, 1, 0x200, 128, 2);

        assertThat(contents(set)).containsExactly(Map.entry(5L, new Entry(3, 1, 0x200, 128, 2)));
        assertThat(set.size()).isEqualTo(1);
    }

    @Test
    void bufferType_keepsItsLowEightBits_asTheWireDoes() {
        LiveSet set = new LiveSet();
        set.put(1, 0, 0x1FF, 0, 0, 1);

        assertThat(contents(set).get(1L).bufferType()).isEqualTo(0xFF);
    }

    @Test
    void put_withASiteNumberOutsideTheMetaField_isRefusedAndChangesNothing() {
        LiveSet set = new LiveSet();

        assertThatThrownBy(() -> set.put(1, 0, 0, 0, 0, 0)).hasMessageContaining("site number 0 must be in 1..");
        assertThatThrownBy(() -> set.put(1, 0, 0, 0, 0, LiveSet.MAX_SITE + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(set.size()).isZero();
    }

    @Test
    void manyEntries_growTheSegments_keepEveryEntry_andShrinkBackOnceRemoved() {
        LiveSet set = new LiveSet();
        int initial = set.capacity();
        int n = 200_000;
        for (long id = 1; id <= n; id++) {
            set.put(id, (int) (id % 8), (int) (id % 7), id << 12, id, 1 + (int) (id % 5));
        }

        assertThat(set.size()).isEqualTo(n);
        assertThat(set.capacity()).isGreaterThan(n).isLessThanOrEqualTo(n * 2 + LiveSet.SEGMENTS * 64);
        Map<Long, Entry> expected = new HashMap<>();
        for (long id = 1; id <= n; id++) {
            expected.put(id, new Entry((int) (id % 8), (int) (id % 7), id << 12, id, 1 + (int) (id % 5)));
        }
        assertThat(contents(set)).isEqualTo(expected);
        for (long id = 1; id <= n; id++) {
            assertThat(set.remove(id)).isTrue();
        }
        assertThat(set.size()).isZero();
        assertThat(contents(set)).isEmpty();
        assertThat(set.capacity()).isLessThanOrEqualTo(initial * 2);
    }

    @Test
    void randomChurn_matchesAMap_throughCollisionsAndBackwardShifts() {
        LiveSet set = new LiveSet();
        Map<Long, Entry> expected = new HashMap<>();
        Random random = new Random(7);
        for (int step = 0; step < 300_000; step++) {
            long id = random.nextInt(5_000) - 2_500L; // a small key space: long probe runs, many removals
            if (random.nextInt(3) == 0) {
                assertThat(set.remove(id)).isEqualTo(expected.remove(id) != null);
            } else {
                Entry e = new Entry(random.nextInt(4), random.nextInt(7), random.nextLong(), random.nextLong(), 1);
                set.put(id, e.deviceId(), e.bufferType(), e.address(), e.size(), e.site());
                expected.put(id, e);
            }
        }

        assertThat(contents(set)).isEqualTo(expected);
        assertThat(set.size()).isEqualTo(expected.size());
    }

    @Test
    void forEach_whileProducersChurn_reportsEveryEntryTheyLeaveAlone_andNoneTheyRemovedBefore() throws Exception {
        LiveSet set = new LiveSet();
        int stable = 50_000;
        for (long id = 0; id < stable; id++) {
            set.put(id, 0, 0, id, 1, 1); // never touched again: every forEach must report them
        }
        for (long id = stable; id < 2 * stable; id++) {
            set.put(id, 0, 0, id, 1, 1);
            set.remove(id); // removed before any forEach: no forEach may report them
        }
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(2);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            long base = (p + 2L) * 1_000_000_000L;
            Thread t = new Thread(() -> {
                started.countDown();
                long id = base;
                while (!stop.get()) {
                    set.put(id, 1, 1, id, 2, 2); // churn that grows and shrinks segments
                    if (id - base >= 1000) {
                        set.remove(id - 1000);
                    }
                    id++;
                }
            });
            t.start();
            producers.add(t);
        }
        started.await();
        try {
            for (int round = 0; round < 20; round++) {
                Map<Long, Entry> seen = contents(set);
                List<Long> missing = new ArrayList<>();
                List<Long> resurrected = new ArrayList<>();
                for (long id = 0; id < stable; id++) {
                    if (!seen.containsKey(id)) {
                        missing.add(id);
                    }
                    if (seen.containsKey(id + stable)) {
                        resurrected.add(id + stable);
                    }
                }
                assertThat(missing).as("stable ids missing in round %d", round).isEmpty();
                assertThat(resurrected)
                        .as("removed ids reported in round %d", round)
                        .isEmpty();
            }
        } finally {
            stop.set(true);
            for (Thread t : producers) {
                t.join();
            }
        }
    }
}
