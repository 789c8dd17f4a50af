package dev.custody.agent.server;

import dev.custody.agent.wire.MemoryKind;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * A native client's live allocations grouped by (device, buffer type, call site): every live entry of a
 * {@link LiveTable} stores its group number instead of these three fields. Each group counts its live
 * entries, and the groups keep the client's bytes and buffers per (device, memory kind) up to date, so
 * usage is read from a few cells, not summed over the entries. Group numbers are positive. Not
 * thread-safe: the owning {@link NativeClient}'s monitor guards it.
 */
/*
 * Design. Groups live in parallel arrays indexed by group number (0 unused), found through an open-addressing
 * index of group numbers (power-of-two size, at most half full). A group whose count falls to 0 stays until
 * the arrays are full; then every empty group is reclaimed at once (its number goes on a free list and the
 * index is rebuilt), and the arrays double only if that freed less than a quarter. So a client that keeps
 * changing call sites holds at most about as many groups as it has live allocations plus a constant, and one
 * that allocates and frees at one site does not create and drop a group per event. While pinned (a resync is
 * staging entries whose groups count nothing yet) nothing is reclaimed.
 *
 * Usage cells: one row of MemoryKind cells per device the client has used (rows are never dropped), each
 * group pointing at its cell, so an ALLOC or FREE updates the group's count and one cell.
 */
final class Groups {
    private static final int INITIAL = 16;
    static final int KINDS = MemoryKind.values().length;

    private final IntConsumer deviceUsed;
    private int[] devices = new int[INITIAL];
    private byte[] types = new byte[INITIAL];
    private String[] sites = new String[INITIAL];
    private long[] counts = new long[INITIAL];
    private int[] cells = new int[INITIAL];
    private int top;
    private int[] free = new int[INITIAL];
    private int freeCount;
    private int[] index = new int[INITIAL * 2];
    private boolean pinned;
    private final Map<Integer, Integer> rowOfDevice = new HashMap<>();
    private int[] rowDevices = new int[4];
    private long[] cellBytes = new long[4 * KINDS];
    private long[] cellCounts = new long[4 * KINDS];

    /** @param deviceUsed told the device of every new group (the registry learns of devices this way) */
    Groups(IntConsumer deviceUsed) {
        this.deviceUsed = deviceUsed;
    }

