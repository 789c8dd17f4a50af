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
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongPredicate;

/**
 * The server's state: allocations per client process, per device and per memory kind, with the output
 * line of every change.
 *
 * <p>Locking: the registry's monitor guards the client list, the legacy table and the views; each
 * {@link NativeClient}'s own monitor guards that client's allocations. A native session applies a whole
 * EVENTS frame holding only its client's monitor, so clients do not wait for one another, then publishes
 * the client's usage, from which every view is built without the client's monitor. Whoever holds both
 * takes the registry's first. The device map is concurrent, so a session can note a new device without
 * the registry's monitor.
 */
/*
 * Design. Native clients own their live set (see NativeClient). Legacy clients are keyed as the branch keyed
 * them, (device, buffer_id), with its reference count (§6.3); circular buffers and kernels get their own key
 * spaces and, unlike the branch, record the sender's pid so that dead-process cleanup removes them. Nothing
 * is summed per entry for a view: a device's usage is its legacy totals (kept incrementally) plus every
 * native client's published usage cells, so a query or a statistics block costs O(devices + clients ×
 * devices used) and waits for no session; the legacy rows per pid still walk the legacy table, as before.
 */
final class Registry {
    private static final int KINDS = MemoryKind.values().length;

    private final Console console;
    private final LongPredicate alive;
    private final ConcurrentSkipListMap<Integer, Device> devices = new ConcurrentSkipListMap<>();
    private final Map<Long, NativeClient> clients = new LinkedHashMap<>();
    private final LegacyTable legacy = new LegacyTable();
    private long nextClientId = 1;
    private boolean shutdown;

    Registry(Console console, LongPredicate alive) {
        this.console = console;
        this.alive = alive;
    }

    /** A device: its spec once a native client announced it, and what legacy clients hold on it. */
    private static final class Device {
        volatile DeviceInfo spec;
        /** Bytes legacy clients hold per kind; guarded by the registry's monitor. */
        final long[] legacyUsed = new long[KINDS];
        /** Legacy buffers; guarded by the registry's monitor. */
        long legacyBuffers;

        Device(DeviceInfo spec) {
            this.spec = spec;
        }
    }

    // ---------------------------------------------------------------- native clients

    synchronized NativeClient register(Hello hello) {
        for (DeviceInfo d : hello.devices()) {
            deviceSeen(d);
        }
        NativeClient c = new NativeClient(nextClientId++, hello, console, this::deviceUsed);
        clients.put(c.id, c);
        return c;
    }

    /** Records a device's spec (the latest announcement wins). Needs no lock. */
    void deviceSeen(DeviceInfo d) {
        devices.compute(d.id(), (id, dev) -> {
            if (dev == null) {
                return new Device(d);
            }
            dev.spec = d;
            return dev;
        });
    }

    /** Lists a device that allocations name before (or without) any spec. Needs no lock. */
    private void deviceUsed(int device) {
        if (!devices.containsKey(device)) {
            devices.putIfAbsent(device, new Device(null));
        }
    }

    /**
     * Applies one ALLOC record of {@code c} (see {@link NativeClient#allocated}) and publishes the client's
     * usage; takes the client's monitor. (A session applies whole frames itself.)
     *
     * @throws ProtocolException on an invalid type, device or size
     */
    void allocated(NativeClient c, long objectId, int device, int type, long address, long size, String site)
            throws ProtocolException {
        synchronized (c) {
            c.allocated(objectId, device, type, address, size, site);
            c.publish();
        }
    }

    /** Applies one FREE record of {@code c}; takes the client's monitor. */
    void freed(NativeClient c, long objectId) {
        synchronized (c) {
            c.freed(objectId);
            c.publish();
        }
    }

    /** Applies one FINDING record of {@code c}; takes the client's monitor. */
    void finding(NativeClient c, long objectId, String kind, String line) {
        synchronized (c) {
            c.finding(objectId, kind, line);
            c.publish();
        }
    }

    void resyncBegin(NativeClient c) {
        synchronized (c) {
            c.resyncBegin();
            c.publish();
        }
    }

