package dev.custody.metal.mesh;

/**
 * A device's position in a mesh ({@code MeshCoordinate}).
 *
 * @param row the row, {@code >= 0}
 * @param col the column, {@code >= 0}
 */
public record MeshCoordinate(int row, int col) {
    /**
     * Validates the coordinate.
     *
     * @throws IllegalArgumentException if a component is negative
     */
    public MeshCoordinate {
        if (row < 0 || col < 0) {
            throw new IllegalArgumentException("mesh coordinate (" + row + ", " + col + ") must not be negative");
        }
    }

    @Override
    public String toString() {
        return "(" + row + ", " + col + ")";
    }
}
