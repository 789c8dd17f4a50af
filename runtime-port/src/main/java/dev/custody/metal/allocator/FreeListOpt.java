package dev.custody.metal.allocator;

import dev.custody.metal.TtException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Address-ordered first-fit free list of one bank region ({@code FreeListOpt} with {@code SearchPolicy::FIRST},
 * {@code algorithms/free_list_opt.cpp}).
 *
 * <p>Not thread-safe: the owning {@link Allocator} serialises every call.
 */
final class FreeListOpt {
    /*
     * Design.
     *
     * Upstream keeps a structure-of-arrays block table (address relative to the region offset, size, prev, next,
     * allocated), reuses freed table slots LIFO, and scans free blocks segregated by size class. Its FIRST policy
     * returns the free block with the lowest start address (bottom-up) or the highest (top-down) among all free
     * blocks big enough: size classes below the request's class can never fit, so the class scan is only a speed-up.
     *
     * The port keeps the block table and the slot reuse exactly, because dump_blocks prints slot ids and a dump
     * must read like upstream's. It replaces the class lists with one treap over the free blocks, keyed by address
     * and augmented with the largest free size in each subtree. "Lowest fitting address" is then a single descent
     * (go left while the left subtree holds a big-enough block), and the highest fitting address the mirror
     * descent, both O(log n) in live blocks. Allocated blocks are found by address in a hash map. Coalescing uses
     * the prev/next links of the table, which are O(1). Totals for statistics are kept as running sums, so
     * statistics() is O(1) where upstream scans.
     *
     * The size classes survive only in dumpBlocks, which rebuilds upstream's per-class lists (ascending address)
     * by an in-order walk of the treap: floor(log2(size / 1024)) clamped to [0, count - 1], count =
     * clamp(bitlen(maxSize / 1024), 2, bitlen(128 MiB / 1024)).
     *
     * Invariants: blocks tile [shrinkSize, shrinkSize + maxSize) through prev/next; no two free blocks are
     * adjacent (after every deallocate); every free block is in the treap, no allocated block is; the hash map
     * holds exactly the allocated blocks; allocatedBytes + freeBytes == maxSize.
     *
     * Two deliberate differences from upstream: the address-limit check runs before the block is carved, so the
     * "Cannot allocate at an address below" failure leaves the list unchanged (upstream leaves the block
     * allocated); and clear() also forgets the lowest occupied address (upstream keeps a stale value).
     */

    private static final long SIZE_CLASS_BASE = 1024;
    private static final int MAX_SIZE_CLASSES = bitLength(128L * 1024 * 1024 / SIZE_CLASS_BASE);
    private static final int NONE = -1;
    private static final int INITIAL_SLOTS = 64;

    /** Absolute address of relative address 0. */
    private final long offset;
    /** Smallest block handed out. */
    private final long minAllocationSize;
    /** Every allocation size is rounded up to this. */
    private final long alignment;
    /** Number of upstream size classes (dump only). */
    private final int sizeClassCount;

    /** Size of the managed region, reduced by shrinkSize(). */
    private long maxSize;
    /** Bytes currently cut from the bottom by shrinkSize(). */
    private long shrunk;

    // Block table, indexed by slot id.
    private long[] blockAddress = new long[INITIAL_SLOTS];
    private long[] blockSize = new long[INITIAL_SLOTS];
    private int[] blockPrev = new int[INITIAL_SLOTS];
    private int[] blockNext = new int[INITIAL_SLOTS];
    private boolean[] blockAllocated = new boolean[INITIAL_SLOTS];
    /** Upstream's meta_block_is_allocated: the slot holds a live block. */
    private boolean[] slotLive = new boolean[INITIAL_SLOTS];
    /** Slots ever used; the table's length in upstream. */
    private int slotCount;
    /** Unused slots, reused from the end (upstream's free_meta_block_indices_). */
    private int[] freeSlots = new int[INITIAL_SLOTS];

    private int freeSlotCount;

