package dev.custody.agent.server;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Where the server's lines go: UTF-8 whatever the platform charset (the lines carry ✓ ✗ ⚠ 📊), per-event
 * lines dropped under {@code --quiet}.
 */
final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean quiet;
    /** Set by every write, cleared by flush: sessions flush after every frame, mostly with nothing to flush. */
    private volatile boolean written;

    Console(PrintStream out, PrintStream err, boolean quiet) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    /** Standard output and error of this process, UTF-8. */
    static Console system(boolean quiet) {
        return new Console(
                new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                quiet);
    }

    /** False under {@code --quiet}: callers may skip building per-event lines. */
    boolean showsEvents() {
        return !quiet;
    }

    /** A per-event line (✓, ✗): suppressed under {@code --quiet}. */
    synchronized void event(String line) {
        if (!quiet) {
            out.println(line);
            written = true;
        }
    }

    /** A line that always prints (statistics, cleanups, warnings). */
    synchronized void line(String line) {
        out.println(line);
        written = true;
    }

    /** An error line on standard error. */
    synchronized void error(String line) {
        err.println(line);
        written = true;
    }

    /** Flushes both streams if anything was written since the last flush; without taking the lock if not. */
    void flush() {
        if (!written) {
            return; // the common case: no shared lock per frame between sessions
        }
        synchronized (this) {
            written = false;
            out.flush();
            err.flush();
        }
    }
}
