package dev.custody.metal.mesh;

/**
 * The rows × columns of a mesh of devices ({@code MeshShape} in {@code mesh_device.hpp}).
 *
 * @param rows mesh rows, {@code >= 1}
 * @param cols mesh columns, {@code >= 1}
 */
public record MeshShape(int rows, int cols) {
    /**
     * Validates the dimensions.
     *
     * @throws IllegalArgumentException if a dimension is below 1
     */
    public MeshShape {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(
                    "mesh shape (" + rows + "x" + cols + ") must have at least one row and one column");
        }
    }

    /** {@return rows × columns} */
    public int numDevices() {
        return rows * cols;
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}
