package dev.custody.metal.program;

import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.mesh.MeshShape;
import java.util.ArrayList;
import java.util.List;

/**
 * An inclusive rectangle of mesh coordinates a program of a {@link MeshWorkload} runs on
 * ({@code MeshCoordinateRange} in {@code mesh_coord.hpp}).
 *
 * @param start the top-left coordinate
 * @param end the bottom-right coordinate, inclusive
 */
public record MeshCoordinateRange(MeshCoordinate start, MeshCoordinate end) {
    /**
     * Validates the range.
     *
     * @throws IllegalArgumentException if {@code end} lies left of or above {@code start}
     */
    public MeshCoordinateRange {
        if (end.row() < start.row() || end.col() < start.col()) {
            throw new IllegalArgumentException(
                    "mesh range end " + end + " must not be left of or above start " + start + "; swap the corners");
        }
    }

    /** {@return the range covering the whole mesh of {@code shape}} */
    public static MeshCoordinateRange of(MeshShape shape) {
        return new MeshCoordinateRange(
                new MeshCoordinate(0, 0), new MeshCoordinate(shape.rows() - 1, shape.cols() - 1));
    }

    /** {@return true if {@code c} lies in the range} */
    public boolean contains(MeshCoordinate c) {
        return c.row() >= start.row() && c.row() <= end.row() && c.col() >= start.col() && c.col() <= end.col();
    }

    /** {@return true if the two ranges share a coordinate} */
    public boolean intersects(MeshCoordinateRange o) {
        return start.row() <= o.end.row()
                && o.start.row() <= end.row()
                && start.col() <= o.end.col()
                && o.start.col() <= end.col();
    }

    /** {@return the coordinates of the range, row-major} */
    public List<MeshCoordinate> coordinates() {
        List<MeshCoordinate> out = new ArrayList<>();
        for (int r = start.row(); r <= end.row(); r++) {
            for (int c = start.col(); c <= end.col(); c++) {
                out.add(new MeshCoordinate(r, c));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "[" + start + " - " + end + "]";
    }
}
