package dev.custody.agent.server;

import dev.custody.agent.wire.DumpReport;
import dev.custody.agent.wire.Hello;
import dev.custody.agent.wire.Protocol;
import dev.custody.agent.wire.ProtocolException;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One native client connection's state: its live allocations, a resync's staged set, the objects it freed
 * last and its finding count.
 *
 * <p>Guarded by its own monitor, not the registry's: every method but {@link #pid()} and {@link #usage()}
 * requires the caller to hold it. The connection's session holds it while it applies one EVENTS frame, then
 * {@link #publish() publishes} the client's usage; status, statistics and metrics read that published view
 * and never wait for a session, so neither clients nor the monitors polling them wait for one another. Only
 * a dump (which lists entries) and a disconnect take the monitor.
 */
/*
 * Design. Objects are named by identity, so every FREE is unambiguous: no reference count, and a FREE of an
 * unknown object (a harmless replay after a resync) is ignored; only the agent's own findings produce a ⚠
 * line. A live allocation is one slot of a LiveTable (id, address, size, group number) and nothing else;
 * the group stands for (device, type, call site), and Groups keeps the bytes and buffers per device and kind
 * up to date, so publishing the usage copies a few cells rather than summing the entries. Publishing once
 * per frame, not per record, costs an allocation of a few dozen bytes per frame of up to thousands of
 * records.
 */
final class NativeClient {
    /** Objects remembered after their free, so a later double-free finding can name its address. */
    static final int RECENTLY_FREED = 4096;

    final long id;
    final Hello hello;
    private final Console console;
    private final Groups groups;
    private final FreedRing recentlyFreed = new FreedRing(RECENTLY_FREED);
    private LiveTable live = new LiveTable();
    private LiveTable staging;
    private long findings;
    private boolean gone;
    /** Whether anything {@link #usage()} shows changed since the last {@link #publish()}. */
    private boolean changed;

    private volatile Groups.Usage usage = Groups.Usage.EMPTY;

    /**
     * @param deviceUsed told every device this client allocates on, the first time it does (under this
     *     client's monitor, so it must not take the registry's)
     */
    NativeClient(long id, Hello hello, Console console, IntConsumer deviceUsed) {
        this.id = id;
        this.hello = hello;
        this.console = console;
        this.groups = new Groups(deviceUsed);
    }

    long pid() {
        return hello.pid();
    }

    /**
     * Applies an ALLOC record: a new live entry, or (after a resync) a replay that replaces its values.
     *
     * @throws ProtocolException if the type is outside 0..6, the device negative or the size negative
     */
    void allocated(long objectId, int device, int type, long address, long size, String site) throws ProtocolException {
        assert Thread.holdsLock(this);
        if (type < 0 || type > Protocol.TYPE_KERNEL) {
            throw new ProtocolException("ALLOC of object " + objectId + " has buffer type " + type
                    + "; valid are 0..4 (BufferType), 5 (CB), 6 (kernel binary)");
        }
        if (device < 0) {
            throw new ProtocolException(
                    "ALLOC of object " + objectId + " names device " + device + "; device ids are >= 0");
        }
        if (size < 0) {
            throw new ProtocolException("ALLOC of object " + objectId + " has negative size " + size);
        }
        if (gone) {
            return;
        }
        int group = groups.intern(device, type, site);
        if (staging != null) {
            staging.put(objectId, address, size, group);
            return;
        }
        int slot = live.slotFor(objectId);
        if (slot >= 0) {
            // a replay of what the last resync already said; a changed one replaces it
            int oldGroup = live.group(slot);
            long oldSize = live.bytes(slot);
            if (oldGroup != group || oldSize != size || live.address(slot) != address) {
                groups.release(oldGroup, oldSize);
                groups.add(group, size);
                live.set(slot, address, size, group);
                changed = true;
            }
            return;
        }
        live.insertAt(~slot, objectId, address, size, group);
        groups.add(group, size);
        changed = true;
        if (console.showsEvents()) {
            console.event(Lines.allocated(pid(), size, type, device, address));
        }
    }

    /** Applies a FREE record; an unknown object (a replay after a resync) changes nothing. */
    void freed(long objectId) {
        assert Thread.holdsLock(this);
        if (gone) {
            return;
        }
        if (staging != null) {
            staging.remove(objectId);
            return;
        }
        int slot = live.find(objectId);
        if (slot < 0) {
            return; // real ownership errors arrive as findings
        }
        long address = live.address(slot);
        long size = live.bytes(slot);
        int group = live.group(slot);
        live.removeAt(slot);
        groups.release(group, size);
        changed = true;
        int device = groups.device(group);
        recentlyFreed.add(objectId, address, device);
        if (console.showsEvents()) {
            console.event(Lines.freedFinal(pid(), address, device, size));
        }
    }

    /**
     * Counts and prints a finding: a double free or free of unknown memory of an object the server knows
     * (live or freed lately) names its address in the branch's unknown-buffer line, anything else prints
     * kind and line.
     */
    void finding(long objectId, String kind, String line) {
        assert Thread.holdsLock(this);
        findings++;
        changed = true;
        boolean aboutAFree = kind.equals("double-free") || kind.equals("free-of-unknown-memory");
        if (aboutAFree) {
            int slot = live.find(objectId);
            if (slot >= 0) {
                console.line(Lines.unknownFree(pid(), live.address(slot), groups.device(live.group(slot)), line));
                return;
            }
            FreedRing.Freed f = recentlyFreed.get(objectId);
            if (f != null) {
                console.line(Lines.unknownFree(pid(), f.address(), f.device(), line));
                return;
            }
        }
        console.line(Lines.finding(pid(), kind, line));
    }

    /** Starts collecting a resync's snapshot; the live set is unchanged until {@link #resyncEnd()}. */
    void resyncBegin() {
        assert Thread.holdsLock(this);
        staging = new LiveTable();
        groups.pin(true);
    }

    /**
     * Replaces the live set by the snapshot and prints the resync line when it is not empty.
     *
     * @throws ProtocolException without a preceding {@link #resyncBegin()}
     */
    void resyncEnd() throws ProtocolException {
        assert Thread.holdsLock(this);
        if (staging == null) {
            throw new ProtocolException("RESYNC_END without RESYNC_BEGIN");
        }
        live = staging;
        staging = null;
        groups.clearCounts();
        long bytes = 0;
        for (int s = live.next(-1); s >= 0; s = live.next(s)) {
            groups.add(live.group(s), live.bytes(s));
            bytes += live.bytes(s);
        }
        groups.pin(false);
        changed = true;
        if (!live.isEmpty()) {
            console.event(Lines.resynced(pid(), live.size(), bytes));
        }
    }

    boolean gone() {
        assert Thread.holdsLock(this);
        return gone;
    }

    /** What a client held when it was closed. */
    record Held(long count, long bytes) {}

    /** Marks the client gone (later records change nothing) and drops its allocations. */
    Held close() {
        assert Thread.holdsLock(this);
        Held held = new Held(live.size(), groups.usage(findings, live.size()).bytes());
        gone = true;
        live = new LiveTable();
        staging = null;
        groups.clearCounts();
        changed = true;
        publish();
        return held;
    }

    /** Makes the current usage what {@link #usage()} returns; a session calls it after every frame. */
    void publish() {
        assert Thread.holdsLock(this);
        if (changed) {
            changed = false;
            usage = groups.usage(findings, live.size());
        }
    }

    /**
     * The usage as of the last {@link #publish()}: a state between two frames, which a reader takes without
     * this client's monitor.
     */
    Groups.Usage usage() {
        return usage;
    }

    /** Appends live entries in object-id order (allocation order) until {@code out} holds {@code limit}. */
    void dump(List<DumpReport.Entry> out, int limit) {
        assert Thread.holdsLock(this);
        if (out.size() >= limit || live.isEmpty()) {
            return;
        }
        long[] ids = new long[live.size()];
        int n = 0;
        for (int s = live.next(-1); s >= 0; s = live.next(s)) {
            ids[n++] = live.id(s);
        }
        Arrays.sort(ids);
        for (long objectId : ids) {
            if (out.size() >= limit) {
                return;
            }
            int s = live.find(objectId);
            int g = live.group(s);
            out.add(new DumpReport.Entry(
                    pid(),
                    groups.device(g),
                    groups.type(g),
                    objectId,
                    live.address(s),
                    live.bytes(s),
                    1,
                    groups.site(g)));
        }
    }
}
