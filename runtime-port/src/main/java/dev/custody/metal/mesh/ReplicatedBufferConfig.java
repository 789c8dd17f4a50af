package dev.custody.metal.mesh;

/**
 * Every device of the mesh gets a buffer of {@code size} bytes ({@code ReplicatedBufferConfig}).
 *
 * @param size bytes per device, {@code >= 0}
 */
public record ReplicatedBufferConfig(long size) implements MeshBufferConfig {
    /**
     * Validates the size.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public ReplicatedBufferConfig {
        if (size < 0) {
            throw new IllegalArgumentException("size (" + size + ") must be >= 0");
        }
    }

    @Override
    public MeshBufferLayout layout() {
        return MeshBufferLayout.REPLICATED;
    }
}
