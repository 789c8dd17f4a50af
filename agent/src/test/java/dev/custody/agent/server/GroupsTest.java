package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.wire.MemoryKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupsTest {
    private final List<Integer> devicesTold = new ArrayList<>();
    private final Groups groups = new Groups(devicesTold::add);

    @Test
    void intern_givesOneNumberPerDeviceTypeAndSite_equalTextsIncluded() {
        int a = groups.intern(0, 0, "A.java:1");
        int sameText = groups.intern(0, 0, new String("A.java:1".toCharArray()));
        int otherDevice = groups.intern(1, 0, "A.java:1");
        int otherType = groups.intern(0, 1, "A.java:1");
        int otherSite = groups.intern(0, 0, "A.java:2");

        assertThat(a).isPositive().isEqualTo(sameText);
        assertThat(Set.of(a, otherDevice, otherType, otherSite)).hasSize(4);
        assertThat(groups.device(otherDevice)).isEqualTo(1);
        assertThat(groups.type(otherType)).isEqualTo(1);
        assertThat(groups.site(otherSite)).isEqualTo("A.java:2");
        assertThat(devicesTold).as("told once per new group").containsExactly(0, 1, 0, 0);
    }

    @Test
    void addAndRelease_keepCountAndBytes() {
        int g = groups.intern(3, 5, "s");
        groups.add(g, 100);
        groups.add(g, 28);
        groups.release(g, 100);

        assertThat(groups.count(g)).isEqualTo(1);
        Groups.Usage u = groups.usage(0, 1);
        assertThat(u.devices()).containsExactly(3);
        assertThat(u.cellBytes()[MemoryKind.CB.ordinal()]).isEqualTo(28);
        assertThat(u.cellCounts()[MemoryKind.CB.ordinal()]).isEqualTo(1);
        assertThat(u.bytes()).isEqualTo(28);
        groups.clearCounts();
        assertThat(groups.count(g)).isZero();
        assertThat(groups.usage(0, 0).bytes()).isZero();
    }

    @Test
    void usage_hasOneRowPerDevice_withBytesAndBuffersPerKind_acrossCallSites() {
        int dramA = groups.intern(0, 0, "a");
        int dramB = groups.intern(0, 0, "b");
        int l1 = groups.intern(7, 1, "a");
        int systemMemory = groups.intern(7, 2, "a"); // counted as L1_SMALL, as the branch did
        groups.add(dramA, 100);
        groups.add(dramB, 50);
        groups.add(l1, 8);
        groups.add(systemMemory, 4);
        groups.add(systemMemory, 4);

        Groups.Usage u = groups.usage(3, 5);

        int k = Groups.KINDS;
        assertThat(u.devices()).containsExactly(0, 7);
        assertThat(u.cellBytes()[MemoryKind.DRAM.ordinal()]).isEqualTo(150);
        assertThat(u.cellCounts()[MemoryKind.DRAM.ordinal()]).isEqualTo(2);
        assertThat(u.cellBytes()[k + MemoryKind.L1.ordinal()]).isEqualTo(8);
        assertThat(u.cellCounts()[k + MemoryKind.L1_SMALL.ordinal()]).isEqualTo(2);
        assertThat(u.bytes()).isEqualTo(166);
        assertThat(u.findings()).isEqualTo(3);
        assertThat(u.live()).isEqualTo(5);
    }

    @Test
    void manyGroups_growTheTable_andStayFindable() {
        Set<Integer> numbers = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            int g = groups.intern(i % 7, i % 3, "site" + i);
            groups.add(g, 1); // live: none may be reclaimed
            numbers.add(g);
        }

        assertThat(numbers).hasSize(5_000);
        for (int i = 0; i < 5_000; i++) {
            int g = groups.intern(i % 7, i % 3, "site" + i);
            assertThat(groups.site(g)).isEqualTo("site" + i);
        }
        assertThat(groups.size()).isEqualTo(5_000);
    }

    @Test
    void emptyGroups_areReclaimed_soASiteChurningClientHoldsFewGroups() {
        for (int i = 0; i < 100_000; i++) {
            int g = groups.intern(0, 0, "site" + i); // a new call site per allocation
            groups.add(g, 64);
            groups.release(g, 64);
        }

        assertThat(groups.top()).isLessThanOrEqualTo(32);
        int live = groups.intern(0, 0, "kept");
        groups.add(live, 1);
        for (int i = 0; i < 1_000; i++) {
            groups.intern(0, 0, "more" + i);
        }
        assertThat(groups.intern(0, 0, "kept"))
                .as("a live group keeps its number")
                .isEqualTo(live);
        assertThat(groups.count(live)).isEqualTo(1);
    }

    @Test
    void whilePinned_emptyGroupsAreKept() {
        groups.pin(true);
        List<Integer> staged = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            staged.add(groups.intern(0, 0, "site" + i)); // count 0 while a resync stages its entries
        }
        for (int i = 0; i < 100; i++) {
            assertThat(groups.site(staged.get(i))).isEqualTo("site" + i);
        }
        assertThat(groups.size()).isEqualTo(100);
    }
}
