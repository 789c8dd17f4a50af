package dev.custody.agent.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * The handshake an agent sends first: protocol version, its pid, JVM name, agent version and the devices
 * it has open.
 */
public record Hello(int version, long pid, String jvmName, String agentVersion, List<DeviceInfo> devices) {

    /** Defensive copy of the device list. */
    public Hello {
        devices = List.copyOf(devices);
    }

    /** The HELLO frame. */
    public java.nio.ByteBuffer toFrame() {
        FrameWriter w = new FrameWriter(Protocol.HELLO)
                .i32(Protocol.MAGIC)
                .u16(version)
                .i64(pid)
                .str(jvmName)
                .str(agentVersion)
                .u16(devices.size());
        for (DeviceInfo d : devices) {
            d.write(w);
        }
        return w.finish();
    }

    /**
     * Reads a HELLO payload.
     *
     * @throws ProtocolException if the magic is wrong or the payload is cut short
     */
    public static Hello read(WireInput in) throws ProtocolException {
        int magic = in.i32();
        if (magic != Protocol.MAGIC) {
            throw new ProtocolException(String.format(
                    "HELLO magic 0x%08x is not 0x%08x (\"CSTD\"); the peer is not a Custody agent",
                    magic, Protocol.MAGIC));
        }
        int version = in.u16();
        long pid = in.i64();
        String jvm = in.str();
        String agent = in.str();
        int n = in.u16();
        List<DeviceInfo> devices = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            devices.add(DeviceInfo.read(in));
        }
        return new Hello(version, pid, jvm, agent, devices);
    }
}
