package dev.custody.agent.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded many-producer, one-consumer ring of variable-length records in one byte array.
 */
/*
 * Design. Producers reserve space by CAS on `tail` (a byte position that only grows, `claim`), write their
 * record straight into the array (no encoder object per record), then publish it by storing its length into
 * the record's header with release semantics (`publish`). The consumer
 * reads the header at `head` with acquire semantics: 0 means "reserved but not yet published", so it stops
 * there and keeps order. A record never wraps: when it does not fit before the end of the array, the
 * producer reserves the rest of the array too and marks it with a negative (padding) header. Records are
 * 8-byte aligned and their headers live in a separate int[] indexed by position / 8: JDK 22+ refuses
 * acquire/release access through byte-array views (a byte[] is not guaranteed to be aligned), while int[]
 * elements support it everywhere. The consumer zeroes a record's header slot before moving `head`, so a slot
 * reads 0 until its next producer publishes. A full ring refuses the record (the caller counts the drop)
 * instead of blocking the application thread.
 *
 * Record positions (the `tail` value at reservation) are handed to the consumer so that a resync can tell
 * records older than a snapshot from newer ones.
 */
final class EventRing {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle HEADERS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int HEADER = 4;

    private final byte[] buf;
    private final int[] headers;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private volatile long head;

    /** @param capacity bytes, a power of two of at least 1024 */
    EventRing(int capacity) {
        if (capacity < 1024 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity " + capacity + " must be a power of two >= 1024");
        }
        buf = new byte[capacity];
        headers = new int[capacity >>> 3];
        mask = capacity - 1;
    }

    /** Largest payload one record may carry. */
    int maxPayload() {
        return buf.length / 4 - HEADER - 8;
    }

    /** The position the next record will get; every record published later has a position at least this. */
    long tail() {
        return tail.get();
    }

    /**
     * Reserves room for one record of {@code payloadLength} bytes. The caller then writes the payload with the
     * {@code put} methods at the returned offset and must call {@link #publish(int, int)} with the same
     * offset and length, without anything in between that can throw: until it is published the consumer
     * stops at this record, so an unpublished record would stall every later one.
     *
     * @param payloadLength at most {@link #maxPayload()}
     * @return the payload's offset in the ring's array, or -1 if the ring is full (nothing reserved)
     */
    int claim(int payloadLength) {
        int need = align(HEADER + payloadLength);
        long t;
        int idx;
        long reserve;
        do {
            t = tail.get();
            idx = (int) (t & mask);
            int toEnd = buf.length - idx;
            reserve = need <= toEnd ? need : toEnd + need;
            if (t + reserve - head > buf.length) {
                return -1;
            }
        } while (!tail.compareAndSet(t, t + reserve));
        if (reserve != need) {
            HEADERS.setRelease(headers, idx >>> 3, -(buf.length - idx)); // padding to the end of the array
            idx = 0;
        }
        return idx + HEADER;
    }

    /**
     * Publishes the record {@link #claim(int)} reserved at {@code offset}: the consumer may read it from now
     * on, and it sees everything written into the payload before this call.
     */
    void publish(int offset, int payloadLength) {
        // the consumer re-derives the aligned size from the length
        HEADERS.setRelease(headers, (offset - HEADER) >>> 3, HEADER + payloadLength);
    }

    /** Receives published records. */
    interface Consumer {
        /**
         * One record's payload.
         *
         * @param position the record's ring position (see {@link #tail()})
         * @return false to stop draining before this record (it stays in the ring)
         */
        boolean accept(long position, byte[] buf, int offset, int length);
    }

    /**
     * Hands published records to {@code consumer} in order, up to {@code maxBytes} of payload; consumed
     * records are removed. Only one thread may drain.
     *
     * @return the number of records consumed
     */
    int drain(Consumer consumer, int maxBytes) {
        int count = 0;
        int bytes = 0;
        long h = head;
        while (true) {
            int idx = (int) (h & mask);
            int len = (int) HEADERS.getAcquire(headers, idx >>> 3);
            if (len == 0) {
                break;
            }
            if (len < 0) {
                HEADERS.setRelease(headers, idx >>> 3, 0);
                h -= len;
                head = h;
                continue;
            }
            int payload = len - HEADER;
            if (count > 0 && bytes + payload > maxBytes) {
                break;
            }
            if (!consumer.accept(h, buf, idx + HEADER, payload)) {
                break;
            }
            HEADERS.setRelease(headers, idx >>> 3, 0);
            h += align(len);
            head = h;
            bytes += payload;
            count++;
        }
        return count;
    }

    /** True when nothing is reserved or published. */
    boolean isEmpty() {
        return head == tail.get();
    }

    void putByte(int off, int v) {
        buf[off] = (byte) v;
    }

    void putShort(int off, int v) {
        buf[off] = (byte) v;
        buf[off + 1] = (byte) (v >>> 8);
    }

    void putInt(int off, int v) {
        INT.set(buf, off, v);
    }

    void putLong(int off, long v) {
        LONG.set(buf, off, v);
    }

    void putBytes(int off, byte[] src) {
        System.arraycopy(src, 0, buf, off, src.length);
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }
}
