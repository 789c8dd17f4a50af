package dev.custody.metal.program;

import dev.custody.metal.TtException;
import dev.custody.metal.device.CoreRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The static CB region of one core range of one program ({@code CircularBufferAllocator} in {@code program_impl.hpp}).
 */
final class CircularBufferAllocator {
    /*
     * A bump allocator without frees: l1Regions is a list of disjoint [start, end) ranges sorted ascending, and a new
     * CB may only extend the last region or start a new one above it. Regions are reset (not freed) whenever the
     * program's CB set changes, and every program starts again from l1_unreserved_base, so addresses of different
     * programs alias. Nothing here talks to the device allocator.
     */

    /**
     * One occupied address range {@code [start, end)}.
     *
     * @param start first byte
     * @param end one past the last byte
     */
    record Region(long start, long end) {}

    /** The core range this allocator places CBs on. */
    final CoreRange coreRange;
    /** Occupied regions, ascending and disjoint. */
    private final List<Region> l1Regions = new ArrayList<>();

    CircularBufferAllocator(CoreRange coreRange) {
        this.coreRange = coreRange;
    }

    /** {@return the end of the last region, or 0 if none} */
    long cbRegionEnd() {
        return l1Regions.isEmpty() ? 0 : l1Regions.get(l1Regions.size() - 1).end();
    }

    /** {@return the regions, ascending} */
    List<Region> l1Regions() {
        return Collections.unmodifiableList(l1Regions);
    }

    /** Forgets every region ({@code reset_available_addresses}). */
    void resetAvailableAddresses() {
        l1Regions.clear();
    }

    /**
     * Records a CB of {@code size} bytes at {@code address}: extends the last region if the CB starts at its end,
     * else opens a new region. The first call seeds an empty region {@code [base, base)}.
     *
     * @throws TtException "Local buffer address {} has to append to last L1 region [{}, {}) or be at a higher
     *     address" if {@code address} lies below the end of the last region
     */
    void markAddress(long address, long size, long base) {
        if (l1Regions.isEmpty()) {
            l1Regions.add(new Region(base, base));
        }
        Region last = l1Regions.get(l1Regions.size() - 1);
        if (address < last.end()) {
            throw new TtException("Local buffer address " + address + " has to append to last L1 region ["
                    + last.start() + ", " + last.end() + ") or be at a higher address");
        }
        if (address == last.end()) {
            l1Regions.set(l1Regions.size() - 1, new Region(last.start(), Math.addExact(last.end(), size)));
        } else {
            l1Regions.add(new Region(address, Math.addExact(address, size)));
        }
    }
}
