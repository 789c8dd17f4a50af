package dev.custody.agent.wire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's id, as the handshake and the exit report name it. */
public final class ProcessIds {
    private ProcessIds() {}

    /**
     * This process's id. Linux names it in the /proc/self link; ProcessHandle, the portable way and the fallback,
     * initialises the process reaper's thread pool (about 10 classes and two lambdas, several milliseconds at
     * premain) just to answer.
     */
    public static long current() {
        try {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
        } catch (IOException | RuntimeException e) {
            return ProcessHandle.current().pid();
        }
    }
}
