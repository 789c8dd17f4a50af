package dev.custody.metal.allocator;

import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A deliberately naive model of address-ordered first fit, used to check {@link FreeListOpt} and
 * {@link BankManager}: free ranges in a sorted map, linear scans, no slot table.
 */
final class ReferenceFreeList {
    private final long base;
    private final long size;
    private final long alignment;
    /** Free ranges: start → length (absolute addresses). */
    private final NavigableMap<Long, Long> free = new TreeMap<>();
    /** Live allocations: start → length. */
    private final NavigableMap<Long, Long> live = new TreeMap<>();

    private long allocated;

    ReferenceFreeList(long base, long size, long alignment) {
        this.base = base;
        this.size = size;
        this.alignment = alignment;
        free.put(base, size);
    }

    OptionalLong allocate(long request, boolean bottomUp) {
        long alloc = (Math.max(request, alignment) + alignment - 1) / alignment * alignment;
        Map<Long, Long> scan = bottomUp ? free : free.descendingMap();
        for (Map.Entry<Long, Long> e : scan.entrySet()) {
            // Copy before removing: TreeMap may recycle the entry object of a removed node.
            long blockStart = e.getKey();
            long blockEnd = blockStart + e.getValue();
            if (blockEnd - blockStart >= alloc) {
                long start = bottomUp ? blockStart : blockEnd - alloc;
                free.remove(blockStart);
                if (start > blockStart) {
                    free.put(blockStart, start - blockStart);
                }
                long end = start + alloc;
                if (end < blockEnd) {
                    free.put(end, blockEnd - end);
                }
                live.put(start, alloc);
                allocated += alloc;
                return OptionalLong.of(start);
            }
        }
        return OptionalLong.empty();
    }

    void deallocate(long address) {
        Long length = live.remove(address);
        if (length == null) {
            return;
        }
        allocated -= length;
        long start = address;
        long end = address + length;
        Map.Entry<Long, Long> before = free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            free.remove(before.getKey());
            start = before.getKey();
        }
        Long after = free.get(end);
        if (after != null) {
            free.remove(end);
            end += after;
        }
        free.put(start, end - start);
    }

    Statistics statistics() {
        if (allocated == 0) {
            return new Statistics(size, 0, size, size);
        }
        long largest = 0;
        for (long length : free.values()) {
            largest = Math.max(largest, length);
        }
        return new Statistics(size, allocated, size - allocated, largest);
    }

    OptionalLong lowestOccupied() {
        return live.isEmpty() ? OptionalLong.empty() : OptionalLong.of(live.firstKey());
    }

    NavigableMap<Long, Long> live() {
        return live;
    }
}
