package dev.custody.agent.server;

import dev.custody.agent.wire.DeviceInfo;
import dev.custody.agent.wire.DumpReport;
import dev.custody.agent.wire.Hello;
import dev.custody.agent.wire.LegacyCodec;
import dev.custody.agent.wire.LegacyFrame;
import dev.custody.agent.wire.LegacyType;
import dev.custody.agent.wire.MemoryKind;
import dev.custody.agent.wire.Protocol;
import dev.custody.agent.wire.ProtocolException;
import dev.custody.agent.wire.StatusReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * The server's state: allocations per client process, per device and per memory kind, with the output
 * line of every change. All methods are synchronized on the registry.
 */
/*
 * Design. Native clients own a map objectId → Entry; the object identity makes every FREE unambiguous, so
 * there is no reference count and a FREE of an unknown object (a harmless replay after a resync) is
 * ignored: only the agent's own findings produce a ⚠ line. Legacy clients are keyed as the branch keyed
 * them, (device, buffer_id), with its reference count (§6.3); circular buffers and kernels get their own
 * key spaces and, unlike the branch, record the sender's pid so that dead-process cleanup removes them.
 * Device totals are kept incrementally, so a query or a statistics block costs O(devices + clients).
 */
final class Registry {
    /** Objects remembered after their free, so a later double-free finding can name its address. */
    private static final int RECENTLY_FREED = 4096;

    private final Console console;
    private final LongPredicate alive;
    private final TreeMap<Integer, Device> devices = new TreeMap<>();
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final Map<LegacyKey, LegacyEntry> legacy = new LinkedHashMap<>();
    private long nextClientId = 1;
    private boolean shutdown;

    Registry(Console console, LongPredicate alive) {
        this.console = console;
        this.alive = alive;
    }

    private static final class Device {
        DeviceInfo spec;
        final long[] used = new long[MemoryKind.values().length];
        long buffers;

        Device(DeviceInfo spec) {
            this.spec = spec;
        }
    }

    /** One native client connection. */
    static final class Client {
        final long id;
        final Hello hello;
        Map<Long, Entry> entries = new HashMap<>();
        Map<Long, Entry> staging;
        final FreedRing recentlyFreed = new FreedRing(RECENTLY_FREED);
        long findings;
        boolean gone;

        Client(long id, Hello hello) {
            this.id = id;
            this.hello = hello;
        }

        long pid() {
            return hello.pid();
        }
    }

    record Entry(int device, int type, long address, long size, String site) {}

    private record LegacyKey(int device, int space, long bufferId) {}

    private static final class LegacyEntry {
        final int device;
        final int type;
        final long bufferId;
        final long size;
        final int ownerPid;
        int refCount = 1;

        LegacyEntry(int device, int type, long bufferId, long size, int ownerPid) {
            this.device = device;
            this.type = type;
            this.bufferId = bufferId;
            this.size = size;
            this.ownerPid = ownerPid;
        }
    }

    // ---------------------------------------------------------------- native clients

    synchronized Client register(Hello hello) {
        for (DeviceInfo d : hello.devices()) {
            deviceSeen(d);
        }
        Client c = new Client(nextClientId++, hello);
        clients.put(c.id, c);
        return c;
    }

    synchronized void deviceSeen(DeviceInfo d) {
        Device dev = devices.get(d.id());
        if (dev == null) {
            devices.put(d.id(), new Device(d));
        } else {
            dev.spec = d;
        }
    }

    synchronized void allocated(Client c, long objectId, int device, int type, long address, long size, String site)
            throws ProtocolException {
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
        if (c.gone) {
            return;
        }
        Entry e = new Entry(device, type, address, size, site);
        if (c.staging != null) {
            c.staging.put(objectId, e);
            return;
        }
        Entry old = c.entries.put(objectId, e);
        if (old != null) {
            if (!old.equals(e)) {
                subtract(old.device, old.type, old.size);
                add(device, type, size);
            }
            return; // a replay of what the last resync already said
        }
        add(device, type, size);
        if (console.showsEvents()) {
            console.event(Lines.allocated(c.pid(), size, type, device, address));
        }
    }

