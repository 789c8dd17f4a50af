package dev.custody.agent.wire;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Builds one native-protocol frame: {@code u32 length, u8 type, payload}, little-endian.
 *
 * <pre>{@code
 * ByteBuffer frame = new FrameWriter(Protocol.QUERY).u8(Protocol.QUERY_STATUS).finish();
 * }</pre>
 */
public final class FrameWriter {
    private ByteBuffer buf;

    /** Starts a frame of the given type. */
    public FrameWriter(int type) {
        buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(0);
        buf.put((byte) type);
    }

    /** Appends one unsigned byte (the low 8 bits of {@code v}). */
    public FrameWriter u8(int v) {
        ensure(1).put((byte) v);
        return this;
    }

    /** Appends an unsigned 16-bit value (the low 16 bits of {@code v}). */
    public FrameWriter u16(int v) {
        ensure(2).putShort((short) v);
        return this;
    }

    /** Appends a 32-bit value. */
    public FrameWriter i32(int v) {
        ensure(4).putInt(v);
        return this;
    }

    /** Appends a 64-bit value. */
    public FrameWriter i64(long v) {
        ensure(8).putLong(v);
        return this;
    }

    /** Appends {@code u16 length} and the UTF-8 bytes of {@code s}, cut to {@link Protocol#MAX_STRING}. */
    public FrameWriter str(String s) {
        byte[] b = utf8(s);
        ensure(2 + b.length).putShort((short) b.length).put(b);
        return this;
    }

    /** Appends raw bytes (already-encoded records). */
    public FrameWriter bytes(byte[] src, int off, int len) {
        ensure(len).put(src, off, len);
        return this;
    }

    /** Bytes written so far, length prefix included. */
    public int size() {
        return buf.position();
    }

    /**
     * Completes the frame.
     *
     * @return a buffer positioned at 0 holding the whole frame
     * @throws IllegalStateException if the body exceeds {@link Protocol#MAX_FRAME}
     */
    public ByteBuffer finish() {
        int body = buf.position() - 4;
        if (body > Protocol.MAX_FRAME) {
            throw new IllegalStateException("frame body of " + body + " bytes exceeds the protocol limit of "
                    + Protocol.MAX_FRAME + "; split the records over several frames");
        }
        buf.putInt(0, body);
        buf.flip();
        return buf;
    }

    /** Writes all of {@code frame} to {@code ch}, looping over partial writes. */
    public static void writeFully(WritableByteChannel ch, ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            ch.write(frame);
        }
    }

    /** UTF-8 bytes of {@code s} (null as empty), cut to at most {@link Protocol#MAX_STRING} bytes. */
    static byte[] utf8(String s) {
        byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= Protocol.MAX_STRING) {
            return b;
        }
        int end = Protocol.MAX_STRING;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // never cut inside a multi-byte character
        }
        return java.util.Arrays.copyOf(b, end);
    }

    private ByteBuffer ensure(int n) {
        if (buf.remaining() < n) {
            int cap = Math.max(buf.capacity() * 2, buf.position() + n);
            ByteBuffer bigger = ByteBuffer.allocate(cap).order(ByteOrder.LITTLE_ENDIAN);
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
        if (buf.remaining() < n) {
            throw new BufferOverflowException();
        }
        return buf;
    }
}
