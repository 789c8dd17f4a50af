package dev.custody.metal.buffer;

/**
 * A byte range of a buffer ({@code BufferRegion} in {@code buffer.hpp}).
 *
 * @param offset the first byte, relative to the buffer
 * @param size the number of bytes
 */
public record BufferRegion(long offset, long size) {
    /**
     * Validates the range.
     *
     * @throws IllegalArgumentException if {@code offset} or {@code size} is negative
     */
    public BufferRegion {
        BufferChecks.requireNonNegative("offset", offset);
        BufferChecks.requireNonNegative("size", size);
    }
}