    // Treap over free blocks, same slot ids.
    private int[] treeLeft = new int[INITIAL_SLOTS];
    private int[] treeRight = new int[INITIAL_SLOTS];
    private int[] treePriority = new int[INITIAL_SLOTS];
    /** Largest free block size in the subtree rooted at the slot. */
    private long[] treeMaxSize = new long[INITIAL_SLOTS];

    private int root = NONE;
    /** State of the xorshift generator of treap priorities; fixed seed keeps runs reproducible. */
    private int priorityState = 0x2545F491;

    // Scratch results of split(), valid right after a call.
    private int splitLeft;
    private int splitRight;

    /** Allocated blocks by relative start address. */
    private final Map<Long, Integer> allocatedByAddress = new HashMap<>();

    private long allocatedBytes;
    private long freeBytes;
    /** Relative address of the lowest allocated block, or NONE. */
    private long lowestOccupied = NONE;

    /**
     * Creates a free list with one free block spanning the region.
     *
     * @param maxSize size of the region in bytes
     * @param offset absolute address of the region's first byte; a multiple of {@code alignment}
     * @param minAllocationSize smallest block handed out
     * @param alignment every size is rounded up to a multiple of this; a positive power of two
     * @throws IllegalArgumentException if a size is negative, the alignment is not a power of two or the offset is
     *     not aligned
     */
    FreeListOpt(long maxSize, long offset, long minAllocationSize, long alignment) {
        Checks.nonNegative("maxSize", maxSize);
        Checks.nonNegative("offset", offset);
        Checks.nonNegative("minAllocationSize", minAllocationSize);
        Checks.powerOfTwo("alignment", alignment);
        if (offset % alignment != 0) {
            throw new IllegalArgumentException(
                    "offset (" + offset + ") must be a multiple of alignment (" + alignment + ")");
        }
        this.maxSize = maxSize;
        this.offset = offset;
        this.minAllocationSize = minAllocationSize;
        this.alignment = alignment;
        this.sizeClassCount = Math.max(2, Math.min(bitLength(maxSize / SIZE_CLASS_BASE), MAX_SIZE_CLASSES));
        init();
    }

    /**
     * Allocates the lowest (bottom-up) or highest (top-down) fitting range.
     *
     * <p>The size is rounded up to {@code max(size, minAllocationSize)} aligned. Bottom-up takes the low end of the
     * free block with the lowest address that fits; top-down the high end of the one with the highest address.
     *
     * @param size bytes requested, {@code >= 0}
     * @param bottomUp which end to allocate from
     * @param addressLimit absolute address below which this allocation may not start (0 for none)
     * @return the absolute start address, or empty if no free block is big enough
     * @throws IllegalArgumentException if {@code size} is negative
     * @throws OutOfDeviceMemoryException "Out of Memory: Cannot allocate at an address below {limit}. Allocation at
     *     {address}" if the chosen range starts below {@code addressLimit}; nothing is changed then
     */
    OptionalLong allocate(long size, boolean bottomUp, long addressLimit) {
        Checks.nonNegative("size", size);
        if (size > maxSize) {
            return OptionalLong.empty();
        }
        long allocSize = align(Math.max(size, minAllocationSize));
        if (allocSize > maxSize) {
            return OptionalLong.empty();
        }
        int block = bottomUp ? lowestFit(allocSize) : highestFit(allocSize);
        if (block == NONE) {
            return OptionalLong.empty();
        }
        long start = bottomUp ? blockAddress[block] : blockAddress[block] + blockSize[block] - allocSize;
        if (start + offset < addressLimit) {
            throw new OutOfDeviceMemoryException("Out of Memory: Cannot allocate at an address below " + addressLimit
                    + ". Allocation at " + (start + offset));
        }
        root = treeRemove(root, blockAddress[block]);
        allocateInBlock(block, allocSize, start - blockAddress[block]);
        updateLowestOccupied(start);
        return OptionalLong.of(start + offset);
    }

