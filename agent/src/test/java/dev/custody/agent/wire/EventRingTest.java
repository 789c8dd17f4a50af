package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventRingTest {
    private static boolean offerLong(EventRing ring, long v, int extra) {
        int o = ring.claim(8 + extra);
        if (o < 0) {
            return false;
        }
        ring.putLong(o, v);
        ring.publish(o, 8 + extra);
        return true;
    }

    private static List<Long> drainLongs(EventRing ring) {
        List<Long> out = new ArrayList<>();
        ring.drain(
                (pos, buf, off, len) -> {
                    out.add(ByteBuffer.wrap(buf, off, 8)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getLong());
                    return true;
                },
                Integer.MAX_VALUE);
        return out;
    }

    @Test
    void drain_returnsRecordsInPublicationOrder_withTheirExactLength() {
        EventRing ring = new EventRing(1024);
        offerLong(ring, 1, 0);
        offerLong(ring, 2, 5);
        List<Integer> lengths = new ArrayList<>();
        ring.drain((pos, buf, off, len) -> lengths.add(len), Integer.MAX_VALUE);

        assertThat(lengths).containsExactly(8, 13);
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void claim_wrapsAroundTheEnd_withoutSplittingARecord() {
        EventRing ring = new EventRing(1024);
        List<Long> seen = new ArrayList<>();
        for (long i = 0; i < 1000; i++) {
            assertThat(offerLong(ring, i, 90)).isTrue(); // 102-byte records do not divide 1024
            seen.addAll(drainLongs(ring));
        }
        assertThat(seen).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void claim_onAFullRing_refusesAndKeepsWhatIsThere() {
        EventRing ring = new EventRing(1024);
        int accepted = 0;
        while (offerLong(ring, accepted, 0)) {
            accepted++;
        }
        assertThat(accepted).isEqualTo(1024 / 16); // 4-byte header + 8 bytes, aligned to 16
        assertThat(drainLongs(ring)).hasSize(accepted).startsWith(0L, 1L);
        assertThat(offerLong(ring, 99, 0)).isTrue();
    }

    @Test
    void drain_respectsTheBatchLimit_andLeavesTheRestForLater() {
        EventRing ring = new EventRing(1024);
        for (int i = 0; i < 10; i++) {
            offerLong(ring, i, 0);
        }
        int first = ring.drain((pos, buf, off, len) -> true, 30);
        assertThat(first).isEqualTo(3);
        assertThat(drainLongs(ring)).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void positions_growMonotonically_andTailIsAnUpperBound() {
        EventRing ring = new EventRing(1024);
        offerLong(ring, 1, 0);
        long mark = ring.tail();
        offerLong(ring, 2, 0);
        List<Long> positions = new ArrayList<>();
        ring.drain((pos, buf, off, len) -> positions.add(pos), Integer.MAX_VALUE);
        assertThat(positions.get(0)).isLessThan(mark);
        assertThat(positions.get(1)).isGreaterThanOrEqualTo(mark);
    }

    @Test
    void manyProducers_oneConsumer_loseNothing_andKeepEachProducersOrder() throws Exception {
        manyProducers(new EventRing(1 << 16));
    }

    private static void manyProducers(EventRing ring) throws Exception {
        int producers = 4;
        int perProducer = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    while (!offerLong(ring, base + i, i % 17)) {
                        Thread.onSpinWait();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        long[] next = new long[producers];
        int[] total = {0};
        start.countDown();
        while (total[0] < producers * perProducer) {
            ring.drain(
                    (pos, buf, off, len) -> {
                        long v = ByteBuffer.wrap(buf, off, 8)
                                .order(ByteOrder.LITTLE_ENDIAN)
                                .getLong();
                        int p = (int) (v >>> 32);
                        assertThat(v & 0xFFFFFFFFL).isEqualTo(next[p]);
                        assertThat(len).isEqualTo(8 + (int) (next[p] % 17));
                        next[p]++;
                        total[0]++;
                        return true;
                    },
                    4096);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(next).containsOnly(perProducer);
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void drain_stopsAtAClaimedButUnpublishedRecord_andDeliversItAndLaterOnesOncePublished() {
        EventRing ring = new EventRing(1024);
        offerLong(ring, 1, 0);
        int pending = ring.claim(8);
        offerLong(ring, 3, 0);
        assertThat(drainLongs(ring)).containsExactly(1L);

        ring.putLong(pending, 2);
        ring.publish(pending, 8);
        assertThat(drainLongs(ring)).containsExactly(2L, 3L);
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void chunkedRing_recordsCrossNoChunkBoundary_andArriveInOrderAcrossManyLaps() {
        EventRing ring = new EventRing(4096, 1024);
        List<Long> seen = new ArrayList<>();
        for (long i = 0; i < 2000; i++) {
            assertThat(offerLong(ring, i, (int) (i % 150))).isTrue(); // 16..160-byte records, 25 ring laps
            if (i % 7 == 6) {
                ring.drain(
                        (pos, buf, off, len) -> {
                            assertThat(buf).as("a chunk's array").hasSize(1024);
                            assertThat(off + len).isLessThanOrEqualTo(1024);
                            long v = ByteBuffer.wrap(buf, off, 8)
                                    .order(ByteOrder.LITTLE_ENDIAN)
                                    .getLong();
                            assertThat(len).isEqualTo(8 + (int) (v % 150));
                            seen.add(v);
                            return true;
                        },
                        Integer.MAX_VALUE);
            }
        }
        seen.addAll(drainLongs(ring));
        assertThat(seen).hasSize(2000);
        for (int i = 0; i < 2000; i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
        assertThat(ring.chunksAllocated()).isEqualTo(4);
    }

    @Test
    void chunkedRing_allocatesAChunkOnlyWhenARecordFirstReachesIt() {
        EventRing ring = new EventRing(1 << 20, 1024);
        assertThat(ring.chunksAllocated()).isZero();

        for (int i = 0; i < 60; i++) {
            offerLong(ring, i, 0); // 16 bytes each: 960 bytes, all in the first chunk
        }
        assertThat(ring.chunksAllocated()).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            offerLong(ring, i, 0);
        }
        assertThat(ring.chunksAllocated()).isEqualTo(2);
        assertThat(drainLongs(ring)).hasSize(70);
    }

    @Test
    void chunkedRing_fullRingRefuses_andAPaddedChunkEndCountsAsUsed() {
        EventRing ring = new EventRing(2048, 1024);
        int accepted = 0;
        while (offerLong(ring, accepted, 100)) { // 112-byte records: 9 a chunk, 16 bytes of padding at its end
            accepted++;
        }
        assertThat(accepted).isEqualTo(18);
        assertThat(drainLongs(ring)).hasSize(18).startsWith(0L, 1L).endsWith(17L);
        assertThat(ring.isEmpty()).isTrue();
    }

    @Test
    void claim_ofARecordLargerThanHalfAChunk_isRefusedLoudly_andReservesNothing() {
        EventRing ring = new EventRing(1 << 20, 1024);

        assertThatThrownBy(() -> ring.claim(ring.maxPayload() + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the ring's limit");
        assertThat(ring.isEmpty()).isTrue();
        assertThat(offerLong(ring, 1, ring.maxPayload() - 8)).isTrue();
        assertThat(drainLongs(ring)).containsExactly(1L);
    }

    @Test
    void chunkedRing_manyProducers_loseNothing_andKeepEachProducersOrder() throws Exception {
        manyProducers(new EventRing(1 << 16, 1024));
    }
}