    /**
     * Ends a resync of {@code c}.
     *
     * @throws ProtocolException without a RESYNC_BEGIN
     */
    void resyncEnd(NativeClient c) throws ProtocolException {
        synchronized (c) {
            c.resyncEnd();
            c.publish();
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
    synchronized void disconnect(NativeClient c) {
        disconnect(c, !alive.test(c.pid()));
    }

    /** As {@link #disconnect(NativeClient)}, with the caller's verdict on whether the process died. */
    synchronized void disconnect(NativeClient c, boolean dead) {
        if (shutdown) {
            return;
        }
        NativeClient.Held held;
        synchronized (c) {
            if (c.gone()) {
                return;
            }
            held = c.close();
        }
        clients.remove(c.id);
        if (held.count() == 0) {
            return;
        }
        console.line(Lines.cleanupHeader(dead));
        console.line(Lines.cleanupPid(c.pid(), dead));
        console.line(Lines.cleanupRemoved(c.pid(), held.count(), held.bytes()));
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
        int slot = legacy.find(f.deviceId(), space, f.bufferId());
        if (slot >= 0) {
            int refCount = legacy.refCount(slot) + 1;
            legacy.setRefCount(slot, refCount);
            if (console.showsEvents()) {
                console.event(Lines.allocatedRef(f.processId(), f.size(), type, f.deviceId(), f.bufferId(), refCount));
            }
            return;
        }
        legacy.insert(f.deviceId(), space, f.bufferId(), type, f.size(), f.processId());
        legacyCount(f.deviceId(), type, f.size(), 1);
        if (console.showsEvents()) {
            console.event(Lines.allocated(f.processId(), f.size(), type, f.deviceId(), f.bufferId()));
        }
    }

    private void legacyFree(LegacyFrame f, int space) {
        int slot = legacy.find(f.deviceId(), space, f.bufferId());
        if (slot < 0) {
            console.line(Lines.unknownFree(f.processId(), f.bufferId(), f.deviceId()));
            return;
        }
        int owner = legacy.ownerPid(slot);
        int device = legacy.device(slot);
        long size = legacy.bytes(slot);
        int refCount = legacy.refCount(slot) - 1;
        if (refCount > 0) {
            legacy.setRefCount(slot, refCount);
            if (console.showsEvents()) {
                console.event(Lines.freedRemaining(owner, f.bufferId(), device, size, refCount));
            }
            return;
        }
        int type = legacy.type(slot);
        legacy.removeAt(slot);
        legacyCount(device, type, -size, -1);
        if (console.showsEvents()) {
            console.event(Lines.freedFinal(owner, f.bufferId(), device, size));
        }
    }

    private void legacyCount(int device, int type, long bytes, int buffers) {
        Device d = devices.computeIfAbsent(device, k -> new Device(null));
        d.legacyUsed[MemoryKind.ofBufferType(type).ordinal()] += bytes;
        d.legacyBuffers += buffers;
    }

    /** The four (gen C: six) counters a legacy QUERY gets, ordered DRAM, L1, L1_SMALL, TRACE, CB, KERNEL. */
    synchronized long[] counters(int device) {
        Device d = devices.get(device);
        long[] used = d == null ? new long[KINDS] : d.legacyUsed.clone();
        for (NativeClient c : clients.values()) {
            Groups.Usage u = c.usage();
            for (int r = 0; r < u.devices().length; r++) {
                if (u.devices()[r] == device) {
                    for (int k = 0; k < KINDS; k++) {
                        used[k] += u.cellBytes()[r * KINDS + k];
                    }
                }
            }
        }
        return used;
    }

    /** What a legacy DEVICE_INFO_QUERY gets: device −1 asks for the count only. */
    synchronized LegacyCodec.DeviceFacts deviceFacts(int device) {
        int known = (int) devices.values().stream().filter(d -> d.spec != null).count();
        Device d = device < 0 ? null : devices.get(device);
        DeviceInfo s = d == null ? null : d.spec;
        if (s == null) {
            return new LegacyCodec.DeviceFacts(0, 0, 0, 0, 0, 0, device < 0 && known > 0, known);
        }
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
        for (NativeClient c : new ArrayList<>(clients.values())) {
            if (!alive.test(c.pid())) {
                disconnect(c);
            }
        }
        TreeSet<Integer> owners = new TreeSet<>();
        for (int s = legacy.next(-1); s >= 0; s = legacy.next(s)) {
            owners.add(legacy.ownerPid(s));
        }
        List<Integer> dead = owners.stream().filter(p -> !alive.test(p)).toList();
        if (dead.isEmpty()) {
            return;
        }
        console.line(Lines.cleanupHeader(true));
        for (int pid : dead) {
            console.line(Lines.cleanupPid(pid, true));
            // keys first: a removal moves entries, so slots cannot be removed while walking them
            List<LegacyKey> owned = new ArrayList<>();
            for (int s = legacy.next(-1); s >= 0; s = legacy.next(s)) {
                if (legacy.ownerPid(s) == pid) {
                    owned.add(new LegacyKey(legacy.device(s), legacy.space(s), legacy.bufferId(s)));
                }
            }
            long bytes = 0;
            for (LegacyKey k : owned) {
                int s = legacy.find(k.device(), k.space(), k.bufferId());
                long size = legacy.bytes(s);
                legacyCount(k.device(), legacy.type(s), -size, -1); // all of it, whatever the ref count (as the branch)
                bytes += size;
                legacy.removeAt(s);
            }
            console.line(Lines.cleanupRemoved(pid, owned.size(), bytes));
        }
    }

    private record LegacyKey(int device, int space, long bufferId) {}

    synchronized long activeAllocations() {
        long n = legacy.size();
        for (NativeClient c : clients.values()) {
            n += c.usage().live();
        }
        return n;
    }

    /** The statistics block (§6.4) titled {@code Current Statistics} or {@code Final Statistics}. */
    synchronized void printStats(String title) {
        console.line(Reports.statistics(title, status()));
    }

    synchronized StatusReport status() {
        return snapshot(false).status();
    }

    /** The status and the usage per process, device and kind (for /metrics) from one pass over the clients. */
    synchronized Snapshot snapshot() {
        return snapshot(true);
    }

    /** A status with, when asked for, the usage per process. */
    record Snapshot(StatusReport status, List<ProcessUsage> usage) {}

    private Snapshot snapshot(boolean perProcess) {
        // per device: bytes per kind, then the buffer count
        TreeMap<Integer, long[]> used = new TreeMap<>();
        devices.forEach((id, d) -> {
            long[] u = Arrays.copyOf(d.legacyUsed, KINDS + 1);
            u[KINDS] = d.legacyBuffers;
            used.put(id, u);
        });
        Map<ProcessUsageKey, long[]> usage = perProcess ? new LinkedHashMap<>() : null;
        List<StatusReport.ClientUsage> rows = new ArrayList<>();
        long active = legacy.size();
        for (NativeClient c : clients.values()) {
            Groups.Usage u = c.usage();
            for (int r = 0; r < u.devices().length; r++) {
                int device = u.devices()[r];
                for (int k = 0; k < KINDS; k++) {
                    long count = u.cellCounts()[r * KINDS + k];
                    if (count == 0) {
                        continue;
                    }
                    long bytes = u.cellBytes()[r * KINDS + k];
                    long[] d = used.computeIfAbsent(device, id -> new long[KINDS + 1]);
                    d[k] += bytes;
                    d[KINDS] += count;
                    if (usage != null) {
                        long[] a = usage.computeIfAbsent(
                                new ProcessUsageKey(c.pid(), c.hello.jvmName(), device, MemoryKind.values()[k]),
                                key -> new long[2]);
                        a[0] += bytes;
                        a[1] += count;
                    }
                }
            }
            rows.add(new StatusReport.ClientUsage(
                    c.pid(), c.hello.jvmName(), c.hello.agentVersion(), false, u.bytes(), u.live(), u.findings()));
            active += u.live();
        }
        Map<Integer, long[]> byPid = new TreeMap<>();
        for (int s = legacy.next(-1); s >= 0; s = legacy.next(s)) {
            long[] a = byPid.computeIfAbsent(legacy.ownerPid(s), k -> new long[2]);
            a[0] += legacy.bytes(s);
            a[1]++;
            if (usage != null) {
                long[] b = usage.computeIfAbsent(
                        new ProcessUsageKey(
                                legacy.ownerPid(s),
                                "tt-metal (legacy)",
                                legacy.device(s),
                                MemoryKind.ofBufferType(legacy.type(s))),
                        k -> new long[2]);
                b[0] += legacy.bytes(s);
                b[1]++;
            }
        }
        byPid.forEach(
                (pid, a) -> rows.add(new StatusReport.ClientUsage(pid, "tt-metal (legacy)", "", true, a[0], a[1], 0)));
        List<StatusReport.DeviceUsage> devs = new ArrayList<>();
        used.forEach((id, u) -> {
            Device d = devices.get(id);
            DeviceInfo spec = d != null && d.spec != null ? d.spec : new DeviceInfo(id, false, "unknown", 0, 0, 0, 0);
            devs.add(new StatusReport.DeviceUsage(spec, u[KINDS], Arrays.copyOf(u, KINDS)));
        });
        List<ProcessUsage> processes = new ArrayList<>();
        if (usage != null) {
            usage.forEach((k, a) -> processes.add(new ProcessUsage(k.pid, k.jvm, k.device, k.kind, a[0], a[1])));
        }
        return new Snapshot(new StatusReport(active, devs, rows), processes);
    }

    /**
     * Every remaining allocation (at most {@code limit}): native ones client by client in object-id order,
     * then legacy ones by device and buffer id.
     */
    synchronized DumpReport dump(int limit) {
        List<DumpReport.Entry> out = new ArrayList<>();
        for (NativeClient c : clients.values()) {
            synchronized (c) {
                c.dump(out, limit);
            }
        }
        if (out.size() < limit) {
            List<DumpReport.Entry> old = new ArrayList<>(legacy.size());
            for (int s = legacy.next(-1); s >= 0; s = legacy.next(s)) {
                old.add(new DumpReport.Entry(
                        legacy.ownerPid(s),
                        legacy.device(s),
                        legacy.type(s),
                        0,
                        legacy.bufferId(s),
                        legacy.bytes(s),
                        legacy.refCount(s),
                        ""));
            }
            old.sort(Comparator.comparingInt(DumpReport.Entry::device)
                    .thenComparingLong(DumpReport.Entry::address)
                    .thenComparingInt(DumpReport.Entry::bufferType));
            out.addAll(old.subList(0, Math.min(old.size(), limit - out.size())));
        }
        return new DumpReport(out);
    }

    /** Bytes and buffers of one (process, device, kind), for /metrics. */
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

    /** True if the legacy type is answered rather than applied. */
    static boolean isQuery(LegacyType t) {
        return !t.changesState();
    }
}
