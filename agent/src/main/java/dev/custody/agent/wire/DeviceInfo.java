package dev.custody.agent.wire;

/**
 * A device as an agent announces it: its id, whether it is a mesh, its architecture name and the
 * capacities of its memories in bytes (0 when the device has none of that kind).
 */
public record DeviceInfo(
        int id,
        boolean mesh,
        String arch,
        long dramCapacity,
        long l1Capacity,
        long l1SmallCapacity,
        long traceCapacity) {

    /** Appends this device's fields to a frame. */
    public void write(FrameWriter w) {
        w.i32(id)
                .u8(mesh ? 1 : 0)
                .str(arch)
                .i64(dramCapacity)
                .i64(l1Capacity)
                .i64(l1SmallCapacity)
                .i64(traceCapacity);
    }

    /** Reads the fields written by {@link #write}. */
    public static DeviceInfo read(WireInput in) throws ProtocolException {
        int id = in.i32();
        boolean mesh = in.u8() != 0;
        String arch = in.str();
        return new DeviceInfo(id, mesh, arch, in.i64(), in.i64(), in.i64(), in.i64());
    }
}
