package dev.custody.agent.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LegacyTableTest {
    @Test
    void theKeyIsDeviceSpaceAndBufferId_andTheValuesSurvive() {
        LegacyTable t = new LegacyTable();
        t.insert(0, 0, 0x1000, 2, 4096, 50);
        t.insert(1, 0, 0x1000, 1, 2048, 51); // same address, other device
        t.insert(0, 1, 0x1000, 5, 512, 52); // same address, circular-buffer space

        int s = t.find(0, 0, 0x1000);
        assertThat(new long[] {t.device(s), t.space(s), t.bufferId(s), t.type(s), t.bytes(s), t.ownerPid(s)})
                .containsExactly(0, 0, 0x1000, 2, 4096, 50);
        assertThat(t.ownerPid(t.find(1, 0, 0x1000))).isEqualTo(51);
        assertThat(t.type(t.find(0, 1, 0x1000))).isEqualTo(5);
        assertThat(t.find(0, 2, 0x1000)).isEqualTo(-1);
        assertThat(t.refCount(s)).isEqualTo(1);
        t.setRefCount(s, 3);
        assertThat(t.refCount(t.find(0, 0, 0x1000))).isEqualTo(3);
    }

    @Test
    void badSpaceOrType_isRefused() {
        LegacyTable t = new LegacyTable();

        assertThatThrownBy(() -> t.insert(0, 3, 1, 0, 1, 1)).hasMessageContaining("key space 3");
        assertThatThrownBy(() -> t.insert(0, 0, 1, 7, 1, 1)).hasMessageContaining("buffer type 7");
        assertThatThrownBy(() -> t.find(0, -1, 1)).hasMessageContaining("key space -1");
    }

    @Test
    void randomChurn_withGrowthShrinkAndCollidingKeys_agreesWithAHashMap() {
        record Key(int device, int space, long id) {}
        Random rnd = new Random(7);
        LegacyTable t = new LegacyTable();
        Map<Key, long[]> model = new HashMap<>();
        for (int step = 0; step < 100_000; step++) {
            int range = (step / 10_000) % 2 == 0 ? 3_000 : 100;
            Key k = new Key(rnd.nextInt(8), rnd.nextInt(3), rnd.nextInt(range));
            int s = t.find(k.device(), k.space(), k.id());
            assertThat(s >= 0).isEqualTo(model.containsKey(k));
            if (s >= 0) {
                long[] v = model.get(k);
                assertThat(new long[] {t.type(s), t.bytes(s), t.ownerPid(s)}).containsExactly(v);
                if (rnd.nextBoolean()) {
                    t.removeAt(s);
                    model.remove(k);
                }
            } else {
                long[] v = {rnd.nextInt(7), rnd.nextInt(1 << 20), 1 + rnd.nextInt(1000)};
                t.insert(k.device(), k.space(), k.id(), (int) v[0], v[1], (int) v[2]);
                model.put(k, v);
            }
            assertThat(t.size()).isEqualTo(model.size());
        }
        int listed = 0;
        for (int s = t.next(-1); s >= 0; s = t.next(s)) {
            assertThat(model).containsKey(new Key(t.device(s), t.space(s), t.bufferId(s)));
            listed++;
        }
        assertThat(listed).isEqualTo(model.size());
    }
}
