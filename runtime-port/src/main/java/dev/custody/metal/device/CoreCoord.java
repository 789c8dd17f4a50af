package dev.custody.metal.device;

/**
 * A logical core coordinate ({@code CoreCoord} in {@code core_coord.hpp}).
 *
 * @param x column, {@code >= 0}
 * @param y row, {@code >= 0}
 */
public record CoreCoord(int x, int y) implements Comparable<CoreCoord> {
    /**
     * Validates the coordinate.
     *
     * @throws IllegalArgumentException if x or y is negative
     */
    public CoreCoord {
        if (x < 0 || y < 0) {
            throw new IllegalArgumentException("core coordinate (x=" + x + ",y=" + y + ") must have x >= 0 and y >= 0");
        }
    }

    /** {@return upstream's {@code str()}: {@code (x=3,y=4)}} */
    public String str() {
        return "(x=" + x + ",y=" + y + ")";
    }

    /** Orders by y, then x (upstream {@code operator<} on CoreCoord). */
    @Override
    public int compareTo(CoreCoord other) {
        int byY = Integer.compare(y, other.y);
        return byY != 0 ? byY : Integer.compare(x, other.x);
    }

    @Override
    public String toString() {
        return str();
    }
}