    /**
     * Allocates exactly {@code [absoluteAddress, absoluteAddress + aligned size)} if it lies in one free block.
     *
     * @param absoluteAddress the start address
     * @param size bytes requested, {@code >= 0}
     * @return {@code absoluteAddress}, or empty if the range is not entirely free
     * @throws IllegalArgumentException if {@code size} is negative
     */
    OptionalLong allocateAtAddress(long absoluteAddress, long size) {
        Checks.nonNegative("size", size);
        long start = absoluteAddress - offset;
        if (absoluteAddress < offset || size > maxSize) {
            return OptionalLong.empty();
        }
        long allocSize = align(Math.max(size, minAllocationSize));
        int block = treeFloor(start);
        if (block == NONE || start - blockAddress[block] > blockSize[block] - allocSize) {
            return OptionalLong.empty();
        }
        root = treeRemove(root, blockAddress[block]);
        allocateInBlock(block, allocSize, start - blockAddress[block]);
        updateLowestOccupied(start);
        return OptionalLong.of(absoluteAddress);
    }

    /**
     * Frees the block starting at {@code absoluteAddress} and merges it with free neighbours.
     *
     * <p>An address that is not the start of an allocated block is silently ignored, as upstream does (so a double
     * free is silent).
     *
     * @param absoluteAddress an address returned by {@link #allocate} or {@link #allocateAtAddress}
     */
    void deallocate(long absoluteAddress) {
        long address = absoluteAddress - offset;
        Integer found = allocatedByAddress.remove(address);
        if (found == null) {
            return;
        }
        int block = found;
        blockAllocated[block] = false;
        allocatedBytes -= blockSize[block];
        freeBytes += blockSize[block];
        int prev = blockPrev[block];
        int next = blockNext[block];

        if (prev != NONE && !blockAllocated[prev]) {
            root = treeRemove(root, blockAddress[prev]);
            blockSize[prev] += blockSize[block];
            blockNext[prev] = next;
            if (next != NONE) {
                blockPrev[next] = prev;
            }
            freeSlot(block);
            block = prev;
        }
        if (next != NONE && !blockAllocated[next]) {
            root = treeRemove(root, blockAddress[next]);
            blockSize[block] += blockSize[next];
            int afterNext = blockNext[next];
            blockNext[block] = afterNext;
            if (afterNext != NONE) {
                blockPrev[afterNext] = block;
            }
            freeSlot(next);
        }
        if (address <= lowestOccupied) {
            // The merged block's neighbours are allocated (or absent), so this walk takes at most one step.
            lowestOccupied = NONE;
            for (int b = blockNext[block]; b != NONE; b = blockNext[b]) {
                if (blockAllocated[b]) {
                    lowestOccupied = blockAddress[b];
                    break;
                }
            }
        }
        root = treeInsert(root, block);
    }

    /** Forgets every block: one free block spans the region again, and any shrink is undone. */
    void clear() {
        init();
    }

    /** {@return the absolute address of the lowest allocated block, empty if none} */
    OptionalLong lowestOccupiedAddress() {
        return lowestOccupied == NONE ? OptionalLong.empty() : OptionalLong.of(lowestOccupied + offset);
    }

    /**
     * Usage of the region. As upstream, when nothing is allocated free and largest free block both report the
     * whole region.
     *
     * @return the statistics
     */
    Statistics statistics() {
        if (allocatedBytes == 0) {
            return new Statistics(maxSize, 0, maxSize, maxSize);
        }
        long largest = root == NONE ? 0 : treeMaxSize[root];
        return new Statistics(maxSize, allocatedBytes, freeBytes, largest);
    }

    /** {@return the size of the managed region} */
    long maxSize() {
        return maxSize;
    }

