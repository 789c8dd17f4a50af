package dev.custody.metal;

import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.buffer.ShardOrientation;
import dev.custody.metal.buffer.ShardSpecBuffer;
import dev.custody.metal.device.CoreCoord;
import dev.custody.metal.device.CoreRange;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each page of a buffer lives: a bank and an address within it.
 *
 * <p>Pages are numbered in the <em>root</em> buffer: page {@code j} of a view is root page
 * {@code rootOffset / pageSize + j}, so a view reads and writes its region of the root.
 *
 * <ul>
 *   <li>Interleaved: root page {@code p} is in bank {@code p % numBanks} at
 *       {@link Buffer#pageAddress(int, long) pageAddress(bank, p)}.
 *   <li>Sharded (the port's mapping, following upstream's {@code core_to_host_pages}): root page {@code p} is
 *       tensor page (row {@code p / W}, column {@code p % W}) of the {@code H × W}-page tensor. It belongs to shard
 *       (row / shardHeight, column / shardWidth); shards are numbered row-major over the shard grid and shard
 *       {@code k} goes to the {@code k}-th core of the shard grid, cores taken range by range, y outer and x inner
 *       for ROW_MAJOR, x outer and y inner for COL_MAJOR. Within a shard, pages are row-major: local index
 *       {@code (row % shardHeight) × shardWidth + column % shardWidth}, at
 *       {@code address + bankOffset(bank) + local × alignedPageSize}. The bank of core (x, y) is {@code y × gridX + x}
 *       for L1 (row-major over the compute grid; the port's allocator does not shuffle L1 bank ids) and {@code x}
 *       for DRAM (DRAM shard cores are (channel, 0)).
 * </ul>
 */
final class BufferPages {
    /**
     * One page's location.
     *
     * @param bank the bank id
     * @param address the address within the bank
     */
    record Location(int bank, long address) {}

    private BufferPages() {}

    /** {@return the location of each of {@code buffer}'s pages, in page order} */
    static List<Location> locate(Buffer buffer) {
        long pages = buffer.numPages();
        if (pages == 0) {
            return List.of();
        }
        long firstRootPage = buffer.rootBufferRegion().offset() / buffer.pageSize();
        List<Location> out = new ArrayList<>((int) pages);
        ShardSpecBuffer spec = buffer.shardSpec().orElse(null);
        if (spec == null || !buffer.bufferLayout().isSharded()) {
            int numBanks = buffer.allocator().getNumBanks(buffer.bufferType());
            for (long j = 0; j < pages; j++) {
                long p = firstRootPage + j;
                int bank = (int) (p % numBanks);
                out.add(new Location(bank, buffer.pageAddress(bank, p)));
            }
            return out;
        }
        long base = buffer.address();
        long alignedPage = buffer.alignedPageSize();
        List<Integer> shardBanks = shardBanks(buffer, spec);
        int width = spec.tensorWidthInPages();
        int shardH = spec.shardHeightInPages();
        int shardW = spec.shardWidthInPages();
        for (long j = 0; j < pages; j++) {
            long p = firstRootPage + j;
            long row = p / width;
            long col = p % width;
            long shard = (row / shardH) * spec.numShardCols() + col / shardW;
            if (row >= spec.tensorHeightInPages() || shard >= shardBanks.size()) {
                throw new IllegalArgumentException("page " + p + " of buffer " + buffer.uniqueId()
                        + " lies outside its shard spec's " + spec.tensorHeightInPages() + " × " + width
                        + " pages on " + shardBanks.size() + " cores");
            }
            int bank = shardBanks.get((int) shard);
            long local = (row % shardH) * shardW + col % shardW;
            out.add(new Location(
                    bank, base + buffer.allocator().bankOffset(buffer.bufferType(), bank) + local * alignedPage));
        }
        return out;
    }

    /** {@return the bank of each shard core, in shard order} */
    private static List<Integer> shardBanks(Buffer buffer, ShardSpecBuffer spec) {
        BufferType type = buffer.bufferType();
        Allocator allocator = buffer.allocator();
        int numBanks = allocator.getNumBanks(type);
        CoreCoord grid = buffer.device().spec().computeGridSize();
        boolean rowMajor = spec.tensorShardSpec().orientation() == ShardOrientation.ROW_MAJOR;
        List<Integer> banks = new ArrayList<>();
        for (CoreRange range : spec.tensorShardSpec().grid().ranges()) {
            int x0 = range.start().x();
            int y0 = range.start().y();
            int x1 = range.end().x();
            int y1 = range.end().y();
            int outerCount = rowMajor ? y1 - y0 + 1 : x1 - x0 + 1;
            int innerCount = rowMajor ? x1 - x0 + 1 : y1 - y0 + 1;
            for (int o = 0; o < outerCount; o++) {
                for (int i = 0; i < innerCount; i++) {
                    CoreCoord core = rowMajor ? new CoreCoord(x0 + i, y0 + o) : new CoreCoord(x0 + o, y0 + i);
                    int bank = type.isDram() ? (core.y() == 0 ? core.x() : -1) : core.y() * grid.x() + core.x();
                    if (bank < 0 || bank >= numBanks || (!type.isDram() && core.x() >= grid.x())) {
                        throw new IllegalArgumentException("shard core " + core.str() + " of buffer "
                                + buffer.uniqueId() + " has no " + type + " bank (" + numBanks + " banks"
                                + (type.isDram()
                                        ? ", DRAM cores are (channel, 0))"
                                        : ", compute grid " + grid.str() + ")"));
                    }
                    banks.add(bank);
                }
            }
        }
        return banks;
    }
}
