package dev.custody.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.bootstrap.Sites;
import dev.custody.agent.ledger.Ledger;
import org.junit.jupiter.api.Test;

class JsonlReportTest {
    @Test
    void oneObjectPerFindingThenOneSummary() {
        Object alloc = new Object();
        Ledger ledger = new Ledger(0, false, null);
        Sites.enter(Sites.register("App.main(App.java:3)"));
        ledger.allocatorAllocated(alloc, 1, 0x10, 64);
        ledger.bufferAllocated(9, alloc, 2, false, 1, 0x10, 64);
        ledger.allocatorFreeing(alloc, 1, 0x99);

        String[] lines = JsonlReport.render(ledger.exitSnapshot(), 7).split("\n");

        assertThat(lines).hasSize(3);
        assertThat(lines[0])
                .startsWith("{\"type\":\"finding\",\"pid\":7,\"kind\":\"free-of-unknown-memory\"")
                .contains("\"address\":153");
        assertThat(lines[1])
                .startsWith("{\"type\":\"finding\",\"pid\":7,\"kind\":\"leak\",\"object\":\"Buffer#9\"")
                .contains(
                        "\"device\":\"device 2\"",
                        "\"sites\":[{\"label\":\"allocated\",\"site\":\"App.main(App.java:3)\",\"stack\":[]}]");
        assertThat(lines[2])
                .isEqualTo("{\"type\":\"summary\",\"pid\":7,\"findings\":{\"leak\":1,\"free-of-unknown-memory\":1},"
                        + "\"leakedObjects\":1,\"leakedBytes\":64,\"allocations\":1,\"frees\":0,\"activeAllocations\":1,"
                        + "\"agentErrors\":0,\"devices\":[{\"device\":2,\"buffers\":1,\"DRAM\":0,\"L1\":64,\"L1_SMALL\":0,"
                        + "\"TRACE\":0,\"total\":64}]}");
    }

    @Test
    void stringsAreEscaped() {
        StringBuilder sb = new StringBuilder();
        Json.quote(sb, "a\"b\\c\nd\u0001");
        assertThat(sb).hasToString("\"a\\\"b\\\\c\\nd\\u0001\"");
    }
}
