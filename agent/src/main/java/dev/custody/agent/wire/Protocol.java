package dev.custody.agent.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Constants of the native protocol (see docs/protocol.md): frame types, record kinds and limits.
 *
 * <p>Every frame is {@code u32 length} (little-endian, counting the bytes after it), {@code u8 type}, then
 * the type's payload.
 */
public final class Protocol {
    /** "CSTD" read as a little-endian u32: the first field of a HELLO. */
    public static final int MAGIC = 0x44545343;
    /** The protocol version this build speaks; a server refuses any other. */
    public static final int VERSION = 1;
    /** Largest frame body accepted, in bytes. */
    public static final int MAX_FRAME = 1 << 20;
    /** Largest string field, in UTF-8 bytes (longer strings are cut on encoding). */
    public static final int MAX_STRING = 8192;

    /** Client to server: pid, JVM name, agent version and devices. */
    public static final int HELLO = 1;
    /** Client to server: a batch of records. */
    public static final int EVENTS = 2;
    /** Client to server: the following ALLOC records are the client's whole live set. */
    public static final int RESYNC_BEGIN = 3;
    /** Client to server: the live set is complete; it replaces what the server held for this client. */
    public static final int RESYNC_END = 4;
    /** Monitor to server: {@code u8 what} ({@link #QUERY_STATUS} or {@link #QUERY_DUMP}). */
    public static final int QUERY = 5;

    /** Server to client: handshake accepted; {@code u16 version, str server}. */
    public static final int WELCOME = 0x41;
    /** Server to client: handshake refused; {@code str reason}; the server then closes. */
    public static final int REFUSED = 0x42;
    /** Server to monitor: a {@link StatusReport}. */
    public static final int STATUS = 0x43;
    /** Server to monitor: a {@link DumpReport}. */
    public static final int DUMP = 0x44;

    /** QUERY asks for per-device usage and per-process rows. */
    public static final int QUERY_STATUS = 1;
    /** QUERY asks for every remaining allocation. */
    public static final int QUERY_DUMP = 2;

    /** Record kind: a device opened (its spec). */
    public static final int REC_DEVICE = 1;
    /** Record kind: an object got device memory. */
    public static final int REC_ALLOC = 2;
    /** Record kind: an object released device memory. */
    public static final int REC_FREE = 3;
    /** Record kind: the agent found an ownership error. */
    public static final int REC_FINDING = 4;

    /** Buffer type code for a circular buffer (after BufferType's ordinals 0..4). */
    public static final int TYPE_CB = 5;
    /** Buffer type code for a kernel-binary buffer. */
    public static final int TYPE_KERNEL = 6;

    private Protocol() {}

    /**
     * The default server socket, {@code /tmp/custody-<uid>.sock}: short (sun_path holds 108 bytes) and per
     * user, so two users on one host get two servers.
     */
    public static Path defaultSocketPath() {
        return Path.of("/tmp", "custody-" + currentUid() + ".sock");
    }

    /** The numeric uid of this process, or the user name when the file system cannot tell. */
    static String currentUid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return System.getProperty("user.name", "user");
        }
    }
}
