package dev.custody.agent.wire;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Reads, validates and writes the tt-metal branch's fixed-size messages (spec §6.2): packed,
 * little-endian; prefix {@code type:u8 @0, pad1:u8[3] @1, device_id:i32 @4, size:u64 @8,
 * buffer_type:u8 @16, pad2:u8[3] @17, process_id:i32 @20, buffer_id:u64 @24, timestamp:u64 @32}.
 */
/*
 * Validation is what the branch's server lacked: it did one recv(sizeof msg) and took any n > 0 as a whole
 * message, so a client of another generation slid out of step and a pid landed in device_id. Here a frame
 * is read fully, and the padding bytes must be zero: a stream that is out of step almost always shows a
 * non-zero byte there, so it is reported as misaligned before anything is applied.
 */
public final class LegacyCodec {
    /** Devices a legacy server can track (the branch's {@code MAX_DEVICES}). */
    public static final int MAX_DEVICES = 8;

    private static final int[] PAD_B = {1, 2, 3, 17, 18, 19};
    private static final int[] PAD_C = {1, 2, 3, 17, 18, 19, 140, 141, 142, 143};
    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LegacyCodec() {}

    /**
     * Reads one whole message.
     *
     * @return the message bytes, or null at end of stream on a message boundary
     * @throws LegacyFrameException if the stream ends inside a message (a short frame)
     */
    public static byte[] readFrame(InputStream in, LegacyGeneration gen) throws IOException {
        byte[] b = new byte[gen.size()];
        int got = 0;
        while (got < b.length) {
            int n = in.read(b, got, b.length - got);
            if (n < 0) {
                if (got == 0) {
                    return null;
                }
                throw new LegacyFrameException("short frame: the stream ended after " + got + " of " + b.length
                        + " bytes (gen " + gen + " messages are " + b.length + " bytes)");
            }
            got += n;
        }
        return b;
    }

    /**
     * Validates one message.
     *
     * @throws LegacyFrameException naming the field, its value and the rule, for: a wrong length, non-zero
     *     padding (misaligned stream), an unknown type, a server-to-client type, a device id outside 0..7
     *     (−1 allowed for queries and dumps), a buffer type outside 0..4 in ALLOC, or a pid ≤ 0 in a
     *     message that changes state
     */
    public static LegacyFrame decode(byte[] b, LegacyGeneration gen) throws LegacyFrameException {
        if (b.length != gen.size()) {
            throw new LegacyFrameException(
                    "frame of " + b.length + " bytes; gen " + gen + " frames are " + gen.size() + " bytes");
        }
        return decode(b, 0, gen);
    }

    /**
     * Validates the whole message at {@code b[off .. off + gen.size())} in place, with the rules of {@link
     * #decode(byte[], LegacyGeneration)}; a server reading many frames per system call uses this to avoid a
     * copy per frame.
     *
     * @throws LegacyFrameException as {@link #decode(byte[], LegacyGeneration)} does
     * @throws IndexOutOfBoundsException if {@code b} holds fewer than {@code gen.size()} bytes from {@code off}
     */
    public static LegacyFrame decode(byte[] b, int off, LegacyGeneration gen) throws LegacyFrameException {
        Objects.checkFromIndexSize(off, gen.size(), b.length);
        for (int pad : gen == LegacyGeneration.B ? PAD_B : PAD_C) {
            if (b[off + pad] != 0) {
                throw new LegacyFrameException(String.format(
                        "misaligned frame: padding byte at offset %d is 0x%02x, not 0 (is the client sending"
                                + " messages of another size than %d bytes?)",
                        pad, b[off + pad] & 0xFF, gen.size()));
            }
        }
        int code = b[off] & 0xFF;
        LegacyType type = LegacyType.of(code);
        if (type == null || code > gen.maxType()) {
            throw new LegacyFrameException(
                    "unknown message type " + code + " (gen " + gen + " defines 1-" + gen.maxType() + ")");
        }
        if (type == LegacyType.RESPONSE || type == LegacyType.DEVICE_INFO_RESPONSE) {
            throw new LegacyFrameException(
                    "message type " + code + " (" + type + ") is sent by the server, never by a client");
        }
        int device = (int) LE_INT.get(b, off + 4);
        boolean anyDevice = type == LegacyType.DEVICE_INFO_QUERY
                || type == LegacyType.DUMP_REMAINING
                || type == LegacyType.DUMP_KERNELS;
        if (device >= MAX_DEVICES || device < (anyDevice ? -1 : 0)) {
            throw new LegacyFrameException("device_id " + device + " is out of range " + (anyDevice ? "-1" : "0") + ".."
                    + (MAX_DEVICES - 1) + " in " + type);
        }
        int bufferType = b[off + 16] & 0xFF;
        if (type == LegacyType.ALLOC && bufferType > 4) {
            throw new LegacyFrameException("buffer_type " + bufferType
                    + " is outside 0..4 (DRAM, L1, SYSTEM_MEMORY, L1_SMALL, TRACE) in ALLOC");
        }
        int pid = (int) LE_INT.get(b, off + 20);
        if (type.changesState() && pid <= 0) {
            throw new LegacyFrameException("process_id " + pid + " is not a pid in " + type);
        }
        return new LegacyFrame(
                type, device, (long) LE_LONG.get(b, off + 8), bufferType, pid, (long) LE_LONG.get(b, off + 24), (long)
                        LE_LONG.get(b, off + 32));
    }

