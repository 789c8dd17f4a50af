package dev.custody.agent.wire;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded many-producer, one-consumer ring of variable-length records, in chunks of memory allocated when the
 * ring first reaches them.
 */
/*
 * Design. Producers reserve space by CAS on `tail` (a byte position that only grows, `claim`), write their
 * record straight into the ring (no encoder object per record), then publish it by storing its length into the
 * record's header with release semantics (`publish`). The consumer reads the header at `head` with acquire
 * semantics: 0 means "reserved but not yet published", so it stops there and keeps order. Both are fences around
 * plain int accesses rather than VarHandle calls, which cost about 0.6 µs each while their caller still runs
 * interpreted. Records are 8-byte
 * aligned and their headers live in a separate int[] indexed by offset / 8: JDK 22+ refuses acquire/release
 * access through byte-array views (a byte[] is not guaranteed to be aligned), while int[] elements support it
 * everywhere. The consumer zeroes a record's header slot before it moves `head`, so a slot reads 0 until its next
 * producer publishes; it stores `head` once per drain, not per record, because every claim reads it and each
 * store took that cache line away from the producers. A full ring refuses the record (the caller counts the
 * drop) instead of blocking the application thread.
 *
 * Chunks. The ring's bytes (and their headers) are split into equal power-of-two chunks, created by the first
 * producer that reserves space in one (under the chunk table's monitor: once per 64 KiB, and without the VarHandle
 * whose set-up cost the application's thread about a millisecond at start; a producer that finds the slot taken uses
 * the chunk there). Chunk slots are read plainly: a Chunk's fields are final, so a non-null one is complete, and a
 * null read by the consumer only means "not yet", which it treats like an unpublished record. A JVM
 * that sends a few thousand events so touches a few chunks, not the whole ring: on a paravirtualised machine
 * the first touch of a page costs about 10 µs, and zeroing all 6 MiB of a 4 MiB ring at start-up cost about
 * 20 ms of the application's main thread. A record never crosses a chunk boundary: when it does not fit before
 * the end of its chunk, the producer reserves the rest of the chunk too and marks it with a negative (padding)
 * header. The consumer reads a chunk only at positions a producer has reserved, so a chunk it finds missing
 * holds nothing published yet. Chunks are never freed: a client that streams more than the ring's capacity
 * ends up holding all of it, as before, but pays for it over time rather than at premain.
 *
 * Record positions (the `tail` value at reservation) are handed to the consumer so that a resync can tell
 * records older than a snapshot from newer ones. A producer refers to its record by its offset in the ring
 * (position mod capacity); the offset names the chunk (high bits) and the place in it (low bits).
 */
final class EventRing {
    /** Chunk size of rings larger than this. */
    static final int DEFAULT_CHUNK = 64 << 10;

    private static final int HEADER = 4;

    /** One chunk: its bytes and the header slot of every 8-byte offset in it. */
    private static final class Chunk {
        final byte[] data;
        final int[] headers;

        Chunk(int size) {
            data = new byte[size];
            headers = new int[size >>> 3];
        }
    }

    private final Chunk[] chunks;
    private final int capacity;
    private final int mask;
    private final int chunkSize;
    private final int chunkShift;
    private final int chunkMask;
    private final AtomicLong tail = new AtomicLong();
    private volatile long head;
    // the consumer's own state: where it reads (stored to head at the end of each drain) and that chunk
    private long cursor;
    private Chunk cursorChunk;
    private int cursorChunkIndex;

    /**
     * A ring of {@code capacity} bytes in chunks of {@link #DEFAULT_CHUNK} (or one chunk, if smaller).
     *
     * @param capacity bytes, a power of two of at least 1024
     */
    EventRing(int capacity) {
        this(capacity, Math.min(capacity, DEFAULT_CHUNK));
    }