    /**
     * Prints the free list in upstream's {@code dump_blocks} layout: the per-size-class free lists, the free table
     * slots and the block table (addresses relative to the region offset).
     *
     * @param out where to print; lines end with {@code \n}
     */
    void dumpBlocks(PrintWriter out) {
        StringBuilder[] classes = new StringBuilder[sizeClassCount];
        for (int i = 0; i < sizeClassCount; i++) {
            classes[i] = new StringBuilder();
        }
        appendInOrder(root, classes);

        StringBuilder sb = new StringBuilder();
        sb.append("FreeListOpt allocator info:\n");
        sb.append("segregated free blocks by size:\n");
        for (int i = 0; i < sizeClassCount; i++) {
            sb.append("  Size class ")
                    .append(i)
                    .append(": (")
                    .append(SIZE_CLASS_BASE << i)
                    .append(" - ");
            if (i != sizeClassCount - 1) {
                sb.append(SIZE_CLASS_BASE << (i + 1)).append(')');
            } else {
                sb.append("inf)");
            }
            sb.append(" blocks: ").append(classes[i]).append('\n');
        }
        sb.append("Free slots in block table: ");
        for (int i = 0; i < freeSlotCount; i++) {
            sb.append(freeSlots[i]).append(' ');
        }
        sb.append('\n');
        sb.append("Block table:\n");
        for (String header : new String[] {"Block", "Address", "Size", "PrevID", "NextID", "Allocated"}) {
            sb.append(leftPad(header)).append(' ');
        }
        sb.append('\n');
        for (int i = 0; i < slotCount; i++) {
            if (!slotLive[i]) {
                continue;
            }
            sb.append(leftPad(Integer.toString(i)))
                    .append(' ')
                    .append(leftPad(Long.toString(blockAddress[i])))
                    .append(' ')
                    .append(leftPad(Long.toString(blockSize[i])))
                    .append(' ')
                    .append(leftPad(idOrNone(blockPrev[i])))
                    .append(' ')
                    .append(leftPad(idOrNone(blockNext[i])))
                    .append(' ')
                    .append(leftPad(blockAllocated[i] ? "yes" : "no"))
                    .append('\n');
        }
        out.print(sb);
        out.flush();
    }

    /**
     * Removes {@code shrinkSize} bytes from the bottom of the region (used to carve sub-device L1).
     *
     * @param shrinkSize bytes to remove; 0 does nothing
     * @param bottomUp must be true
     * @throws TtException "Shrinking from the top is currently not supported" if {@code bottomUp} is false;
     *     "Shrink size {n} must be smaller than max size {max}"; "Shrink size {end} cuts into allocated block at
     *     address {a}" if an allocated block lies below the new bottom
     */
    void shrinkSize(long shrinkSize, boolean bottomUp) {
        Checks.nonNegative("shrinkSize", shrinkSize);
        if (shrinkSize == 0) {
            return;
        }
        if (!bottomUp) {
            throw new TtException("Shrinking from the top is currently not supported");
        }
        if (shrinkSize > maxSize) {
            throw new TtException("Shrink size " + shrinkSize + " must be smaller than max size " + maxSize);
        }
        long newBottom = shrunk + shrinkSize;
        int block = treeFloor(shrunk);
        if (block == NONE || blockAddress[block] != shrunk || blockAddress[block] + blockSize[block] < newBottom) {
            long cut = block != NONE && blockAddress[block] == shrunk ? blockAddress[blockNext[block]] : shrunk;
            throw new TtException("Shrink size " + newBottom + " cuts into allocated block at address " + cut);
        }
        root = treeRemove(root, blockAddress[block]);
        blockSize[block] -= shrinkSize;
        freeBytes -= shrinkSize;
        maxSize -= shrinkSize;
        shrunk = newBottom;
        if (blockSize[block] == 0) {
            int next = blockNext[block];
            if (next != NONE) {
                blockPrev[next] = NONE;
            }
            freeSlot(block);
        } else {
            blockAddress[block] += shrinkSize;
            root = treeInsert(root, block);
        }
    }

    /** Gives back everything removed by {@link #shrinkSize}. */
    void resetSize() {
        if (shrunk == 0) {
            return;
        }
        int bottom = treeFloor(shrunk);
        if (bottom != NONE && blockAddress[bottom] == shrunk) {
            root = treeRemove(root, shrunk);
            blockSize[bottom] += shrunk;
            blockAddress[bottom] = 0;
            root = treeInsert(root, bottom);
        } else {
            int allocatedBottom = allocatedByAddress.get(shrunk);
            int fresh = allocateSlot(0, shrunk, NONE, allocatedBottom, false);
            blockPrev[allocatedBottom] = fresh;
            root = treeInsert(root, fresh);
        }
        freeBytes += shrunk;
        maxSize += shrunk;
        shrunk = 0;
    }

