package dev.custody.agent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlockTableTest {
    private final AllocatorState owner =
            new AllocatorState(new Object(), new MeshIndex(), new Object(), null, 0, false);

    @Test
    void record_isMadeFromTheRow_once() {
        BlockTable table = new BlockTable();
        table.put(0x2000, 7, 4096, 1, true, 11, 0);

        Allocation a = table.record(0x2000, owner, Allocation.LIVE);

        assertThat(a.address).isEqualTo(0x2000);
        assertThat(a.ownerUid).isEqualTo(7);
        assertThat(a.size).isEqualTo(4096);
        assertThat(a.type).isEqualTo(1);
        assertThat(a.system).isTrue();
        assertThat(a.allocSite).isEqualTo(11);
        assertThat(a.allocator).isSameAs(owner);
        assertThat(table.record(0x2000, owner, Allocation.LIVE)).isSameAs(a);
        assertThat(table.record(0x3000, owner, Allocation.LIVE)).isNull();
    }

    @Test
    void claim_setsOwnerAndSize_inRowAndRecord() {
        BlockTable table = new BlockTable();
        table.put(0, -1, 64, 0, false, 1, 0);
        assertThat(table.owner(0, -9)).isEqualTo(-1);

        assertThat(table.claim(0, 5, 48)).isTrue();
        Allocation a = table.record(0, owner, Allocation.LIVE);
        assertThat(table.claim(0, 6, 32)).isTrue();

        assertThat(table.owner(0, -9)).isEqualTo(6);
        assertThat(a.ownerUid).isEqualTo(6);
        assertThat(a.size).isEqualTo(32);
        assertThat(table.claim(64, 1, 1)).isFalse();
        assertThat(table.owner(64, -9)).isEqualTo(-9);
    }

    @Test
    void moveTo_carriesRowAndRecord_andReplacesTheTargetsBlock() {
        BlockTable live = new BlockTable();
        BlockTable freed = new BlockTable();
        live.put(0x100, 1, 64, 0, false, 3, 0);
        Allocation a = live.record(0x100, owner, Allocation.LIVE);
        freed.put(0x100, 9, 64, 0, false, 2, 2);
        Allocation older = freed.record(0x100, owner, Allocation.FREED);

        int slot = live.moveTo(0x100, freed, 4);

        assertThat(live.find(0x100)).isEqualTo(BlockTable.NONE);
        assertThat(freed.recordAt(slot)).isSameAs(a).isNotSameAs(older);
        assertThat(freed.ownerAt(slot)).isEqualTo(1);
        assertThat(live.moveTo(0x100, freed, 4)).isEqualTo(BlockTable.NONE);

        // A row moved without a record keeps its fields for the record made later.
        live.put(0x200, 2, 32, 1, false, 5, 0);
        live.moveTo(0x200, freed, 6);
        Allocation b = freed.record(0x200, owner, Allocation.FREED);
        assertThat(b.ownerUid).isEqualTo(2);
        assertThat(b.allocSite).isEqualTo(5);
        assertThat(b.freeSite).isEqualTo(6);
        assertThat(b.state).isEqualTo(Allocation.FREED);
    }

    @Test
    void randomAlignedAddresses_behaveLikeAHashMap() {
        // Aligned addresses (the allocator's) stress the hash; removals stress the back-shift of probe runs, and some
        // rows carry records, which must move with them.
        BlockTable table = new BlockTable();
        BlockTable sink = new BlockTable();
        Map<Long, Long> model = new HashMap<>();
        Map<Long, Allocation> records = new HashMap<>();
        Random random = new Random(42);
        for (int op = 0; op < 200_000; op++) {
            long address = (long) random.nextInt(3_000) << 12;
            int choice = random.nextInt(6);
            if (choice < 2) {
                int slot = table.moveTo(address, sink, 0);
                assertThat(slot != BlockTable.NONE).isEqualTo(model.remove(address) != null);
                if (slot != BlockTable.NONE) {
                    assertThat(sink.recordAt(slot)).isSameAs(records.remove(address));
                }
            } else if (choice < 5) {
                table.put(address, op, 64, 0, false, 0, 0);
                model.put(address, (long) op);
                records.remove(address);
            } else if (model.containsKey(address)) {
                Allocation a = table.record(address, owner, Allocation.LIVE);
                assertThat(a.ownerUid).isEqualTo(model.get(address));
                records.putIfAbsent(address, a);
                assertThat(a).isSameAs(records.get(address));
            }
            if (op % 10_000 == 0) {
                for (long probe = 0; probe < 3_000; probe++) {
                    assertThat(table.owner(probe << 12, -2)).isEqualTo(model.getOrDefault(probe << 12, -2L));
                }
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        assertThat(table.records(owner, Allocation.LIVE))
                .extracting(a -> a.address)
                .containsExactlyInAnyOrderElementsOf(model.keySet());
    }

    @Test
    void sumSizes_countsBlocksAndBytesByType() {
        BlockTable table = new BlockTable();
        table.put(0, 1, 100, 0, false, 0, 0);
        table.put(64, 2, 20, 1, false, 0, 0);
        table.put(128, 3, 3, 200, false, 0, 0);
        long[] bytes = new long[5];

        assertThat(table.sumSizes(bytes)).isEqualTo(3);
        assertThat(bytes).containsExactly(100, 20, 0, 0, 3);
    }

    @Test
    void clear_removesEveryBlock() {
        BlockTable table = new BlockTable();
        for (long a = 0; a < 100; a++) {
            table.put(a * 4096, a, 64, 0, false, 0, 0);
        }
        table.record(4096, owner, Allocation.LIVE);
        table.clear();

        assertThat(table.size()).isZero();
        assertThat(table.records(owner, Allocation.LIVE)).isEmpty();
        assertThat(table.find(4096)).isEqualTo(BlockTable.NONE);
    }

    @Test
    void put_sizeOrTypeOutOfRange_throws() {
        BlockTable table = new BlockTable();
        assertThatThrownBy(() -> table.put(64, 1, -1, 0, false, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size=-1, type=0 at address 64");
        assertThatThrownBy(() -> table.put(64, 1, 1, 256, false, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type=256");
    }
}
