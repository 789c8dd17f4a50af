package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlusherSleepTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aQuietClient_sleepsTwiceAsLongEachTime_upTo100Ms() {
        long sleep = 10 * MS;
        long[] seen = new long[6];
        for (int i = 0; i < seen.length; i++) {
            sleep = ServerClient.nextSleep(sleep, 3_000); // llama sends a few KB per stretch
            seen[i] = sleep / MS;
        }

        assertThat(seen).containsExactly(20, 40, 80, 100, 100, 100);
    }

    @Test
    void aBusyStretch_setsTheSleepBackTo10Ms_whateverItWas() {
        assertThat(ServerClient.nextSleep(100 * MS, 100 * 1024) / MS).isEqualTo(10);
        assertThat(ServerClient.nextSleep(10 * MS, 10 * 1024) / MS).isEqualTo(10);
    }

    @Test
    void theThresholdScalesWithTheSleepBeforeTheStretch() {
        // 1 KiB per ms: 40 KiB after a 40 ms sleep is busy, 39 KiB quiet
        assertThat(ServerClient.nextSleep(40 * MS, 40 * 1024) / MS).isEqualTo(10);
        assertThat(ServerClient.nextSleep(40 * MS, 39 * 1024) / MS).isEqualTo(80);
    }
}