    /**
     * The group of (device, type, site), created if new.
     *
     * @throws IllegalArgumentException if {@code type} is outside 0..127
     */
    int intern(int device, int type, String site) {
        Objects.requireNonNull(site, "site");
        if (type < 0 || type > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("buffer type " + type + " is outside 0..127");
        }
        int h = hash(device, type, site);
        int mask = index.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int g = index[i];
            if (g == 0) {
                return create(device, type, site, h);
            }
            if (devices[g] == device && types[g] == type && (sites[g] == site || sites[g].equals(site))) {
                return g;
            }
        }
    }

    private static int hash(int device, int type, String site) {
        int h = (site.hashCode() * 31 + type) * 31 + device;
        h *= 0x9E3779B9; // spread before masking: devices and types differ in low bits only
        return h ^ (h >>> 16);
    }

    private int create(int device, int type, String site, int h) {
        int g = newNumber();
        devices[g] = device;
        types[g] = (byte) type;
        sites[g] = site;
        counts[g] = 0;
        cells[g] = row(device) * KINDS + MemoryKind.ofBufferType(type).ordinal();
        place(g, h);
        deviceUsed.accept(device);
        return g;
    }

    private int row(int device) {
        Integer row = rowOfDevice.get(device);
        if (row != null) {
            return row;
        }
        int r = rowOfDevice.size();
        if (r == rowDevices.length) {
            rowDevices = Arrays.copyOf(rowDevices, r * 2);
            cellBytes = Arrays.copyOf(cellBytes, r * 2 * KINDS);
            cellCounts = Arrays.copyOf(cellCounts, r * 2 * KINDS);
        }
        rowDevices[r] = device;
        rowOfDevice.put(device, r);
        return r;
    }

    private int newNumber() {
        if (freeCount == 0 && top + 1 == devices.length) {
            if (!pinned) {
                reclaimEmpty();
            }
            if (freeCount < devices.length >>> 2) {
                int n = devices.length * 2;
                devices = Arrays.copyOf(devices, n);
                types = Arrays.copyOf(types, n);
                sites = Arrays.copyOf(sites, n);
                counts = Arrays.copyOf(counts, n);
                cells = Arrays.copyOf(cells, n);
                reindex();
            }
        }
        return freeCount > 0 ? free[--freeCount] : ++top;
    }

    private void reclaimEmpty() {
        for (int g = 1; g <= top; g++) {
            if (sites[g] != null && counts[g] == 0) {
                sites[g] = null; // a reclaimed number: not in the index, not reported
                if (freeCount == free.length) {
                    free = Arrays.copyOf(free, free.length * 2);
                }
                free[freeCount++] = g;
            }
        }
        reindex();
    }

    private void reindex() {
        index = new int[devices.length * 2]; // devices.length is a power of two
        for (int g = 1; g <= top; g++) {
            if (sites[g] != null) {
                place(g, hash(devices[g], types[g], sites[g]));
            }
        }
    }

    private void place(int g, int h) {
        int mask = index.length - 1;
        int i = h & mask;
        while (index[i] != 0) {
            i = (i + 1) & mask;
        }
        index[i] = g;
    }

    /** While pinned, groups whose count is 0 are kept: staged entries may refer to them. */
    void pin(boolean pinned) {
        this.pinned = pinned;
    }

    /** Counts one more live entry of {@code size} bytes in group {@code g} and its usage cell. */
    void add(int g, long size) {
        counts[g]++;
        int c = cells[g];
        cellCounts[c]++;
        cellBytes[c] += size;
    }

    /** Counts one live entry of {@code size} bytes less in group {@code g} and its usage cell. */
    void release(int g, long size) {
        counts[g]--;
        int c = cells[g];
        cellCounts[c]--;
        cellBytes[c] -= size;
    }

    /** Sets every count and byte total to 0 (before they are recounted from a replacement table). */
    void clearCounts() {
        Arrays.fill(counts, 0);
        Arrays.fill(cellCounts, 0);
        Arrays.fill(cellBytes, 0);
    }

    /**
     * The client's usage now: per device row, buffers and bytes per {@link MemoryKind} (cell {@code row ×
     * KINDS + kind.ordinal()}), with the totals; {@code findings} and {@code live} are carried along.
     */
    Usage usage(long findings, int live) {
        int rows = rowOfDevice.size();
        long total = 0;
        for (int c = 0; c < rows * KINDS; c++) {
            total += cellBytes[c];
        }
        return new Usage(
                findings,
                live,
                total,
                Arrays.copyOf(rowDevices, rows),
                Arrays.copyOf(cellBytes, rows * KINDS),
                Arrays.copyOf(cellCounts, rows * KINDS));
    }

    /**
     * An immutable view of one client's usage (see {@link #usage}); {@code live} counts its live entries,
     * {@code bytes} sums their sizes.
     */
    @SuppressWarnings("ArrayRecordComponent") // copies owned by this view, never handed out to be changed
    record Usage(long findings, int live, long bytes, int[] devices, long[] cellBytes, long[] cellCounts) {
        static final Usage EMPTY = new Usage(0, 0, 0, new int[0], new long[0], new long[0]);
    }

    /** The highest group number in use or reclaimed; groups are 1..{@code top()}. */
    int top() {
        return top;
    }

    int device(int g) {
        return devices[g];
    }

    int type(int g) {
        return types[g];
    }

    /** The call site, or null for a reclaimed number. */
    String site(int g) {
        return sites[g];
    }

    /** Live entries in group {@code g}. */
    long count(int g) {
        return counts[g];
    }

    /** Groups with a number, reclaimed ones excluded (for tests). */
    int size() {
        return top - freeCount;
    }
}
