package dev.custody.metal.mesh;

/**
 * A height × width in elements ({@code Shape2D} in {@code mesh_buffer.hpp}); 0 in a shard shape means "replicated
 * along this dimension".
 *
 * @param height the height, {@code >= 0}
 * @param width the width, {@code >= 0}
 */
public record Shape2D(long height, long width) {
    /**
     * Validates the dimensions.
     *
     * @throws IllegalArgumentException if a dimension is negative
     */
    public Shape2D {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("shape (" + height + ", " + width + ") must not be negative");
        }
    }

    @Override
    public String toString() {
        return "(" + height + ", " + width + ")";
    }
}