    /**
     * A ring of {@code capacity} bytes in chunks of {@code chunkSize}.
     *
     * @param capacity bytes, a power of two of at least 1024
     * @param chunkSize bytes, a power of two from 1024 to {@code capacity}
     */
    EventRing(int capacity, int chunkSize) {
        if (capacity < 1024 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity " + capacity + " must be a power of two >= 1024");
        }
        if (chunkSize < 1024 || chunkSize > capacity || Integer.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException(
                    "chunk size " + chunkSize + " must be a power of two from 1024 to the capacity " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.chunkSize = chunkSize;
        this.chunkShift = Integer.numberOfTrailingZeros(chunkSize);
        this.chunkMask = chunkSize - 1;
        this.chunks = new Chunk[capacity >>> chunkShift];
    }

    /** Largest payload one record may carry: half a chunk, less the header and alignment. */
    int maxPayload() {
        return chunkSize / 2 - HEADER - 8;
    }

    /** Chunks created so far (for tests: a ring allocates its memory only as records reach it). */
    int chunksAllocated() {
        int n = 0;
        for (int c = 0; c < chunks.length; c++) {
            if (chunks[c] != null) {
                n++;
            }
        }
        return n;
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
     * @return the payload's offset in the ring, or -1 if the ring is full (nothing reserved)
     * @throws IllegalArgumentException if the payload is larger than {@link #maxPayload()} (nothing reserved)
     */
    int claim(int payloadLength) {
        if (payloadLength > maxPayload()) {
            throw new IllegalArgumentException(
                    "a record of " + payloadLength + " bytes exceeds the ring's limit of " + maxPayload());
        }
        int need = align(HEADER + payloadLength);
        long t;
        int idx;
        long reserve;
        do {
            t = tail.get();
            idx = (int) (t & mask);
            int toEnd = chunkSize - (idx & chunkMask);
            reserve = need <= toEnd ? need : toEnd + need;
            if (t + reserve - head > capacity) {
                return -1;
            }
        } while (!tail.compareAndSet(t, t + reserve));
        Chunk chunk = chunk(idx >>> chunkShift);
        if (reserve != need) {
            int inChunk = idx & chunkMask;
            VarHandle.releaseFence();
            chunk.headers[inChunk >>> 3] = -(chunkSize - inChunk); // padding to the chunk's end
            idx = (idx + chunkSize - inChunk) & mask;
            chunk(idx >>> chunkShift);
        }
        return idx + HEADER;
    }

    /** The chunk with index {@code c}, created by this call if no producer has created it yet. */
    private Chunk chunk(int c) {
        Chunk existing = chunks[c]; // a plain read: a Chunk's fields are final, so a non-null one is complete
        return existing != null ? existing : createChunk(c);
    }

    private Chunk createChunk(int c) {
        synchronized (chunks) {
            Chunk existing = chunks[c];
            if (existing != null) {
                return existing;
            }
            Chunk fresh = new Chunk(chunkSize);
            chunks[c] = fresh;
            return fresh;
        }
    }

    /**
     * Publishes the record {@link #claim(int)} reserved at {@code offset}: the consumer may read it from now
     * on, and it sees everything written into the payload before this call.
     */
    void publish(int offset, int payloadLength) {
        int idx = offset - HEADER;
        // A release store, as a fence and a plain store: the same on every JIT tier, and far cheaper while the
        // caller still runs interpreted (a VarHandle call costs about 0.6 µs there). The consumer re-derives the
        // aligned size from the length.
        VarHandle.releaseFence();
        chunks[idx >>> chunkShift].headers[(idx & chunkMask) >>> 3] = HEADER + payloadLength;
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
        // The loop only counts; next() does a record's work. A flusher drains a few times a second, hundreds
        // of records each: a loop body of its own would run interpreted until 60,000 back-edges (for a short
        // JVM, all its life), while next() is compiled after its first 200 calls.
        int count = 0;
        int bytes = 0;
        cursor = head;
        for (int n = next(consumer, Integer.MAX_VALUE); n >= 0; n = next(consumer, maxBytes - bytes)) {
            bytes += n;
            count++;
        }
        head = cursor;
        return count;
    }

    /**
     * Consumes the record at {@link #cursor} (skipping padding), if it is published, fits {@code budget} and
     * the consumer takes it.
     *
     * @return its payload length, or -1 if nothing was consumed
     */
    private int next(Consumer consumer, int budget) {
        while (true) {
            int idx = (int) (cursor & mask);
            Chunk chunk = cursorChunk;
            if (chunk == null || idx >>> chunkShift != cursorChunkIndex) {
                chunk = chunks[idx >>> chunkShift]; // see Chunks above: null only means not yet
                if (chunk == null) {
                    return -1; // reserved, but its producer has not even created the chunk yet
                }
                cursorChunk = chunk;
                cursorChunkIndex = idx >>> chunkShift;
            }
            int slot = (idx & chunkMask) >>> 3;
            int len = chunk.headers[slot];
            VarHandle.acquireFence(); // the header read is an acquire: the record's bytes are read after it
            if (len == 0) {
                return -1;
            }
            // Zeroing a slot needs no release: drain's store to `head` publishes it before any producer can
            // reserve this slot again.
            if (len < 0) {
                chunk.headers[slot] = 0;
                cursor -= len;
                continue;
            }
            int payload = len - HEADER;
            if (payload > budget || !consumer.accept(cursor, chunk.data, (idx & chunkMask) + HEADER, payload)) {
                return -1;
            }
            chunk.headers[slot] = 0;
            cursor += align(len);
            return payload;
        }
    }

    /** True when nothing is reserved or published. */
    boolean isEmpty() {
        return head == tail.get();
    }

    void putByte(int off, int v) {
        chunks[off >>> chunkShift].data[off & chunkMask] = (byte) v;
    }

    // The puts store little-endian bytes one by one rather than through a byte-array view VarHandle: compiled,
    // that costs about 2 ns more a long; interpreted (the first thousands of events of every JVM) it saves about
    // 0.6 µs a call, most of an event's cost there.

    void putShort(int off, int v) {
        byte[] b = chunks[off >>> chunkShift].data;
        int i = off & chunkMask;
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    void putInt(int off, int v) {
        byte[] b = chunks[off >>> chunkShift].data;
        int i = off & chunkMask;
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }

    void putLong(int off, long v) {
        byte[] b = chunks[off >>> chunkShift].data;
        int i = off & chunkMask;
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
        b[i + 4] = (byte) (v >>> 32);
        b[i + 5] = (byte) (v >>> 40);
        b[i + 6] = (byte) (v >>> 48);
        b[i + 7] = (byte) (v >>> 56);
    }

    void putBytes(int off, byte[] src) {
        System.arraycopy(src, 0, chunks[off >>> chunkShift].data, off & chunkMask, src.length);
    }

    private static int align(int n) {
        return (n + 7) & ~7;
    }
}