    private void init() {
        maxSize += shrunk;
        shrunk = 0;
        slotCount = 0;
        freeSlotCount = 0;
        root = NONE;
        allocatedByAddress.clear();
        allocatedBytes = 0;
        freeBytes = maxSize;
        lowestOccupied = NONE;
        int whole = allocateSlot(0, maxSize, NONE, NONE, false);
        root = treeInsert(root, whole);
    }

    /** Allocates {@code allocSize} bytes at {@code offsetInBlock} inside a free block already removed from the treap; leftovers become new free blocks (low part first, as upstream numbers them). */
    private void allocateInBlock(int block, long allocSize, long offsetInBlock) {
        long remainingRight = blockSize[block] - offsetInBlock - allocSize;
        if (offsetInBlock != 0) {
            int left = allocateSlot(blockAddress[block], offsetInBlock, blockPrev[block], block, false);
            if (blockPrev[block] != NONE) {
                blockNext[blockPrev[block]] = left;
            }
            blockPrev[block] = left;
            blockAddress[block] += offsetInBlock;
            blockSize[block] -= offsetInBlock;
            root = treeInsert(root, left);
        }
        if (remainingRight != 0) {
            int right = allocateSlot(blockAddress[block] + allocSize, remainingRight, block, blockNext[block], false);
            if (blockNext[block] != NONE) {
                blockPrev[blockNext[block]] = right;
            }
            blockNext[block] = right;
            blockSize[block] = allocSize;
            root = treeInsert(root, right);
        }
        blockAllocated[block] = true;
        allocatedByAddress.put(blockAddress[block], block);
        allocatedBytes += allocSize;
        freeBytes -= allocSize;
    }

    private void updateLowestOccupied(long address) {
        if (lowestOccupied == NONE || address < lowestOccupied) {
            lowestOccupied = address;
        }
    }

    private long align(long size) {
        return Math.addExact(size, alignment - 1) & -alignment;
    }

    // ---- block table slots ----

    private int allocateSlot(long address, long size, int prev, int next, boolean allocated) {
        int slot;
        if (freeSlotCount > 0) {
            slot = freeSlots[--freeSlotCount];
        } else {
            if (slotCount == blockAddress.length) {
                grow();
            }
            slot = slotCount++;
        }
        blockAddress[slot] = address;
        blockSize[slot] = size;
        blockPrev[slot] = prev;
        blockNext[slot] = next;
        blockAllocated[slot] = allocated;
        slotLive[slot] = true;
        return slot;
    }

    private void freeSlot(int slot) {
        slotLive[slot] = false;
        freeSlots[freeSlotCount++] = slot;
    }

    private void grow() {
        int n = blockAddress.length * 2;
        blockAddress = Arrays.copyOf(blockAddress, n);
        blockSize = Arrays.copyOf(blockSize, n);
        blockPrev = Arrays.copyOf(blockPrev, n);
        blockNext = Arrays.copyOf(blockNext, n);
        blockAllocated = Arrays.copyOf(blockAllocated, n);
        slotLive = Arrays.copyOf(slotLive, n);
        freeSlots = Arrays.copyOf(freeSlots, n);
        treeLeft = Arrays.copyOf(treeLeft, n);
        treeRight = Arrays.copyOf(treeRight, n);
        treePriority = Arrays.copyOf(treePriority, n);
        treeMaxSize = Arrays.copyOf(treeMaxSize, n);
    }

    // ---- treap of free blocks keyed by blockAddress, augmented with treeMaxSize ----

    /** {@return the free block with the lowest address and size >= size, or NONE} */
    private int lowestFit(long size) {
        int t = root;
        if (t == NONE || treeMaxSize[t] < size) {
            return NONE;
        }
        while (true) {
            int l = treeLeft[t];
            if (l != NONE && treeMaxSize[l] >= size) {
                t = l;
            } else if (blockSize[t] >= size) {
                return t;
            } else {
                t = treeRight[t];
            }
        }
    }