    synchronized void freed(Client c, long objectId) {
        if (c.gone) {
            return;
        }
        if (c.staging != null) {
            c.staging.remove(objectId);
            return;
        }
        Entry e = c.entries.remove(objectId);
        if (e == null) {
            return; // a replay after a resync; real ownership errors arrive as findings
        }
        subtract(e.device, e.type, e.size);
        c.recentlyFreed.add(objectId, e);
        if (console.showsEvents()) {
            console.event(Lines.freedFinal(c.pid(), e.address, e.device, e.size));
        }
    }

    synchronized void finding(Client c, long objectId, String kind, String line) {
        c.findings++;
        Entry e = c.entries.get(objectId);
        if (e == null) {
            e = c.recentlyFreed.get(objectId);
        }
        if (e != null && (kind.equals("double-free") || kind.equals("free-of-unknown-memory"))) {
            console.line(Lines.unknownFree(c.pid(), e.address, e.device, line));
        } else {
            console.line(Lines.finding(c.pid(), kind, line));
        }
    }

    synchronized void resyncBegin(Client c) {
        c.staging = new HashMap<>();
    }

    synchronized void resyncEnd(Client c) throws ProtocolException {
        if (c.staging == null) {
            throw new ProtocolException("RESYNC_END without RESYNC_BEGIN");
        }
        for (Entry e : c.entries.values()) {
            subtract(e.device, e.type, e.size);
        }
        long bytes = 0;
        for (Entry e : c.staging.values()) {
            add(e.device, e.type, e.size);
            bytes += e.size;
        }
        c.entries = c.staging;
        c.staging = null;
        if (!c.entries.isEmpty()) {
            console.event(Lines.resynced(c.pid(), c.entries.size(), bytes));
        }
    }

    /** After this, disconnects change nothing and print nothing (the server has printed its final lines). */
    synchronized void shutdown() {
        shutdown = true;
    }

