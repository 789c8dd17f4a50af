package dev.custody.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadContextTest {
    @Test
    void current_isTheSameInstanceOnOneThread_andAnotherOnAnother() throws Exception {
        ThreadContext mine = ThreadContext.current();
        ThreadContext[] theirs = new ThreadContext[2];
        Thread other = new Thread(() -> {
            theirs[0] = ThreadContext.current();
            theirs[1] = ThreadContext.current();
        });
        other.start();
        other.join();

        assertThat(ThreadContext.current()).isSameAs(mine);
        assertThat(theirs[0]).isSameAs(theirs[1]).isNotSameAs(mine);
    }

    @Test
    void totals_sumEveryThreadsCounts_includingThreadsThatEnded() throws Exception {
        long allocationsBefore = ThreadContext.allocationTotal();
        long freesBefore = ThreadContext.freeTotal();
        // More threads than the registry holds before its first sweep of dead threads.
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 200; t++) {
            Thread thread = new Thread(() -> {
                ThreadContext c = ThreadContext.current();
                for (int i = 0; i < 10; i++) {
                    c.countAllocation();
                }
                c.countFree();
            });
            threads.add(thread);
            thread.start();
            thread.join();
        }

        assertThat(ThreadContext.allocationTotal() - allocationsBefore).isEqualTo(2000);
        assertThat(ThreadContext.freeTotal() - freesBefore).isEqualTo(200);
    }

    @Test
    void sitesEnter_isWhatTheThreadsContextHolds() {
        int site = Sites.register("App.main(App.java:1)");
        Sites.enter(site);

        assertThat(ThreadContext.current().site).isEqualTo(site);
        assertThat(Sites.current()).isEqualTo(site);
    }
}