    /** A client message (for tests and tools): the prefix fields, everything else zero. */
    public static byte[] encode(LegacyGeneration gen, LegacyFrame f) {
        ByteBuffer out = ByteBuffer.allocate(gen.size()).order(ByteOrder.LITTLE_ENDIAN);
        prefix(
                out,
                f.type().code(),
                f.deviceId(),
                f.size(),
                f.bufferType(),
                f.processId(),
                f.bufferId(),
                f.timestamp());
        return out.array();
    }

    /**
     * The RESPONSE to a QUERY: the four counters at 40..64 and, in gen C, {@code cb_allocated @72} and
     * {@code kernel_allocated @80}.
     */
    public static byte[] response(
            LegacyGeneration gen, int deviceId, long dram, long l1, long l1Small, long trace, long cb, long kernel) {
        ByteBuffer out = ByteBuffer.allocate(gen.size()).order(ByteOrder.LITTLE_ENDIAN);
        prefix(out, LegacyType.RESPONSE.code(), deviceId, 0, 0, 0, 0, System.currentTimeMillis() * 1_000_000L);
        out.putLong(40, dram).putLong(48, l1).putLong(56, l1Small).putLong(64, trace);
        if (gen == LegacyGeneration.C) {
            out.putLong(72, cb).putLong(80, kernel);
        }
        return out.array();
    }

    /** The device facts a DEVICE_INFO_RESPONSE carries. */
    public record DeviceFacts(
            long totalDram,
            long totalL1,
            int archType,
            int dramChannels,
            long dramPerChannel,
            long l1PerCore,
            boolean available,
            int numDevices) {}

    /**
     * The DEVICE_INFO_RESPONSE: gen B puts the totals at 72/80 and six u32 at 88..108; gen C at 88/96 and
     * 104..124.
     */
    public static byte[] deviceInfoResponse(LegacyGeneration gen, int deviceId, DeviceFacts f) {
        ByteBuffer out = ByteBuffer.allocate(gen.size()).order(ByteOrder.LITTLE_ENDIAN);
        prefix(out, LegacyType.DEVICE_INFO_RESPONSE.code(), deviceId, 0, 0, 0, 0, 0);
        int totals = gen == LegacyGeneration.B ? 72 : 88;
        int u32s = gen == LegacyGeneration.B ? 88 : 104;
        out.putLong(totals, f.totalDram()).putLong(totals + 8, f.totalL1());
        out.putInt(u32s, f.archType())
                .putInt(u32s + 4, f.dramChannels())
                .putInt(u32s + 8, (int) f.dramPerChannel())
                .putInt(u32s + 12, (int) f.l1PerCore())
                .putInt(u32s + 16, f.available() ? 1 : 0)
                .putInt(u32s + 20, f.numDevices());
        return out.array();
    }

    private static void prefix(
            ByteBuffer out, int type, int device, long size, int bufferType, int pid, long bufferId, long ts) {
        out.put(0, (byte) type).putInt(4, device).putLong(8, size).put(16, (byte) bufferType);
        out.putInt(20, pid).putLong(24, bufferId).putLong(32, ts);
    }
}
