package dev.custody.agent.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process still runs: the branch's {@code kill(pid, 0) == 0}, except that a zombie (killed but
 * not yet reaped by its parent) counts as dead, so a kill -9 is seen at once.
 */
final class Liveness {
    private Liveness() {}

    static boolean isAlive(long pid) {
        if (pid <= 0) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String s = new String(Files.readAllBytes(stat), StandardCharsets.US_ASCII);
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
