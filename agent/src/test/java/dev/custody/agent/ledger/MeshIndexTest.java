package dev.custody.agent.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MeshIndexTest {
    private static final AllocatorState MESH =
            new AllocatorState(new Object(), new MeshIndex(), new Object(), null, 0, true);

    private static MeshRecord record(Object meshBuffer, long address, long... localUids) {
        return new MeshRecord(meshBuffer, MESH, null, -1, localUids, new int[localUids.length], address, 4096, 0, 0);
    }

    @Test
    void twoMeshBuffersAtOneAddress_eachFoundByItsBufferAndByItsDeviceLocalIds() {
        MeshIndex index = new MeshIndex();
        Object first = new Object();
        Object second = new Object();
        MeshRecord a = record(first, 0x1000, 11, 12);
        MeshRecord b = record(second, 0x1000, 21, 22);
        index.add(a);
        index.add(b);

        assertThat(index.find(first, 0x1000)).isSameAs(a);
        assertThat(index.find(second, 0x1000)).isSameAs(b);
        assertThat(index.findLocal(12, 0x1000)).isSameAs(a);
        assertThat(index.findLocal(21, 0x1000)).isSameAs(b);
        assertThat(index.findLocal(12, 0x2000)).isNull();
        assertThat(index.find(first, 0x2000)).isNull();
        assertThat(index.findAnywhere(second)).isSameAs(b);
    }

    @Test
    void remove_dropsOnlyThatRecord_andReportsWhetherItWasThere() {
        MeshIndex index = new MeshIndex();
        Object first = new Object();
        MeshRecord a = record(first, 0x1000, 11);
        MeshRecord b = record(new Object(), 0x1000, 21);
        index.add(a);
        index.add(b);

        assertThat(index.remove(a)).isTrue();
        assertThat(index.remove(a)).isFalse();
        assertThat(index.find(first, 0x1000)).isNull();
        assertThat(index.findLocal(21, 0x1000)).isSameAs(b);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void randomAddsAndRemovesOfAlignedAddresses_behaveLikeAList() {
        // Few distinct addresses: long runs of equal keys stress the back-shift of removals and the growth.
        MeshIndex index = new MeshIndex();
        List<MeshRecord> model = new ArrayList<>();
        Random random = new Random(7);
        for (int op = 0; op < 50_000; op++) {
            if (!model.isEmpty() && random.nextInt(2) == 0) {
                MeshRecord gone = model.remove(random.nextInt(model.size()));
                assertThat(index.remove(gone)).isTrue();
            } else {
                MeshRecord rec = record(new Object(), (long) random.nextInt(40) << 16, op);
                index.add(rec);
                model.add(rec);
            }
            if (op % 5_000 == 0) {
                for (MeshRecord rec : model) {
                    assertThat(index.find(rec.meshBuffer, rec.address)).isSameAs(rec);
                    assertThat(index.findLocal(rec.localUids[0], rec.address)).isSameAs(rec);
                }
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
    }
}
