package dev.custody.agent.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Reads the fields of one frame body; every read past the end is a {@link ProtocolException}. */
public final class WireInput {
    private final ByteBuffer buf;

    /** Wraps a frame body (position at the first byte after the type). */
    public WireInput(ByteBuffer body) {
        this.buf = body.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Bytes not yet read. */
    public int remaining() {
        return buf.remaining();
    }

    /** Reads an unsigned byte. */
    public int u8() throws ProtocolException {
        need(1, "u8");
        return buf.get() & 0xFF;
    }

    /** Reads an unsigned 16-bit value. */
    public int u16() throws ProtocolException {
        need(2, "u16");
        return buf.getShort() & 0xFFFF;
    }

    /** Reads a 32-bit value. */
    public int i32() throws ProtocolException {
        need(4, "i32");
        return buf.getInt();
    }

    /** Reads a 64-bit value. */
    public long i64() throws ProtocolException {
        need(8, "i64");
        return buf.getLong();
    }

    /** Reads {@code u16 length} and that many UTF-8 bytes. */
    public String str() throws ProtocolException {
        int len = u16();
        needString(len);
        byte[] b = new byte[len];
        buf.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /**
     * Reads {@code u16 length} and that many UTF-8 bytes, as {@link #str()}, returning the one String that
     * {@code sites} holds for those bytes.
     */
    public String str(SiteTable sites) throws ProtocolException {
        int len = u16();
        needString(len);
        return sites.read(buf, len);
    }

    private void needString(int len) throws ProtocolException {
        if (buf.remaining() < len) { // the message only when it is needed: a server reads one string per ALLOC
            need(len, "string of " + len + " bytes");
        }
    }

    private void need(int n, String what) throws ProtocolException {
        if (buf.remaining() < n) {
            throw new ProtocolException("frame ends early: reading a " + what + " at offset " + buf.position()
                    + " needs " + n + " bytes but " + buf.remaining() + " remain");
        }
    }
}
