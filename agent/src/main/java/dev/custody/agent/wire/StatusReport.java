package dev.custody.agent.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The server's answer to a status query: usage per device and one row per client process. */
public record StatusReport(long activeAllocations, List<DeviceUsage> devices, List<ClientUsage> clients) {

    /** Copies the lists. */
    public StatusReport {
        devices = List.copyOf(devices);
        clients = List.copyOf(clients);
    }

    /**
     * One device: its spec (capacities 0 when only legacy clients named it), its live buffer count and the
     * bytes in use per {@link MemoryKind} (indexed by ordinal).
     */
    public record DeviceUsage(DeviceInfo spec, long buffers, long[] used) {
        /** Copies {@code used}. */
        public DeviceUsage {
            used = used.clone();
        }

        /** Bytes in use of one kind. */
        public long used(MemoryKind kind) {
            return used[kind.ordinal()];
        }
    }

    /** One client process. {@code legacy} rows are tt-metal clients known only by the pid in their frames. */
    public record ClientUsage(
            long pid, String jvmName, String agentVersion, boolean legacy, long bytes, long buffers, long findings) {}

    /** The STATUS frame. */
    public ByteBuffer toFrame() {
        FrameWriter w = new FrameWriter(Protocol.STATUS).i64(activeAllocations).u16(devices.size());
        for (DeviceUsage d : devices) {
            d.spec().write(w);
            w.i64(d.buffers()).u8(d.used.length);
            for (long u : d.used) {
                w.i64(u);
            }
        }
        w.u16(clients.size());
        for (ClientUsage c : clients) {
            w.i64(c.pid())
                    .str(c.jvmName())
                    .str(c.agentVersion())
                    .u8(c.legacy() ? 1 : 0)
                    .i64(c.bytes())
                    .i64(c.buffers())
                    .i64(c.findings());
        }
        return w.finish();
    }

    /** Reads a STATUS payload. */
    public static StatusReport read(WireInput in) throws ProtocolException {
        long active = in.i64();
        int nd = in.u16();
        List<DeviceUsage> devices = new ArrayList<>(nd);
        for (int i = 0; i < nd; i++) {
            DeviceInfo spec = DeviceInfo.read(in);
            long buffers = in.i64();
            int kinds = in.u8();
            long[] used = new long[MemoryKind.values().length];
            for (int k = 0; k < kinds; k++) {
                long v = in.i64();
                if (k < used.length) {
                    used[k] = v; // kinds added by a newer server are skipped
                }
            }
            devices.add(new DeviceUsage(spec, buffers, used));
        }
        int nc = in.u16();
        List<ClientUsage> clients = new ArrayList<>(nc);
        for (int i = 0; i < nc; i++) {
            long pid = in.i64();
            String jvm = in.str();
            String agent = in.str();
            boolean legacy = in.u8() != 0;
            clients.add(new ClientUsage(pid, jvm, agent, legacy, in.i64(), in.i64(), in.i64()));
        }
        return new StatusReport(active, devices, clients);
    }
}
