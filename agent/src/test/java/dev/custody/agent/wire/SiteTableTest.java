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

    @Test
    void read_fromADirectBuffer_orAtAnOffsetInsideAFrame_givesTheSameString() {
        SiteTable sites = new SiteTable();
        String site = "dev.custody.metal.llama.OpRunner.run(OpRunner.java:88)";
        byte[] utf8 = site.getBytes(StandardCharsets.UTF_8);
        ByteBuffer direct = ByteBuffer.allocateDirect(utf8.length).put(utf8).flip();
        ByteBuffer frame = ByteBuffer.allocate(utf8.length + 10);
        frame.position(7).put(utf8).position(7);
        ByteBuffer sliced = frame.slice(); // a non-zero array offset

        String a = sites.read(direct, utf8.length);
        String b = sites.read(sliced, utf8.length);

        assertThat(a).isEqualTo(site).isSameAs(b);
        assertThat(direct.remaining()).isZero();
        assertThat(sliced.remaining()).isEqualTo(3);
    }

    @Test
    void read_textsDifferingInOneByteAnywhere_areDistinct() {
        SiteTable sites = new SiteTable();
        String base = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < base.length(); i++) {
            String changed = base.substring(0, i) + '_' + base.substring(i + 1);
            ByteBuffer b = bytes(changed);
            assertThat(sites.read(b, b.remaining())).isEqualTo(changed);
        }
        ByteBuffer b = bytes(base);

        assertThat(sites.read(b, b.remaining())).isEqualTo(base);
        assertThat(sites.size()).isEqualTo(base.length() + 1);
    }
}
