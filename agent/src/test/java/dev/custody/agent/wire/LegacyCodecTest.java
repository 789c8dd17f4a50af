package dev.custody.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyCodecTest {
    /** A client message built from the §6.2 offsets, independent of the codec's encoder. */
    private static byte[] message(int size, int type, int device, long bytes, int bufferType, int pid, long id) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) type).putInt(4, device).putLong(8, bytes).put(16, (byte) bufferType);
        b.putInt(20, pid).putLong(24, id).putLong(32, 77);
        return b.array();
    }

    @ParameterizedTest
    @EnumSource(
            value = LegacyType.class,
            names = {"RESPONSE", "DEVICE_INFO_RESPONSE"},
            mode = EnumSource.Mode.EXCLUDE)
    void genC_decodesEveryClientType_withAllPrefixFields(LegacyType type) throws IOException {
        byte[] b = message(144, type.code(), 3, 4096, 1, 1234, 0x3FFFF800L);

        LegacyFrame f = LegacyCodec.decode(b, LegacyGeneration.C);

        assertThat(f).isEqualTo(new LegacyFrame(type, 3, 4096, 1, 1234, 0x3FFFF800L, 77));
    }

    @Test
    void decodeAtOffset_readsEachFrameOfABatchInPlace_andNamesTheOffsetWithinTheFrame() throws IOException {
        byte[] first = message(112, 1, 2, 4096, 0, 1234, 7);
        byte[] second = message(112, 2, 2, 4096, 0, 1234, 7);
        byte[] bad = message(112, 1, 2, 4096, 0, 1234, 8);
        bad[18] = 5;
        byte[] batch = new byte[3 * 112];
        System.arraycopy(first, 0, batch, 0, 112);
        System.arraycopy(second, 0, batch, 112, 112);
        System.arraycopy(bad, 0, batch, 224, 112);

        assertThat(LegacyCodec.decode(batch, 0, LegacyGeneration.B))
                .isEqualTo(new LegacyFrame(LegacyType.ALLOC, 2, 4096, 0, 1234, 7, 77));
        assertThat(LegacyCodec.decode(batch, 112, LegacyGeneration.B))
                .isEqualTo(new LegacyFrame(LegacyType.FREE, 2, 4096, 0, 1234, 7, 77));
        assertThatThrownBy(() -> LegacyCodec.decode(batch, 224, LegacyGeneration.B))
                .hasMessageStartingWith("misaligned frame: padding byte at offset 18 is 0x05, not 0");
        assertThatThrownBy(() -> LegacyCodec.decode(batch, 300, LegacyGeneration.B))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 6})
    void genB_decodesItsClientTypes(int code) throws IOException {
        LegacyFrame f = LegacyCodec.decode(message(112, code, 0, 1, 0, 99, 5), LegacyGeneration.B);

        assertThat(f.type().code()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 10, 11, 12})
    void genB_refusesTheGenCOnlyTypes(int code) {
        assertThatThrownBy(() -> LegacyCodec.decode(message(112, code, 0, 1, 0, 99, 5), LegacyGeneration.B))
                .isInstanceOf(LegacyFrameException.class)
                .hasMessage("unknown message type " + code + " (gen B defines 1-7)");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 13, 255})
    void unknownTypes_areRefused(int code) {
        assertThatThrownBy(() -> LegacyCodec.decode(message(144, code, 0, 1, 0, 99, 5), LegacyGeneration.C))
                .hasMessage("unknown message type " + code + " (gen C defines 1-12)");
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 7})
    void serverToClientTypes_fromAClient_areRefused(int code) {
        assertThatThrownBy(() -> LegacyCodec.decode(message(144, code, 0, 0, 0, 99, 0), LegacyGeneration.C))
                .hasMessageContaining("is sent by the server, never by a client");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 2657333, -1, Integer.MIN_VALUE})
    void deviceIdsOutOfRange_areRefusedForStateChanges(int device) {
        assertThatThrownBy(() -> LegacyCodec.decode(message(144, 1, device, 1, 0, 99, 5), LegacyGeneration.C))
                .hasMessage("device_id " + device + " is out of range 0..7 in ALLOC");
    }

    @Test
    void deviceMinusOne_isAllowedForDeviceInfoQuery_only() throws IOException {
        assertThat(LegacyCodec.decode(message(144, 6, -1, 0, 0, 99, 0), LegacyGeneration.C)
                        .deviceId())
                .isEqualTo(-1);
        assertThatThrownBy(() -> LegacyCodec.decode(message(144, 6, -2, 0, 0, 99, 0), LegacyGeneration.C))
                .hasMessage("device_id -2 is out of range -1..7 in DEVICE_INFO_QUERY");
    }

    @Test
    void allocWithBufferTypeAboveTrace_isRefused() {
        assertThatThrownBy(() -> LegacyCodec.decode(message(144, 1, 0, 1, 5, 99, 5), LegacyGeneration.C))
                .hasMessageStartingWith("buffer_type 5 is outside 0..4");
    }

    @Test
    void stateChangeWithoutAPid_isRefused() {
        assertThatThrownBy(() -> LegacyCodec.decode(message(144, 2, 0, 0, 0, 0, 5), LegacyGeneration.C))
                .hasMessage("process_id 0 is not a pid in FREE");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 17, 18, 19, 140, 141, 142, 143})
    void nonZeroPadding_isReportedAsMisaligned(int offset) {
        byte[] b = message(144, 1, 0, 1, 0, 99, 5);
        b[offset] = 0x2A;

        assertThatThrownBy(() -> LegacyCodec.decode(b, LegacyGeneration.C))
                .hasMessageStartingWith("misaligned frame: padding byte at offset " + offset + " is 0x2a, not 0");
    }

    @Test
    void aFrameOfTheWrongLength_isRefused() {
        assertThatThrownBy(() -> LegacyCodec.decode(new byte[112], LegacyGeneration.C))
                .hasMessage("frame of 112 bytes; gen C frames are 144 bytes");
    }

    @Test
    void readFrame_readsWholeFrames_andReportsAShortOne() throws IOException {
        byte[] two = new byte[144 + 100];
        ByteArrayInputStream in = new ByteArrayInputStream(two);

        assertThat(LegacyCodec.readFrame(in, LegacyGeneration.C)).hasSize(144);
        assertThatThrownBy(() -> LegacyCodec.readFrame(in, LegacyGeneration.C))
                .isInstanceOf(LegacyFrameException.class)
                .hasMessage("short frame: the stream ended after 100 of 144 bytes (gen C messages are 144 bytes)");
        assertThat(LegacyCodec.readFrame(new ByteArrayInputStream(new byte[0]), LegacyGeneration.B))
                .isNull();
    }

    @Test
    void response_putsTheCountersAtTheBranchOffsets() {
        ByteBuffer c = ByteBuffer.wrap(LegacyCodec.response(LegacyGeneration.C, 2, 1, 2, 3, 4, 5, 6))
                .order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.wrap(LegacyCodec.response(LegacyGeneration.B, 2, 1, 2, 3, 4, 5, 6))
                .order(ByteOrder.LITTLE_ENDIAN);

        assertThat(c.capacity()).isEqualTo(144);
        assertThat(new long[] {c.getLong(40), c.getLong(48), c.getLong(56), c.getLong(64), c.getLong(72), c.getLong(80)
                })
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(b.capacity()).isEqualTo(112);
        assertThat(b.get(0)).isEqualTo((byte) 4);
        assertThat(b.getInt(4)).isEqualTo(2);
        assertThat(b.getLong(72))
                .as("gen B has no cb counter: total_dram_size stays 0")
                .isZero();
    }

    @Test
    void deviceInfoResponse_usesEachGenerationsLayout() {
        LegacyCodec.DeviceFacts f =
                new LegacyCodec.DeviceFacts(12L << 30, 95_944_704L, 2, 12, 1L << 30, 1_499_136, true, 2);
        ByteBuffer b = ByteBuffer.wrap(LegacyCodec.deviceInfoResponse(LegacyGeneration.B, 0, f))
                .order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer c = ByteBuffer.wrap(LegacyCodec.deviceInfoResponse(LegacyGeneration.C, 0, f))
                .order(ByteOrder.LITTLE_ENDIAN);

        assertThat(b.getLong(72)).isEqualTo(12L << 30);
        assertThat(new int[] {b.getInt(88), b.getInt(92), b.getInt(96), b.getInt(100), b.getInt(104), b.getInt(108)})
                .containsExactly(2, 12, 1 << 30, 1_499_136, 1, 2);
        assertThat(c.getLong(88)).isEqualTo(12L << 30);
        assertThat(c.getLong(96)).isEqualTo(95_944_704L);
        assertThat(new int[] {c.getInt(104), c.getInt(108), c.getInt(112), c.getInt(116), c.getInt(120), c.getInt(124)})
                .containsExactly(2, 12, 1 << 30, 1_499_136, 1, 2);
    }

    @Test
    void encode_thenDecode_isTheIdentity() throws IOException {
        LegacyFrame f = new LegacyFrame(LegacyType.KERNEL_LOAD, 7, 12288, 0, 31337, 0x3FFFF000L, 5);

        assertThat(LegacyCodec.decode(LegacyCodec.encode(LegacyGeneration.C, f), LegacyGeneration.C))
                .isEqualTo(f);
    }
}
