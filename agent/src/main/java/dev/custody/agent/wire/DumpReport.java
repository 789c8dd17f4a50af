package dev.custody.agent.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** The server's answer to a dump query: every remaining allocation with its owner and site. */
public record DumpReport(List<Entry> entries) {

    /** Copies the list. */
    public DumpReport {
        entries = List.copyOf(entries);
    }

    /**
     * One allocation. {@code objectId} is 0 and {@code site} empty for legacy entries, whose
     * {@code refCount} is the branch's reference count (1 for native entries).
     */
    public record Entry(
            long pid, int device, int bufferType, long objectId, long address, long size, int refCount, String site) {}

    /**
     * Groups the entries by device, then by buffer type, both in ascending order; entries keep their order within a
     * group. What the server's DUMP_REMAINING table and the monitor's {@code dump} both list.
     *
     * @return a new map; empty when there are no entries
     */
    public SortedMap<Integer, SortedMap<Integer, List<Entry>>> byDeviceAndType() {
        SortedMap<Integer, SortedMap<Integer, List<Entry>>> byDevice = new TreeMap<>();
        for (Entry e : entries) {
            byDevice.computeIfAbsent(e.device(), k -> new TreeMap<>())
                    .computeIfAbsent(e.bufferType(), k -> new ArrayList<>())
                    .add(e);
        }
        return byDevice;
    }

    /** The DUMP frame, with as many entries (from the first) as fit in one frame. */
    public ByteBuffer toFrame() {
        int fit = 0;
        long bytes = 5;
        for (Entry e : entries) {
            bytes += 43 + FrameWriter.utf8(e.site()).length;
            if (bytes > Protocol.MAX_FRAME) {
                break;
            }
            fit++;
        }
        FrameWriter w = new FrameWriter(Protocol.DUMP).i32(fit);
        for (Entry e : entries.subList(0, fit)) {
            w.i64(e.pid())
                    .i32(e.device())
                    .u8(e.bufferType())
                    .i64(e.objectId())
                    .i64(e.address())
                    .i64(e.size())
                    .i32(e.refCount())
                    .str(e.site());
        }
        return w.finish();
    }

    /** Reads a DUMP payload. */
    public static DumpReport read(WireInput in) throws ProtocolException {
        int n = in.i32();
        if (n < 0 || n > Protocol.MAX_FRAME) {
            throw new ProtocolException("DUMP entry count " + n + " is impossible for one frame");
        }
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long pid = in.i64();
            int dev = in.i32();
            int type = in.u8();
            long id = in.i64();
            long addr = in.i64();
            long size = in.i64();
            int ref = in.i32();
            entries.add(new Entry(pid, dev, type, id, addr, size, ref, in.str()));
        }
        return new DumpReport(entries);
    }
}
