package dev.custody.metal.llama;

/**
 * The device operations of one decoder layer, each with the circular buffers and kernel binaries its program gets.
 * Sizes follow the shape so different shapes get different programs, as ttnn's program cache keys do.
 */
enum Op {
    RMSNORM(1, 6144, 8192, 4096),
    MATMUL(2, 8192, 12288, 4096),
    ATTENTION(3, 8192, 16384, 4096),
    SOFTMAX(4, 4096, 6144, 4096),
    ADD(5, 4096, 4096, 4096);

    /** One bfloat16 tile: the page size of every CB here. */
    static final long TILE = 2048;

    /** Distinguishes the ops in program-cache keys. */
    private final int keyCode;

    private final int readerBytes;
    private final int computeBytes;
    private final int writerBytes;

    Op(int keyCode, int readerBytes, int computeBytes, int writerBytes) {
        this.keyCode = keyCode;
        this.readerBytes = readerBytes;
        this.computeBytes = computeBytes;
        this.writerBytes = writerBytes;
    }

    int readerBytes() {
        return readerBytes;
    }

    int computeBytes() {
        return computeBytes;
    }

    int writerBytes() {
        return writerBytes;
    }

    /** {@return the program-cache key of this op at a shape} */
    long cacheKey(int rows, int cols) {
        return ((long) keyCode << 48) | ((long) rows << 24) | cols;
    }

    /** {@return tiles needed for {@code n} bytes-per-row of a shape, at least 1, for double-buffered inputs} */
    static long tilesFor(int n) {
        return Math.max(1, (n + 1023) / 1024);
    }
}
