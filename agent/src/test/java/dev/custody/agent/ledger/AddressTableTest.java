package dev.custody.agent.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AddressTableTest {
    private static Allocation block(long address) {
        return new Allocation(new AllocatorState(new Object(), new Object(), 0, false), address, 0, 32);
    }

    @Test
    void get_afterPutAndRemove_followsTheLastWrite() {
        AddressTable table = new AddressTable();
        Allocation first = block(0);
        Allocation second = block(0);

        assertThat(table.put(0, first)).isNull();
        assertThat(table.put(0, second)).isSameAs(first);
        assertThat(table.get(0)).isSameAs(second);
        assertThat(table.remove(0)).isSameAs(second);
        assertThat(table.get(0)).isNull();
        assertThat(table.remove(0)).isNull();
    }

    @Test
    void randomAlignedAddresses_behaveLikeAHashMap() {
        // Aligned addresses (the allocator's) stress the hash; removals stress the back-shift of probe runs.
        AddressTable table = new AddressTable();
        Map<Long, Allocation> model = new HashMap<>();
        Random random = new Random(42);
        for (int op = 0; op < 200_000; op++) {
            long address = (long) random.nextInt(3_000) << 12;
            if (random.nextInt(3) == 0) {
                assertThat(table.remove(address)).isSameAs(model.remove(address));
            } else {
                Allocation a = block(address);
                assertThat(table.put(address, a)).isSameAs(model.put(address, a));
            }
            if (op % 10_000 == 0) {
                for (long probe = 0; probe < 3_000; probe++) {
                    assertThat(table.get(probe << 12)).isSameAs(model.get(probe << 12));
                }
            }
        }
        assertThat(table.size()).isEqualTo(model.size());
        assertThat(table.values()).containsExactlyInAnyOrderElementsOf(model.values());
    }

    @Test
    void clear_removesEveryBlock() {
        AddressTable table = new AddressTable();
        for (long a = 0; a < 100; a++) {
            table.put(a * 4096, block(a * 4096));
        }
        table.clear();

        assertThat(table.size()).isZero();
        assertThat(table.values()).isEmpty();
        assertThat(table.get(4096)).isNull();
    }

    @Test
    void put_underAnotherAddress_throws() {
        assertThatThrownBy(() -> new AddressTable().put(64, block(32)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("address=64 is not the block's address 32");
    }

    @Test
    void put_null_throws() {
        assertThatThrownBy(() -> new AddressTable().put(1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("address 1");
    }
}
