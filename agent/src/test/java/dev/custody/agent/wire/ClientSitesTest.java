package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ClientSitesTest {

    @Test
    void of_sameText_isTheSameSite_whetherTheSameInstanceOrAnEqualString() {
        ClientSites sites = new ClientSites();
        String a = "dev.x.A.run(A.java:1)";
        String equal = new String(a.toCharArray());

        ClientSites.Site first = sites.of(a);
        assertThat(sites.of(a)).isSameAs(first);
        assertThat(sites.of(equal)).isSameAs(first);
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.utf8()).isEqualTo(a.getBytes(StandardCharsets.UTF_8));
        assertThat(sites.utf8(first.number())).isSameAs(first.utf8());
        assertThat(sites.size()).isEqualTo(1);
    }

    @Test
    void of_null_isTheEmptyText() {
        ClientSites sites = new ClientSites();

        assertThat(sites.of(null)).isSameAs(sites.of(""));
        assertThat(sites.of(null).utf8()).isEmpty();
    }

    @Test
    void utf8_ofALongText_isCutToTheProtocolLimit_onACharacterBoundary() {
        ClientSites sites = new ClientSites();
        String longText = "é".repeat(Protocol.MAX_STRING); // 2 bytes each

        byte[] b = sites.of(longText).utf8();
        assertThat(b.length).isLessThanOrEqualTo(Protocol.MAX_STRING).isGreaterThan(Protocol.MAX_STRING - 2);
        assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("é".repeat(b.length / 2));
    }

    @Test
    void manyTexts_getDistinctNumbersFromOne_andEachNumberResolvesToItsText() {
        ClientSites sites = new ClientSites();
        for (int i = 0; i < 5_000; i++) {
            ClientSites.Site s = sites.of("S.java:" + i);
            assertThat(s.number()).isEqualTo(i + 1);
        }
        for (int i = 0; i < 5_000; i++) {
            ClientSites.Site s = sites.of("S.java:" + i);
            assertThat(new String(sites.utf8(s.number()), StandardCharsets.UTF_8))
                    .isEqualTo("S.java:" + i);
        }
        assertThat(sites.size()).isEqualTo(5_000);
    }

    @Test
    void beyondTheLimit_newTextsBecomeTheOverflowText_andKnownOnesKeepTheirNumbers() {
        ClientSites sites = new ClientSites(3);
        for (int i = 0; i < 3; i++) {
            sites.of("S" + i);
        }

        ClientSites.Site over = sites.of("S3");
        assertThat(over.text()).isEqualTo(ClientSites.OVERFLOW_TEXT);
        assertThat(sites.of("S4")).isSameAs(over);
        assertThat(sites.of("S1").number()).isEqualTo(2);
        assertThat(sites.size()).isEqualTo(4);
    }

    @Test
    void concurrentFirstSightings_ofTheSameTexts_agreeOnOneSiteEach() throws Exception {
        ClientSites sites = new ClientSites();
        int threads = 4;
        int texts = 2_000;
        Set<ClientSites.Site> seen = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < texts; i++) {
                    seen.add(sites.of("T.java:" + i));
                }
            });
            thread.start();
            all.add(thread);
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }

        assertThat(seen).hasSize(texts);
        Set<Integer> numbers = new HashSet<>();
        for (ClientSites.Site s : seen) {
            numbers.add(s.number());
        }
        assertThat(numbers).hasSize(texts);
        assertThat(sites.size()).isEqualTo(texts);
    }
}
