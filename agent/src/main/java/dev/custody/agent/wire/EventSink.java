package dev.custody.agent.wire;

/** Receives the records of EVENTS frames, in stream order. */
public interface EventSink {
    /** A device was opened. */
    void device(DeviceInfo device);

    /**
     * An object got device memory.
     *
     * @param bufferType BufferType ordinal 0..4, {@link Protocol#TYPE_CB} or {@link Protocol#TYPE_KERNEL}
     */
    void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site);

    /** An object released its device memory. */
    void freed(long objectId);

    /** The agent reports an ownership error about an object (kind, and its one-line report). */
    void finding(long objectId, String kind, String line);
}
