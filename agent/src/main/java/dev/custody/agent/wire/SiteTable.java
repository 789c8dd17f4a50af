package dev.custody.agent.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Interns the call-site strings of one client's stream: equal UTF-8 bytes give the same {@link String}, so a
 * server holding a million live allocations from a few hundred call sites keeps a few hundred strings. Not
 * thread-safe: one table per connection.
 */
/*
 * Open addressing over the raw bytes, probed linearly: a hit costs a hash and a compare of the bytes in the
 * frame, with no byte[] or String made. Past MAX_ENTRIES distinct texts (a client that sends a new site per
 * event) the table stops growing and decodes plainly, so a hostile stream cannot make it grow without end.
 */
public final class SiteTable {
    private static final int MAX_ENTRIES = 1 << 16;

    private byte[][] keys = new byte[256][];
    private String[] values = new String[256];
    private int count;

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
        int h = hash(buf, pos, len);
        int mask = keys.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            byte[] k = keys[i];
            if (k == null) {
                byte[] b = new byte[len];
                buf.get(b);
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
            if (k.length == len && sameBytes(k, buf, pos)) {
                buf.position(pos + len);
                return values[i];
            }
        }
    }

    private static boolean sameBytes(byte[] k, ByteBuffer buf, int pos) {
        for (int j = 0; j < k.length; j++) {
            if (k[j] != buf.get(pos + j)) {
                return false;
            }
        }
        return true;
    }

    private static int hash(ByteBuffer buf, int pos, int len) {
        int h = len;
        for (int j = 0; j < len; j++) {
            h = 31 * h + buf.get(pos + j);
        }
        return h ^ (h >>> 16);
    }

    private static int hash(byte[] b) {
        return hash(ByteBuffer.wrap(b), 0, b.length);
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
                int i = hash(k) & mask;
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
