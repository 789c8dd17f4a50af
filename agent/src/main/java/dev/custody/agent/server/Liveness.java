package dev.custody.agent.server;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs: the branch's {@code kill(pid, 0) == 0}, except that a zombie (killed but
 * not yet reaped by its parent) counts as dead, so a kill -9 is seen at once.
 */
final class Liveness {
    // the state is the field after the command name, at most 16 bytes and two parentheses after the pid
    private static final int STAT_BYTES = 64;

    private Liveness() {}

    static boolean isAlive(long pid) {
        if (pid <= 0) {
            return false;
        }
        // A FileInputStream rather than Files: the server asks this every 10 ms for each client that has just
        // disconnected, and the NIO path ran interpreted in each new session at about half a millisecond a call.
        try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
            String s = new String(in.readNBytes(STAT_BYTES), StandardCharsets.US_ASCII);
            int close = s.lastIndexOf(')'); // the command name may itself contain ')'
            char state = close >= 0 && close + 2 < s.length() ? s.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            if (Files.isDirectory(Path.of("/proc", "self"))) {
                return false; // /proc is mounted and the pid has no entry: gone
            }
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }
}