    /** {@return the free block with the highest address and size >= size, or NONE} */
    private int highestFit(long size) {
        int t = root;
        if (t == NONE || treeMaxSize[t] < size) {
            return NONE;
        }
        while (true) {
            int r = treeRight[t];
            if (r != NONE && treeMaxSize[r] >= size) {
                t = r;
            } else if (blockSize[t] >= size) {
                return t;
            } else {
                t = treeLeft[t];
            }
        }
    }

    /** {@return the free block with the greatest address <= address, or NONE} */
    private int treeFloor(long address) {
        int best = NONE;
        int t = root;
        while (t != NONE) {
            if (blockAddress[t] <= address) {
                best = t;
                t = treeRight[t];
            } else {
                t = treeLeft[t];
            }
        }
        return best;
    }

    private int treeInsert(int t, int node) {
        treeLeft[node] = NONE;
        treeRight[node] = NONE;
        treePriority[node] = nextPriority();
        treeMaxSize[node] = blockSize[node];
        return insertAt(t, node);
    }

    private int insertAt(int t, int node) {
        if (t == NONE) {
            return node;
        }
        if (treePriority[node] > treePriority[t]) {
            split(t, blockAddress[node]);
            treeLeft[node] = splitLeft;
            treeRight[node] = splitRight;
            pull(node);
            return node;
        }
        if (blockAddress[node] < blockAddress[t]) {
            treeLeft[t] = insertAt(treeLeft[t], node);
        } else {
            treeRight[t] = insertAt(treeRight[t], node);
        }
        pull(t);
        return t;
    }

    /** Splits {@code t} into keys {@code < key} (splitLeft) and {@code >= key} (splitRight). */
    private void split(int t, long key) {
        if (t == NONE) {
            splitLeft = NONE;
            splitRight = NONE;
            return;
        }
        if (blockAddress[t] < key) {
            split(treeRight[t], key);
            treeRight[t] = splitLeft;
            pull(t);
            splitLeft = t;
        } else {
            split(treeLeft[t], key);
            treeLeft[t] = splitRight;
            pull(t);
            splitRight = t;
        }
    }

    private int treeRemove(int t, long address) {
        if (t == NONE) {
            throw new IllegalStateException("free block at " + address + " missing from the free tree");
        }
        if (blockAddress[t] == address) {
            return merge(treeLeft[t], treeRight[t]);
        }
        if (address < blockAddress[t]) {
            treeLeft[t] = treeRemove(treeLeft[t], address);
        } else {
            treeRight[t] = treeRemove(treeRight[t], address);
        }
        pull(t);
        return t;
    }

    private int merge(int a, int b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        if (treePriority[a] > treePriority[b]) {
            treeRight[a] = merge(treeRight[a], b);
            pull(a);
            return a;
        }
        treeLeft[b] = merge(a, treeLeft[b]);
        pull(b);
        return b;
    }

    private void pull(int t) {
        long max = blockSize[t];
        int l = treeLeft[t];
        int r = treeRight[t];
        if (l != NONE && treeMaxSize[l] > max) {
            max = treeMaxSize[l];
        }
        if (r != NONE && treeMaxSize[r] > max) {
            max = treeMaxSize[r];
        }
        treeMaxSize[t] = max;
    }

    private int nextPriority() {
        int x = priorityState;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        priorityState = x;
        return x;
    }

    private void appendInOrder(int t, StringBuilder[] classes) {
        if (t == NONE) {
            return;
        }
        appendInOrder(treeLeft[t], classes);
        classes[sizeClass(blockSize[t])].append(t).append(' ');
        appendInOrder(treeRight[t], classes);
    }

    private int sizeClass(long size) {
        int lg = 0;
        for (long n = size / SIZE_CLASS_BASE; (n >>= 1) != 0; ) {
            lg++;
        }
        return Math.min(sizeClassCount - 1, lg);
    }

    private static int bitLength(long n) {
        return 64 - Long.numberOfLeadingZeros(n);
    }

    private static String idOrNone(int id) {
        return id == NONE ? "none" : Integer.toString(id);
    }

    private static String leftPad(String s) {
        return s.length() >= 12 ? s : " ".repeat(12 - s.length()) + s;
    }
}
