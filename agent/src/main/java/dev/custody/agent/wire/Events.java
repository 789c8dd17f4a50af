package dev.custody.agent.wire;

/** Encodes and decodes the records carried by EVENTS frames. */
public final class Events {
    private Events() {}

    /** Appends an ALLOC record to a frame (used for resync batches and by tests). */
    public static void writeAllocated(
            FrameWriter w, long objectId, int deviceId, int bufferType, long address, long size, String site) {
        writeAllocated(w, objectId, deviceId, bufferType, address, size, FrameWriter.utf8(site));
    }

    /** Appends an ALLOC record whose site is already UTF-8 (at most {@link Protocol#MAX_STRING} bytes). */
    static void writeAllocated(
            FrameWriter w, long objectId, int deviceId, int bufferType, long address, long size, byte[] siteUtf8) {
        w.u8(Protocol.REC_ALLOC)
                .i64(objectId)
                .i32(deviceId)
                .u8(bufferType)
                .i64(address)
                .i64(size)
                .u16(siteUtf8.length)
                .bytes(siteUtf8, 0, siteUtf8.length);
    }

    /** Appends a FREE record. */
    public static void writeFreed(FrameWriter w, long objectId) {
        w.u8(Protocol.REC_FREE).i64(objectId);
    }

    /** Appends a FINDING record. */
    public static void writeFinding(FrameWriter w, long objectId, String kind, String line) {
        w.u8(Protocol.REC_FINDING).i64(objectId).str(kind).str(line);
    }

    /** Appends a DEVICE record. */
    public static void writeDevice(FrameWriter w, DeviceInfo d) {
        w.u8(Protocol.REC_DEVICE);
        d.write(w);
    }

    /**
     * Decodes every record of an EVENTS payload into {@code sink}.
     *
     * @throws ProtocolException on an unknown record kind or a record cut short; records before it have
     *     already been delivered
     */
    public static void decode(WireInput in, EventSink sink) throws ProtocolException {
        decode(in, sink, new SiteTable());
    }

    /**
     * Decodes as {@link #decode(WireInput, EventSink)}, taking each ALLOC's site text from {@code sites} so
     * that a connection keeps one String per distinct call site.
     *
     * @throws ProtocolException as {@link #decode(WireInput, EventSink)} does
     */
    public static void decode(WireInput in, EventSink sink, SiteTable sites) throws ProtocolException {
        while (in.remaining() > 0) {
            int kind = in.u8();
            switch (kind) {
                case Protocol.REC_DEVICE -> sink.device(DeviceInfo.read(in));
                case Protocol.REC_ALLOC -> {
                    long id = in.i64();
                    int dev = in.i32();
                    int type = in.u8();
                    long addr = in.i64();
                    long size = in.i64();
                    sink.allocated(id, dev, type, addr, size, in.str(sites));
                }
                case Protocol.REC_FREE -> sink.freed(in.i64());
                case Protocol.REC_FINDING -> {
                    long id = in.i64();
                    String k = in.str();
                    sink.finding(id, k, in.str());
                }
                default ->
                    throw new ProtocolException("unknown record kind " + kind
                            + " in an EVENTS frame (known: 1 DEVICE, 2 ALLOC, 3 FREE, 4 FINDING)");
            }
        }
    }
}
