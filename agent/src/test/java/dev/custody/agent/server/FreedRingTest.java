package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FreedRingTest {
    @Test
    void get_findsTheLatestFreeOfAnObject_untilItIsEvicted() {
        FreedRing ring = new FreedRing(3);
        ring.add(1, 0x100, 0);
        ring.add(2, 0x200, 1);
        ring.add(1, 0x300, 2);

        assertThat(ring.get(1)).isEqualTo(new FreedRing.Freed(0x300, 2));
        assertThat(ring.get(2)).isEqualTo(new FreedRing.Freed(0x200, 1));

        ring.add(4, 0x400, 0);
        ring.add(5, 0x500, 0);

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
