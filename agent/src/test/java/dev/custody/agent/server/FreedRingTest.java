package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FreedRingTest {
    private static Registry.Entry entry(long address) {
        return new Registry.Entry(0, 0, address, 32, "site");
    }

    @Test
    void get_findsTheLatestFreeOfAnObject_untilItIsEvicted() {
        FreedRing ring = new FreedRing(3);
        ring.add(1, entry(0x100));
        ring.add(2, entry(0x200));
        ring.add(1, entry(0x300));

        assertThat(ring.get(1).address()).isEqualTo(0x300);
        assertThat(ring.get(2).address()).isEqualTo(0x200);

        ring.add(4, entry(0x400));
        ring.add(5, entry(0x500));

        assertThat(ring.get(2)).isNull();
        assertThat(ring.get(1).address()).isEqualTo(0x300);
        assertThat(ring.get(5).address()).isEqualTo(0x500);
        assertThat(ring.get(0)).isNull();
    }

    @Test
    void constructor_nonPositiveCapacity_throws() {
        assertThatThrownBy(() -> new FreedRing(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 0 must be positive");
    }
}
