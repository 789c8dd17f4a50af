package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCodecTest {
    private static FrameReader.Frame reread(ByteBuffer frame) throws IOException {
        byte[] b = new byte[frame.remaining()];
        frame.get(b);
        return new FrameReader(Channels.newChannel(new ByteArrayInputStream(b))).next();
    }

    @Test
    void hello_roundTrips_withDevicesAndUnicodeNames() throws IOException {
        DeviceInfo d0 = new DeviceInfo(0, false, "wormhole_b0", 12L << 30, 95_944_704L, 0, 0);
        DeviceInfo mesh = new DeviceInfo(8, true, "wormhole_b0", 96L << 30, 0, 1 << 20, 1 << 23);
        Hello h = new Hello(Protocol.VERSION, 4242, "llama ✓", "0.1.0", List.of(d0, mesh));

        FrameReader.Frame f = reread(h.toFrame());

        assertThat(f.type()).isEqualTo(Protocol.HELLO);
        assertThat(Hello.read(f.input())).isEqualTo(h);
    }

    @Test
    void hello_withWrongMagic_isRejectedNamingTheMagic() throws IOException {
        FrameReader.Frame f =
                reread(new FrameWriter(Protocol.HELLO).i32(0x12345678).finish());

        assertThatThrownBy(() -> Hello.read(f.input()))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("HELLO magic 0x12345678 is not 0x44545343");
    }

    @Test
    void events_decodeEveryRecordKind_inOrder() throws IOException {
        FrameWriter w = new FrameWriter(Protocol.EVENTS);
        DeviceInfo d = new DeviceInfo(1, false, "blackhole", 1, 2, 3, 4);
        Events.writeDevice(w, d);
        Events.writeAllocated(w, 7, 1, Protocol.TYPE_CB, 101152, 4096, "Program.java:12");
        Events.writeFreed(w, 7);
        Events.writeFinding(w, 7, "double-free", "ERROR: double free");
        List<String> seen = new ArrayList<>();

        Events.decode(reread(w.finish()).input(), new EventSink() {
            @Override
            public void device(DeviceInfo device) {
                seen.add("device " + device);
            }

            @Override
            public void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site) {
                seen.add("alloc " + objectId + " " + deviceId + " " + bufferType + " " + address + " " + size + " "
                        + site);
            }

            @Override
            public void freed(long objectId) {
                seen.add("free " + objectId);
            }

            @Override
            public void finding(long objectId, String kind, String line) {
                seen.add("finding " + objectId + " " + kind + " " + line);
            }
        });

        assertThat(seen)
                .containsExactly(
                        "device " + d,
                        "alloc 7 1 5 101152 4096 Program.java:12",
                        "free 7",
                        "finding 7 double-free ERROR: double free");
    }

    @Test
    void events_withAnUnknownRecordKind_areRejected() throws IOException {
        FrameReader.Frame f = reread(new FrameWriter(Protocol.EVENTS).u8(9).finish());

        assertThatThrownBy(() -> Events.decode(f.input(), null))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown record kind 9");
    }

    @Test
    void events_withARecordCutShort_areRejectedNamingTheField() throws IOException {
        FrameReader.Frame f = reread(
                new FrameWriter(Protocol.EVENTS).u8(Protocol.REC_FREE).i32(1).finish());

        assertThatThrownBy(() -> Events.decode(f.input(), null))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("reading a i64 at offset 1 needs 8 bytes but 4 remain");
    }

    @Test
    void frameReader_atACleanEnd_returnsNull_butInsideAFrame_throws() throws IOException {
        assertThat(new FrameReader(Channels.newChannel(new ByteArrayInputStream(new byte[0]))).next())
                .isNull();
        byte[] cut = {10, 0, 0, 0, 2, 1};

        assertThatThrownBy(() -> new FrameReader(Channels.newChannel(new ByteArrayInputStream(cut))).next())
                .isInstanceOf(ProtocolException.class)
                .hasMessage("stream ended inside a frame: got 2 of 10 bytes");
    }

    @Test
    void reusingFrameReader_readsFramesOfEverySize_eachWhole_andCutFramesStillThrow() throws IOException {
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        int[] sizes = {3, 1000, 10, 70_000, 5};
        for (int n : sizes) {
            FrameWriter w = new FrameWriter(Protocol.EVENTS);
            for (int i = 0; i < n; i++) {
                w.u8(n + i);
            }
            ByteBuffer f = w.finish();
            stream.write(f.array(), f.arrayOffset() + f.position(), f.remaining());
        }
        stream.write(new byte[] {10, 0, 0, 0, 2, 1});
        FrameReader reader = new FrameReader(Channels.newChannel(new ByteArrayInputStream(stream.toByteArray())), true);

        for (int n : sizes) {
            FrameReader.Frame f = reader.next();
            assertThat(f.type()).isEqualTo(Protocol.EVENTS);
            WireInput in = f.input();
            assertThat(in.remaining()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(in.u8()).isEqualTo((n + i) & 0xFF);
            }
        }
        assertThatThrownBy(reader::next)
                .isInstanceOf(ProtocolException.class)
                .hasMessage("stream ended inside a frame: got 2 of 10 bytes");
    }

    @Test
    void reusingFrameReader_overAChannelThatTricklesBytes_returnsEveryFrameWhole_andNamesACutLength()
            throws IOException {
        java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
        int[] sizes = {1, 65_530, 2, 131_000, 7, 40};
        for (int n : sizes) {
            FrameWriter w = new FrameWriter(Protocol.EVENTS);
            for (int i = 0; i < n; i++) {
                w.u8(n ^ i);
            }
            ByteBuffer f = w.finish();
            stream.write(f.array(), f.arrayOffset() + f.position(), f.remaining());
        }
        stream.write(new byte[] {9, 0}); // half of a length
        byte[] all = stream.toByteArray();
        int[] at = {0};
        java.nio.channels.ReadableByteChannel trickle = new java.nio.channels.ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) {
                if (at[0] == all.length) {
                    return -1;
                }
                int n = Math.min(Math.min(dst.remaining(), 1 + at[0] % 4093), all.length - at[0]);
                dst.put(all, at[0], n);
                at[0] += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {}
        };
        FrameReader reader = new FrameReader(trickle, true);

        for (int n : sizes) {
            WireInput in = reader.next().input();
            assertThat(in.remaining()).isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(in.u8()).isEqualTo((n ^ i) & 0xFF);
            }
        }
        assertThatThrownBy(reader::next)
                .isInstanceOf(ProtocolException.class)
                .hasMessage("stream ended inside a frame: got 2 of 4 length bytes");
    }

    @Test
    void frameReader_withAnImpossibleLength_throws() {
        byte[] huge = {0, 0, 0, (byte) 0x80};

        assertThatThrownBy(() -> new FrameReader(Channels.newChannel(new ByteArrayInputStream(huge))).next())
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("frame length 2147483648 is outside 1..1048576");
    }

    @Test
    void strings_longerThanTheLimit_areCutOnACharacterBoundary() {
        String s = "é".repeat(Protocol.MAX_STRING); // two bytes each

        byte[] b = FrameWriter.utf8(s);

        assertThat(b.length).isEqualTo(Protocol.MAX_STRING);
        assertThat(new String(b, java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("é".repeat(Protocol.MAX_STRING / 2));
    }

    @Test
    void statusAndDump_roundTrip() throws IOException {
        DeviceInfo d = new DeviceInfo(0, false, "wormhole_b0", 10, 20, 30, 40);
        StatusReport s = new StatusReport(
                3,
                List.of(new StatusReport.DeviceUsage(d, 3, new long[] {1, 2, 3, 4, 5, 6})),
                List.of(new StatusReport.ClientUsage(11, "a", "0.1", false, 21, 3, 1)));
        DumpReport r = new DumpReport(List.of(new DumpReport.Entry(11, 0, 1, 5, 0x100, 64, 1, "X.java:1")));

        StatusReport s2 = StatusReport.read(reread(s.toFrame()).input());
        DumpReport r2 = DumpReport.read(reread(r.toFrame()).input());

        assertThat(s2.activeAllocations()).isEqualTo(3);
        assertThat(s2.devices().get(0).used()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(s2.devices().get(0).spec()).isEqualTo(d);
        assertThat(s2.clients()).isEqualTo(s.clients());
        assertThat(r2).isEqualTo(r);
    }

    @Test
    void dump_withMoreThanAFrameOfSites_sendsTheEntriesThatFit() throws IOException {
        String site = "x".repeat(Protocol.MAX_STRING);
        List<DumpReport.Entry> many = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            many.add(new DumpReport.Entry(1, 0, 0, i, i, 1, 1, site));
        }

        DumpReport r = DumpReport.read(reread(new DumpReport(many).toFrame()).input());

        assertThat(r.entries()).hasSize((Protocol.MAX_FRAME - 5) / (43 + Protocol.MAX_STRING));
        assertThat(r.entries().get(0)).isEqualTo(many.get(0));
    }

    @Test
    void memoryKind_countsSystemMemoryAsL1Small_likeTheBranch_andRejectsUnknownTypes() {
        assertThat(MemoryKind.ofBufferType(2)).isEqualTo(MemoryKind.L1_SMALL);
        assertThat(MemoryKind.ofBufferType(6)).isEqualTo(MemoryKind.KERNEL);
        assertThatThrownBy(() -> MemoryKind.ofBufferType(7)).hasMessageContaining("buffer type 7 is outside 0..6");
        assertThat(MemoryKind.typeName(2)).isEqualTo("SYSTEM_MEMORY");
    }
}