    /**
     * Whether the pid is dead, waiting up to 100 ms for it to die: a killed process closes its sockets
     * before the kernel marks it a zombie, so the end of its stream can arrive while it still looks alive.
     * Call without holding the registry's lock.
     */
    boolean settledDead(long pid) {
        for (int i = 0; i < 10; i++) {
            if (!alive.test(pid)) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !alive.test(pid);
    }

    /** Removes a client and whatever it still holds, printing the cleanup block when it held anything. */
    synchronized void disconnect(Client c) {
        disconnect(c, !alive.test(c.pid()));
    }

    /** As {@link #disconnect(Client)}, with the caller's verdict on whether the process died. */
    synchronized void disconnect(Client c, boolean dead) {
        if (c.gone || shutdown) {
            return;
        }
        c.gone = true;
        clients.remove(c.id);
        if (c.entries.isEmpty()) {
            return;
        }
        console.line(Lines.cleanupHeader(dead));
        console.line(Lines.cleanupPid(c.pid(), dead));
        long bytes = 0;
        for (Entry e : c.entries.values()) {
            subtract(e.device, e.type, e.size);
            bytes += e.size;
        }
        console.line(Lines.cleanupRemoved(c.pid(), c.entries.size(), bytes));
        c.entries = new HashMap<>();
    }

    // ---------------------------------------------------------------- legacy clients

    /** Applies one validated legacy state change (ALLOC, FREE, CB_*, KERNEL_*), as the branch did. */
    synchronized void legacy(LegacyFrame f) {
        switch (f.type()) {
            case ALLOC -> legacyAlloc(f, 0, f.bufferType());
            case CB_ALLOC -> legacyAlloc(f, 1, Protocol.TYPE_CB);
            case KERNEL_LOAD -> legacyAlloc(f, 2, Protocol.TYPE_KERNEL);
            case FREE -> legacyFree(f, 0);
            case CB_FREE -> legacyFree(f, 1);
            case KERNEL_UNLOAD -> legacyFree(f, 2);
            default -> throw new IllegalArgumentException(f.type() + " does not change the allocation state");
        }
    }

    private void legacyAlloc(LegacyFrame f, int space, int type) {
        LegacyKey key = new LegacyKey(f.deviceId(), space, f.bufferId());
        LegacyEntry e = legacy.get(key);
        if (e != null) {
            e.refCount++;
            if (console.showsEvents()) {
                console.event(
                        Lines.allocatedRef(f.processId(), f.size(), type, f.deviceId(), f.bufferId(), e.refCount));
            }
            return;
        }
        legacy.put(key, new LegacyEntry(f.deviceId(), type, f.bufferId(), f.size(), f.processId()));
        add(f.deviceId(), type, f.size());
        if (console.showsEvents()) {
            console.event(Lines.allocated(f.processId(), f.size(), type, f.deviceId(), f.bufferId()));
        }
    }

    private void legacyFree(LegacyFrame f, int space) {
        LegacyKey key = new LegacyKey(f.deviceId(), space, f.bufferId());
        LegacyEntry e = legacy.get(key);
        if (e == null) {
            console.line(Lines.unknownFree(f.processId(), f.bufferId(), f.deviceId()));
            return;
        }
        e.refCount--;
        if (e.refCount > 0) {
            if (console.showsEvents()) {
                console.event(Lines.freedRemaining(e.ownerPid, e.bufferId, e.device, e.size, e.refCount));
            }
            return;
        }
        legacy.remove(key);
        subtract(e.device, e.type, e.size);
        if (console.showsEvents()) {
            console.event(Lines.freedFinal(e.ownerPid, e.bufferId, e.device, e.size));
        }
    }

    /** The four (gen C: six) counters a legacy QUERY gets, ordered DRAM, L1, L1_SMALL, TRACE, CB, KERNEL. */
    synchronized long[] counters(int device) {
        Device d = devices.get(device);
        return d == null ? new long[MemoryKind.values().length] : d.used.clone();
    }

    /** What a legacy DEVICE_INFO_QUERY gets: device −1 asks for the count only. */
    synchronized LegacyCodec.DeviceFacts deviceFacts(int device) {
        int known = (int) devices.values().stream().filter(d -> d.spec != null).count();
        Device d = device < 0 ? null : devices.get(device);
        if (d == null || d.spec == null) {
            return new LegacyCodec.DeviceFacts(0, 0, 0, 0, 0, 0, device < 0 && known > 0, known);
        }
        DeviceInfo s = d.spec;
        String arch = s.arch().toLowerCase(Locale.ROOT);
        int archType =
                arch.contains("wormhole") ? 2 : arch.contains("blackhole") ? 3 : arch.contains("grayskull") ? 1 : 0;
        int channels = archType == 2 ? 12 : archType == 3 ? 8 : 0;
        long perCore = archType == 2 ? 1_499_136L : archType == 3 ? 1_572_864L : 0;
        return new LegacyCodec.DeviceFacts(
                s.dramCapacity(),
                s.l1Capacity(),
                archType,
                channels,
                channels == 0 ? 0 : s.dramCapacity() / channels,
                perCore,
                true,
                known);
    }

    // ---------------------------------------------------------------- liveness and views

    /** Removes everything owned by processes that died (native clients and legacy owner pids). */
    synchronized void cleanupDead() {
        for (Client c : new ArrayList<>(clients.values())) {
            if (!alive.test(c.pid())) {
                disconnect(c);
            }
        }
        TreeSet<Integer> owners = new TreeSet<>();
        for (LegacyEntry e : legacy.values()) {
            owners.add(e.ownerPid);
        }
        List<Integer> dead = owners.stream().filter(p -> !alive.test(p)).toList();
        if (dead.isEmpty()) {
            return;
        }
        console.line(Lines.cleanupHeader(true));
        for (int pid : dead) {
            console.line(Lines.cleanupPid(pid, true));
            long count = 0;
            long bytes = 0;
            for (var it = legacy.values().iterator(); it.hasNext(); ) {
                LegacyEntry e = it.next();
                if (e.ownerPid == pid) {
                    subtract(e.device, e.type, e.size); // all of it, whatever the ref count (as the branch)
                    bytes += e.size;
                    count++;
                    it.remove();
                }
            }
            console.line(Lines.cleanupRemoved(pid, count, bytes));
        }
    }

    synchronized long activeAllocations() {
        long n = legacy.size();
        for (Client c : clients.values()) {
            n += c.entries.size();
        }
        return n;
    }

    /** The statistics block (§6.4) titled {@code Current Statistics} or {@code Final Statistics}. */
    synchronized void printStats(String title) {
        console.line(Reports.statistics(title, status()));
    }

    synchronized StatusReport status() {
        List<StatusReport.DeviceUsage> devs = new ArrayList<>();
        for (Map.Entry<Integer, Device> e : devices.entrySet()) {
            Device d = e.getValue();
            DeviceInfo spec = d.spec != null ? d.spec : new DeviceInfo(e.getKey(), false, "unknown", 0, 0, 0, 0);
            devs.add(new StatusReport.DeviceUsage(spec, d.buffers, d.used));
        }
        List<StatusReport.ClientUsage> rows = new ArrayList<>();
        for (Client c : clients.values()) {
            long bytes = 0;
            for (Entry e : c.entries.values()) {
                bytes += e.size;
            }
            rows.add(new StatusReport.ClientUsage(
                    c.pid(), c.hello.jvmName(), c.hello.agentVersion(), false, bytes, c.entries.size(), c.findings));
        }
        Map<Integer, long[]> byPid = new TreeMap<>();
        for (LegacyEntry e : legacy.values()) {
            long[] a = byPid.computeIfAbsent(e.ownerPid, k -> new long[2]);
            a[0] += e.size;
            a[1]++;
        }
        byPid.forEach(
                (pid, a) -> rows.add(new StatusReport.ClientUsage(pid, "tt-metal (legacy)", "", true, a[0], a[1], 0)));
        return new StatusReport(activeAllocations(), devs, rows);
    }

    /** Every remaining allocation (at most {@code limit}), native first, then legacy. */
    synchronized DumpReport dump(int limit) {
        List<DumpReport.Entry> out = new ArrayList<>();
        for (Client c : clients.values()) {
            for (Map.Entry<Long, Entry> me : c.entries.entrySet()) {
                if (out.size() >= limit) {
                    return new DumpReport(out);
                }
                Entry e = me.getValue();
                out.add(new DumpReport.Entry(c.pid(), e.device, e.type, me.getKey(), e.address, e.size, 1, e.site));
            }
        }
        for (LegacyEntry e : legacy.values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new DumpReport.Entry(e.ownerPid, e.device, e.type, 0, e.bufferId, e.size, e.refCount, ""));
        }
        return new DumpReport(out);
    }

