package dev.custody.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.bootstrap.Sites;
import dev.custody.agent.ledger.Finding;
import dev.custody.agent.ledger.FindingKind;
import dev.custody.agent.ledger.Ledger;
import dev.custody.agent.ledger.SiteRef;
import dev.custody.agent.ledger.Snapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {
    private final Object alloc = new Object();
    private final Ledger ledger = new Ledger(0, false, null);

    private void allocate(long uid, long address, long size, String site) {
        Sites.enter(Sites.register(site));
        ledger.allocatorAllocated(alloc, 0, address, size);
        ledger.bufferAllocated(uid, alloc, 0, false, 0, address, size);
    }

    @Test
    void clean_noErrorBlocks_summaryAndTheSeedsTwoLineFinalStatistics() {
        ledger.deviceOpened(new Object(), alloc, 0, false, "WORMHOLE_B0", 0, 0, 0, 0, null);
        allocate(1, 0x100, 4096, "App.main(App.java:1)");
        ledger.allocatorFreeing(alloc, 0, 0x100);

        String text = TextReport.render(ledger.exitSnapshot(), 42);

        assertThat(text)
                .doesNotContain("ERROR")
                .isEqualTo(String.join(
                        "\n",
                        "SUMMARY: custody: no findings; 0 bytes leaked in 0 object(s); 1 allocations, 1 frees.",
                        "",
                        "📊 Final Statistics:",
                        "  Active allocations: 0",
                        ""));
    }

    @Test
    void doubleFree_blockShowsSecondFreeFirstFreeAndAllocation() {
        allocate(7, 0x4000, 4096, "App.main(App.java:10)");
        Sites.enter(Sites.register("App.main(App.java:11)"));
        ledger.allocatorFreeing(alloc, 0, 0x4000);
        Sites.enter(Sites.register("App.main(App.java:12)"));
        ledger.freeRequested(true, 7, 7, true, 2, alloc, 0, false, 0, 0x4000, 4096);

        String text = TextReport.render(ledger.exitSnapshot(), 42);

        assertThat(text)
                .contains(String.join(
                        "\n",
                        "=================================================================",
                        "==42==ERROR: custody: double-free on Buffer#7 (4096 bytes DRAM on device 0, allocator of device 0,"
                                + " address 0x4000)",
                        "    second free at App.main(App.java:12)",
                        "    first free at App.main(App.java:11)",
                        "    allocated at App.main(App.java:10)",
                        "    owner chain: Buffer#7",
                        ""));
        assertThat(text)
                .contains("SUMMARY: custody: 1 double-free; 0 bytes leaked in 0 object(s); 1 allocations, 1 frees.");
    }

    @Test
    void leaks_groupedByAllocationSiteLargestFirst() {
        allocate(1, 0x100, 100, "App.small(App.java:5)");
        allocate(2, 0x200, 1000, "App.big(App.java:6)");
        allocate(3, 0x300, 1000, "App.big(App.java:6)");

        Snapshot s = ledger.exitSnapshot();
        String text = TextReport.render(s, 42);

        assertThat(text)
                .containsSubsequence(
                        "==42==ERROR: custody: detected device memory leaks",
                        "Leak of 2000 byte(s) in 2 object(s) allocated at App.big(App.java:6):",
                        "    Buffer#2: 1000 bytes DRAM",
                        "    Buffer#3: 1000 bytes DRAM",
                        "Leak of 100 byte(s) in 1 object(s) allocated at App.small(App.java:5):",
                        "SUMMARY: custody: 3 leak; 2100 bytes leaked in 3 object(s); 3 allocations, 0 frees.",
                        "📊 Final Statistics:",
                        "    Buffers: 3",
                        "    DRAM: 2100 bytes (2.05078 KB)",
                        "  Active allocations: 3");
    }

    @Test
    void kib_printsLikeACppDouble() {
        assertThat(TextReport.kib(0)).isEqualTo("0");
        assertThat(TextReport.kib(1024)).isEqualTo("1");
        assertThat(TextReport.kib(2100)).isEqualTo("2.05078");
        assertThat(TextReport.kib(4194304)).isEqualTo("4096");
        assertThat(TextReport.kib(14753792)).isEqualTo("14408");
        assertThat(TextReport.kib(1L << 30)).isEqualTo("1.04858e+06");
    }

    @Test
    void rulesResourceLeaks_countedAsResourcesNotBytes_afterTheDeviceMemory() {
        allocate(1, 0x100, 4096, "App.main(App.java:1)");
        Object first = new Object();
        Object second = new Object();
        Sites.enterRule(Sites.register("App.open(App.java:3)"));
        ledger.ruleAcquired(first, "java.io.FileInputStream");
        Sites.enterRule(Sites.register("App.open(App.java:3)"));
        ledger.ruleAcquired(second, "java.io.FileInputStream");

        String text = TextReport.render(ledger.exitSnapshot(), 42);

        assertThat(text)
                .containsSubsequence(
                        "==42==ERROR: custody: detected device memory and resource leaks",
                        "Leak of 4096 byte(s) in 1 object(s) allocated at App.main(App.java:1):",
                        "Leak of 2 resource(s) acquired at App.open(App.java:3):",
                        "    java.lang.Object#" + System.identityHashCode(first) + ": at exit; owner chain: ",
                        "SUMMARY: custody: 3 leak; 4096 bytes leaked in 3 object(s)")
                .doesNotContain("0 byte(s)");
        assertThat(first).isNotSameAs(second);
    }

    @Test
    void onlyRulesResourcesLeaked_headerSaysResourceLeaks() {
        Object stream = new Object();
        Sites.enterRule(Sites.register("App.open(App.java:3)"));
        ledger.ruleAcquired(stream, "java.io.FileInputStream");

        String text = TextReport.render(ledger.exitSnapshot(), 42);

        assertThat(text)
                .contains("==42==ERROR: custody: detected resource leaks\n")
                .contains("Leak of 1 resource(s) acquired at App.open(App.java:3):\n")
                .doesNotContain("device memory leaks");
        assertThat(stream).isNotNull();
    }

    @Test
    void collectedBeyondTheListed_countedInTheGroupAndTheSummary() {
        SiteRef at = new SiteRef("acquired", "App.open(App.java:8)", List.of());
        Finding listed = new Finding(
                FindingKind.LEAK,
                "java.io.FileInputStream",
                7,
                0,
                "",
                "",
                "",
                -1,
                "java.io.FileInputStream@7",
                "collected without release",
                List.of(at),
                List.of());
        Finding counted = new Finding(
                FindingKind.LEAK,
                "java.io.FileInputStream",
                0,
                0,
                "",
                "",
                "",
                -1,
                "4 more like java.io.FileInputStream@7",
                "collected without release",
                List.of(at),
                List.of("4 more java.io.FileInputStream objects acquired here were collected without release"),
                4);

        String text = TextReport.render(new Snapshot(List.of(listed, counted), List.of(), 0, 5, 0, 0), 42);

        assertThat(text)
                .containsSubsequence(
                        "Leak of 5 resource(s) acquired at App.open(App.java:8):",
                        "    java.io.FileInputStream#7: collected without release; owner chain: ",
                        "    4 more like java.io.FileInputStream@7, collected without release",
                        "SUMMARY: custody: 2 leak; 0 bytes leaked in 5 object(s)");
    }
}
