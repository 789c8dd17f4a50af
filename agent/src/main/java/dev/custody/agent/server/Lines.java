package dev.custody.agent.server;

import dev.custody.agent.wire.MemoryKind;

/**
 * The server's output lines, in the texts of the branch's latest server (spec §6.4, commit 45039855);
 * {@code {x}} is lower-case hex without padding.
 */
final class Lines {
    private static final double MIB = 1024.0 * 1024.0;

    private Lines() {}

    static String allocated(long pid, long size, int type, int device, long id) {
        return "✓ [PID " + pid + "] Allocated " + size + " bytes of " + MemoryKind.typeName(type) + " on device "
                + device + " (buffer_id=0x" + Long.toHexString(id) + ")";
    }

    static String allocatedRef(long pid, long size, int type, int device, long id, int refCount) {
        return "✓ [PID " + pid + "] Allocated " + size + " bytes of " + MemoryKind.typeName(type) + " on device "
                + device + " (buffer_id=0x" + Long.toHexString(id) + ", ref_count=" + refCount + ")";
    }

    static String freedRemaining(long ownerPid, long id, int device, long storedSize, int remaining) {
        return "✗ [PID " + ownerPid + "] Freed buffer 0x" + Long.toHexString(id) + " on device " + device + " ("
                + storedSize + " bytes, ref_count=" + remaining + " remaining)";
    }

    static String freedFinal(long ownerPid, long id, int device, long storedSize) {
        return "✗ [PID " + ownerPid + "] Freed buffer 0x" + Long.toHexString(id) + " on device " + device + " ("
                + storedSize + " bytes, FINAL)";
    }

    static String unknownFree(long senderPid, long id, int device) {
        return unknownFree(senderPid, id, device, "allocated before tracking started");
    }

    /** The unknown-buffer warning with its parenthesis replaced by a native agent's finding. */
    static String unknownFree(long senderPid, long id, int device, String why) {
        return "⚠ [PID " + senderPid + "] Deallocation for unknown buffer 0x" + Long.toHexString(id) + " on device "
                + device + " (" + why + ")";
    }

    /** A finding the server cannot tie to an address: {@code ⚠ [PID n] kind: line}. */
    static String finding(long pid, String kind, String line) {
        return "⚠ [PID " + pid + "] " + kind + ": " + line;
    }

    /** The first two lines of the dead-process cleanup block (a blank line, then the header). */
    static String cleanupHeader(boolean dead) {
        return dead
                ? "\n⚠️  Detected dead processes, cleaning up orphaned buffers..."
                : "\n⚠️  Client disconnected, cleaning up orphaned buffers...";
    }

    static String cleanupPid(long pid, boolean dead) {
        return dead
                ? "   PID " + pid + " is dead, removing its buffers..."
                : "   PID " + pid + " disconnected, removing its buffers...";
    }

    static String cleanupRemoved(long pid, long count, long bytes) {
        return "   ✓ Removed " + count + " buffers (" + CppDouble.format(bytes / MIB) + " MB) from PID " + pid;
    }

    static String resynced(long pid, long count, long bytes) {
        return "🔄 [PID " + pid + "] Resynchronized " + count + " live buffers (" + CppDouble.format(bytes / MIB)
                + " MB)";
    }

    static String kb(long bytes) {
        return CppDouble.format(bytes / 1024.0);
    }

    static String mb(long bytes) {
        return CppDouble.format(bytes / MIB);
    }
}