    /** Bytes and buffers per (process, device, kind), for /metrics. */
    synchronized List<ProcessUsage> processUsage() {
        Map<ProcessUsageKey, long[]> acc = new LinkedHashMap<>();
        for (Client c : clients.values()) {
            for (Entry e : c.entries.values()) {
                long[] a = acc.computeIfAbsent(
                        new ProcessUsageKey(c.pid(), c.hello.jvmName(), e.device, MemoryKind.ofBufferType(e.type)),
                        k -> new long[2]);
                a[0] += e.size;
                a[1]++;
            }
        }
        for (LegacyEntry e : legacy.values()) {
            long[] a = acc.computeIfAbsent(
                    new ProcessUsageKey(e.ownerPid, "tt-metal (legacy)", e.device, MemoryKind.ofBufferType(e.type)),
                    k -> new long[2]);
            a[0] += e.size;
            a[1]++;
        }
        List<ProcessUsage> out = new ArrayList<>();
        acc.forEach((k, a) -> out.add(new ProcessUsage(k.pid, k.jvm, k.device, k.kind, a[0], a[1])));
        return out;
    }

    record ProcessUsage(long pid, String jvm, int device, MemoryKind kind, long bytes, long buffers) {}

    private record ProcessUsageKey(long pid, String jvm, int device, MemoryKind kind) {
        ProcessUsageKey {
            Objects.requireNonNull(jvm);
        }
    }

    /** Prints the branch's DUMP_REMAINING report (§6.4) after a dead-process cleanup. */
    synchronized void printDumpRemaining() {
        console.line("📋 Received DUMP_REMAINING request...");
        cleanupDead();
        console.line(Reports.remaining(dump(Integer.MAX_VALUE)));
    }

    /** Prints the kernel-binary entries (legacy DUMP_KERNELS). */
    synchronized void printDumpKernels() {
        console.line(Reports.kernels(dump(Integer.MAX_VALUE)));
    }

    private void add(int device, int type, long size) {
        Device d = devices.computeIfAbsent(device, k -> new Device(null));
        d.used[MemoryKind.ofBufferType(type).ordinal()] += size;
        d.buffers++;
    }

    private void subtract(int device, int type, long size) {
        Device d = devices.get(device);
        d.used[MemoryKind.ofBufferType(type).ordinal()] -= size;
        d.buffers--;
    }

    /** True if the legacy type is answered rather than applied. */
    static boolean isQuery(LegacyType t) {
        return !t.changesState();
    }
}
