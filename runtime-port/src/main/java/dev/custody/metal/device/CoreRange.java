package dev.custody.metal.device;

/**
 * An inclusive rectangle of cores ({@code CoreRange} in {@code core_coord.hpp}).
 *
 * @param start the top-left core
 * @param end the bottom-right core, inclusive
 */
public record CoreRange(CoreCoord start, CoreCoord end) {
    /**
     * Validates the range.
     *
     * @throws IllegalArgumentException if {@code end} lies left of or above {@code start}
     */
    public CoreRange {
        if (end.x() < start.x() || end.y() < start.y()) {
            throw new IllegalArgumentException("core range end " + end.str() + " must not be left of or above start "
                    + start.str() + "; swap the corners");
        }
    }

    /** {@return the single-core range {@code [core - core]}} */
    public static CoreRange of(CoreCoord core) {
        return new CoreRange(core, core);
    }

    /** {@return the range {@code [(x0,y0) - (x1,y1)]}} */
    public static CoreRange of(int x0, int y0, int x1, int y1) {
        return new CoreRange(new CoreCoord(x0, y0), new CoreCoord(x1, y1));
    }

    /** {@return upstream's {@code str()}: {@code [(x=0,y=0) - (x=7,y=7)]}} */
    public String str() {
        return "[" + start.str() + " - " + end.str() + "]";
    }

    /** {@return the number of cores in the range} */
    public int size() {
        return (end.x() - start.x() + 1) * (end.y() - start.y() + 1);
    }

    /** {@return true if {@code core} lies inside this range} */
    public boolean contains(CoreCoord core) {
        return core.x() >= start.x() && core.x() <= end.x() && core.y() >= start.y() && core.y() <= end.y();
    }

    /** {@return true if every core of {@code other} lies inside this range} */
    public boolean contains(CoreRange other) {
        return contains(other.start) && contains(other.end);
    }

    /** {@return true if the two ranges share at least one core} */
    public boolean intersects(CoreRange other) {
        return start.x() <= other.end.x()
                && other.start.x() <= end.x()
                && start.y() <= other.end.y()
                && other.start.y() <= end.y();
    }

    @Override
    public String toString() {
        return str();
    }
}
