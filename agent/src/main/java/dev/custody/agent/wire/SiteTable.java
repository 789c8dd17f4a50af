package dev.custody.agent.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns the call-site strings of one client's stream: equal UTF-8 bytes give the same {@link String}, so a
 * server holding a million live allocations from a few hundred call sites keeps a few hundred strings. Not
 * thread-safe: one table per connection.
 */
/*
 * Open addressing over the raw bytes, probed linearly: a hit costs a hash and a compare of the bytes in the
 * frame, with no byte[] or String made. Both work on the frame's backing array (a direct buffer is copied to
 * a scratch array first): the hash takes 16 bytes a step in two lanes and the compare is Arrays.equals
 * (vectorised), because per-byte ByteBuffer.get calls made this the largest cost of a server applying ALLOC
 * records. Past MAX_ENTRIES distinct texts (a client that sends a new site per event) the table stops growing
 * and decodes plainly, so a hostile stream cannot make it grow without end.
 */
public final class SiteTable {
    private static final int MAX_ENTRIES = 1 << 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long PHI = 0x9E3779B97F4A7C15L;
    private static final long MUL = 0xBF58476D1CE4E5B9L;

    private byte[][] keys = new byte[256][];
    private String[] values = new String[256];
    private int count;
    private byte[] scratch = new byte[0];

    /**
     * Reads {@code len} bytes at the buffer's position, advancing it, and returns their UTF-8 text.
     *
     * @throws BufferUnderflowException if fewer than {@code len} bytes remain (callers check first)
     */
    String read(ByteBuffer buf, int len) {
        int pos = buf.position();
        if (len > buf.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] a;
        int off;
        if (buf.hasArray()) {
            a = buf.array();
            off = buf.arrayOffset() + pos;
        } else {
            if (scratch.length < len) {
                scratch = new byte[Math.max(len, 2 * scratch.length)];
            }
            a = scratch;
            off = 0;
            buf.get(pos, a, 0, len);
        }
        buf.position(pos + len);
        int h = hash(a, off, len);
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                byte[] b = Arrays.copyOfRange(a, off, off + len);
                String s = new String(b, StandardCharsets.UTF_8);
                if (count < MAX_ENTRIES) {
                    keys[i] = b;
                    values[i] = s;
                    if (++count * 4 > keys.length * 3) {
                        grow();
                    }
                }
                return s;
            }
            if (k.length == len && Arrays.equals(k, 0, len, a, off, off + len)) {
                return values[i];
            }
        }
    }

    private static int hash(byte[] b, int off, int len) {
        // two independent lanes of 8 bytes a step: each multiply waits only for its own lane
        long x = len;
        long y = ~(long) len;
        int i = 0;
        if (len >= 8) {
            for (; i + 16 <= len; i += 16) {
                x = Long.rotateLeft((x ^ (long) LONGS.get(b, off + i)) * PHI, 32);
                y = Long.rotateLeft((y ^ (long) LONGS.get(b, off + i + 8)) * MUL, 32);
            }
            if (i + 8 <= len) {
                x = Long.rotateLeft((x ^ (long) LONGS.get(b, off + i)) * PHI, 32);
                i += 8;
            }
            if (i < len) { // the last 8 bytes, overlapping ones already taken
                y = Long.rotateLeft((y ^ (long) LONGS.get(b, off + len - 8)) * MUL, 32);
            }
        } else {
            long w = 0;
            for (; i < len; i++) {
                w = w << 8 | (b[off + i] & 0xFF);
            }
            x = Long.rotateLeft((x ^ w) * PHI, 32);
        }
        long h = (x ^ y * PHI) * MUL;
        return (int) (h ^ (h >>> 32));
    }

    private void grow() {
        byte[][] oldKeys = keys;
        String[] oldValues = values;
        keys = new byte[oldKeys.length * 2][];
        values = new String[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            byte[] k = oldKeys[j];
            if (k != null) {
                int i = hash(k, 0, k.length) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
        Arrays.fill(oldKeys, null);
    }

    /** Distinct texts held (for tests). */
    int size() {
        return count;
    }
}
