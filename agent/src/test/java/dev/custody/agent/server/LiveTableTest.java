package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LiveTableTest {

    /** Ids whose probe starts at {@code home} in a fresh table (capacity 16). */
    private static List<Long> idsWithHome(int home, int n) {
        LiveTable probe = new LiveTable();
        List<Long> ids = new ArrayList<>();
        for (long id = 1; ids.size() < n; id++) {
            if (probe.homeOf(id) == home) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Map<Long, long[]> contents(LiveTable t) {
        Map<Long, long[]> m = new HashMap<>();
        for (int s = t.next(-1); s >= 0; s = t.next(s)) {
            long[] old = m.put(t.id(s), new long[] {t.address(s), t.bytes(s), t.group(s)});
            assertThat(old).as("id %d listed twice", t.id(s)).isNull();
        }
        return m;
    }

    @Test
    void putFindRemove_anyIdIsAKey_includingZeroAndNegative() {
        LiveTable t = new LiveTable();
        for (long id : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 42}) {
            assertThat(t.put(id, id * 2, 64, 3)).isTrue();
        }

        assertThat(t.size()).isEqualTo(5);
        int s = t.find(0);
        assertThat(s).isNotNegative();
        assertThat(t.address(s)).isZero();
        assertThat(t.bytes(t.find(Long.MIN_VALUE))).isEqualTo(64);
        assertThat(t.put(42, 1, 2, 9)).as("a replacement").isFalse();
        assertThat(t.group(t.find(42))).isEqualTo(9);
        assertThat(t.remove(0)).isTrue();
        assertThat(t.remove(0)).isFalse();
        assertThat(t.find(0)).isEqualTo(-1);
        assertThat(t.size()).isEqualTo(4);
    }

    @Test
    void put_nonPositiveGroup_isRefused_becauseZeroMarksAnEmptySlot() {
        LiveTable t = new LiveTable();

        assertThatThrownBy(() -> t.put(1, 0, 0, 0)).hasMessageContaining("group 0 must be positive");
        assertThat(t.size()).isZero();
    }

    @Test
    void slotFor_givesTheEmptySlotToInsertAt() {
        LiveTable t = new LiveTable();
        int s = t.slotFor(7);
        assertThat(s).isNegative();

        t.insertAt(~s, 7, 0x70, 700, 1);

        assertThat(t.slotFor(7)).isEqualTo(~s);
        assertThat(t.bytes(t.find(7))).isEqualTo(700);
    }

    @Test
    void growth_keepsEveryEntry_andTheLoadBetweenAHalfAndThreeQuarters() {
        LiveTable t = new LiveTable();
        for (long id = 1; id <= 200_000; id++) {
            t.put(id, id << 12, id, (int) (id & 7) + 1);
            if (id > 100) {
                double load = (double) t.size() / t.capacity();
                assertThat(load).as("load at %d entries", id).isBetween(0.49, 0.75);
            }
        }

        for (long id = 1; id <= 200_000; id++) {
            int s = t.find(id);
            assertThat(s).as("id %d", id).isNotNegative();
            assertThat(t.address(s)).isEqualTo(id << 12);
            assertThat(t.bytes(s)).isEqualTo(id);
        }
        assertThat(t.find(200_001)).isEqualTo(-1);
    }

    @Test
    void removal_shrinksTheTable_whenFewEntriesRemain() {
        LiveTable t = new LiveTable();
        for (long id = 0; id < 10_000; id++) {
            t.put(id, 0, 1, 1);
        }
        int full = t.capacity();
        for (long id = 0; id < 9_990; id++) {
            t.remove(id);
        }

        assertThat(t.capacity()).isLessThan(full / 100);
        assertThat(contents(t).keySet())
                .containsExactlyInAnyOrder(
                        9_990L, 9_991L, 9_992L, 9_993L, 9_994L, 9_995L, 9_996L, 9_997L, 9_998L, 9_999L);
    }

    @Test
    void collisions_probeOnward_andRemovalShiftsTheRunBack_soLaterMembersStayReachable() {
        List<Long> same = idsWithHome(5, 4);
        LiveTable t = new LiveTable();
        for (long id : same) {
            t.put(id, id, 1, 1);
        }
        assertThat(same.stream().mapToInt(t::find)).containsExactly(5, 6, 7, 8);

        t.remove(same.get(0));

        // backward shift, not a tombstone: the run moved up by one and slot 8 is empty again
        assertThat(t.find(same.get(1))).isEqualTo(5);
        assertThat(t.find(same.get(3))).isEqualTo(7);
        assertThat(t.next(7)).isEqualTo(-1);
        assertThat(t.size()).isEqualTo(3);
    }

    @Test
    void removal_leavesAnEntryAtItsHome_whenTheHoleIsNotOnItsPath() {
        List<Long> at5 = idsWithHome(5, 2);
        long at6 = idsWithHome(6, 1).get(0);
        long at7 = idsWithHome(7, 1).get(0);
        LiveTable t = new LiveTable();
        t.put(at5.get(0), 0, 1, 1); // slot 5
        t.put(at6, 0, 1, 1); // slot 6, its home
        t.put(at5.get(1), 0, 1, 1); // slot 7, displaced two steps
        t.put(at7, 0, 1, 1); // slot 8, displaced one step

        t.remove(at6);

        assertThat(t.find(at5.get(1))).as("moves into the hole on its path").isEqualTo(6);
        assertThat(t.find(at7)).as("moves home").isEqualTo(7);
        assertThat(t.find(at5.get(0))).isEqualTo(5);
    }

    @Test
    void collisions_wrapAroundTheEnd_andRemovalShiftsAcrossIt() {
        List<Long> last = idsWithHome(15, 3);
        long atZero = idsWithHome(0, 1).get(0);
        LiveTable t = new LiveTable();
        for (long id : last) {
            t.put(id, 0, 1, 1);
        }
        t.put(atZero, 0, 1, 1);
        assertThat(last.stream().mapToInt(t::find)).containsExactly(15, 0, 1);
        assertThat(t.find(atZero)).isEqualTo(2);

        t.remove(last.get(0));

        assertThat(t.find(last.get(1))).isEqualTo(15);
        assertThat(t.find(last.get(2))).isEqualTo(0);
        assertThat(t.find(atZero)).as("its home 0 is free again").isEqualTo(1);
    }

    @Test
    void randomChurn_agreesWithAHashMap_atEveryStep() {
        Random rnd = new Random(42);
        LiveTable t = new LiveTable();
        Map<Long, long[]> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            // a small key range, phases of growth and shrinkage: many collisions, removals and resizes
            long range = (step / 20_000) % 2 == 0 ? 5_000 : 300;
            long id = rnd.nextInt((int) range) - 100;
            if (rnd.nextInt(3) == 0) {
                assertThat(t.remove(id)).isEqualTo(model.remove(id) != null);
            } else {
                long[] v = {rnd.nextLong(), rnd.nextInt(1 << 20), 1 + rnd.nextInt(1000)};
                assertThat(t.put(id, v[0], v[1], (int) v[2])).isEqualTo(model.put(id, v) == null);
            }
            assertThat(t.size()).isEqualTo(model.size());
            if (step % 10_000 == 0) {
                assertThat(contents(t)).containsOnlyKeys(model.keySet());
                contents(t).forEach((k, v) -> assertThat(v).containsExactly(model.get(k)));
            }
        }
        for (long id = -100; id < 5_000; id++) {
            int s = t.find(id);
            assertThat(s >= 0).as("id %d", id).isEqualTo(model.containsKey(id));
            if (s >= 0) {
                assertThat(new long[] {t.address(s), t.bytes(s), t.group(s)}).containsExactly(model.get(id));
            }
        }
    }

    @Test
    void aSlidingWindowOfConsecutiveIds_staysWithinTwoSlotsOfHome_atThreeQuartersLoad() {
        // the pattern of an agent: ids handed out in order, the oldest freed first
        LiveTable t = new LiveTable();
        long oldest = 1;
        for (long id = 1; id <= 100_000; id++) {
            t.put(id, 0, 1, 1);
            if (id - oldest >= 1024) {
                t.remove(oldest++);
            }
        }
        assertThat((double) t.size() / t.capacity()).isGreaterThan(0.7);

        int worst = 0;
        for (int s = t.next(-1); s >= 0; s = t.next(s)) {
            worst = Math.max(worst, t.displacement(s));
        }
        assertThat(worst).isLessThanOrEqualTo(2);
    }
}
