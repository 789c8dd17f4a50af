package dev.custody.metal.device;

import java.util.List;

/**
 * A set of non-overlapping core ranges ({@code CoreRangeSet} in {@code core_coord.hpp}).
 *
 * @param ranges the ranges, in the order given; never overlapping
 */
public record CoreRangeSet(List<CoreRange> ranges) {
    /**
     * Copies and validates the ranges.
     *
     * @throws IllegalArgumentException if two ranges overlap
     */
    public CoreRangeSet {
        ranges = List.copyOf(ranges);
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i).intersects(ranges.get(j))) {
                    throw new IllegalArgumentException(
                            "core ranges " + ranges.get(i).str() + " and "
                                    + ranges.get(j).str() + " overlap; a CoreRangeSet needs disjoint ranges");
                }
            }
        }
    }

    /** {@return a set of the given ranges} */
    public static CoreRangeSet of(CoreRange... ranges) {
        return new CoreRangeSet(List.of(ranges));
    }

    /** {@return the number of cores in all ranges} */
    public int numCores() {
        int n = 0;
        for (CoreRange r : ranges) {
            n += r.size();
        }
        return n;
    }

    /** {@return true if some range contains {@code core}} */
    public boolean contains(CoreCoord core) {
        for (CoreRange r : ranges) {
            if (r.contains(core)) {
                return true;
            }
        }
        return false;
    }

    /** {@return true if some range shares a core with {@code range}} */
    public boolean intersects(CoreRange range) {
        for (CoreRange r : ranges) {
            if (r.intersects(range)) {
                return true;
            }
        }
        return false;
    }

    /** {@return upstream's {@code str()}: {@code {[(x=0,y=0) - (x=7,y=7)]}}, ranges joined by ", "} */
    public String str() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < ranges.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(ranges.get(i).str());
        }
        return sb.append('}').toString();
    }

    @Override
    public String toString() {
        return str();
    }
}
