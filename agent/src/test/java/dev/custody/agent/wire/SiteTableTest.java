package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SiteTableTest {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_sameBytesTwice_givesTheSameString_andAdvancesTheBuffer() {
        SiteTable sites = new SiteTable();
        ByteBuffer first = bytes("Model.forward(Model.java:42)");
        ByteBuffer second = bytes("Model.forward(Model.java:42)");

        String a = sites.read(first, first.remaining());
        String b = sites.read(second, second.remaining());

        assertThat(a).isEqualTo("Model.forward(Model.java:42)").isSameAs(b);
        assertThat(first.remaining()).isZero();
        assertThat(second.remaining()).isZero();
        assertThat(sites.size()).isEqualTo(1);
    }

    @Test
    void read_manyDistinctSites_keepsEachTextIntactAcrossGrowth() {
        SiteTable sites = new SiteTable();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 1000; i++) {
                ByteBuffer b = bytes("Site.s" + i + "(Site.java:" + i + ") ✓");
                assertThat(sites.read(b, b.remaining())).isEqualTo("Site.s" + i + "(Site.java:" + i + ") ✓");
            }
        }

        assertThat(sites.size()).isEqualTo(1000);
    }

    @Test
    void read_prefixOfALongerSite_isADistinctString() {
        SiteTable sites = new SiteTable();
        ByteBuffer longer = bytes("abcdef");
        ByteBuffer shorter = bytes("abcdef");

        assertThat(sites.read(longer, 6)).isEqualTo("abcdef");
        assertThat(sites.read(shorter, 3)).isEqualTo("abc");
        assertThat(shorter.remaining()).isEqualTo(3);
    }
}
