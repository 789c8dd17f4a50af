package dev.custody.metal.llama;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * The progress line on stderr, rewritten in place with {@code \r}. Silent for the first two seconds, so short runs
 * print nothing, and silent unless enabled (stderr is a terminal, or {@code --progress}).
 */
final class Progress {
    /** Runs shorter than this never show the line. */
    private static final long QUIET_NANOS = 2_000_000_000L;
    /** Redraw at most this often. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream err;
    private final boolean enabled;
    private final long startNanos;
    private long lastDrawNanos;
    private boolean drawn;

    Progress(PrintStream err, boolean enabled, long startNanos) {
        this.err = err;
        this.enabled = enabled;
        this.startNanos = startNanos;
    }

    /**
     * {@return true if the JVM runs on a terminal} Java 17 cannot ask about stderr alone: this is true when the JVM
     * has an interactive console ({@code Console.isTerminal()} on JDK 22+, where {@code System.console()} is never
     * null).
     */
    @SuppressWarnings("SystemConsoleNull") // null is checked for JDK < 22; isTerminal() covers 22+
    static boolean stderrIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            // Before JDK 22 a non-null console is an interactive one.
            return true;
        }
    }

    void update(int step, int steps, int layer, int layers, long now) {
        if (!enabled || now - startNanos < QUIET_NANOS || now - lastDrawNanos < REDRAW_NANOS) {
            return;
        }
        lastDrawNanos = now;
        drawn = true;
        long done = (long) step * layers + layer;
        long total = (long) steps * layers;
        String line = String.format(
                Locale.ROOT,
                "llama: step %d/%d layer %d/%d (%d%%) %.1f s",
                step + 1,
                steps,
                layer + 1,
                layers,
                done * 100 / total,
                (now - startNanos) / 1e9);
        // Padded so a shorter line fully covers the previous one.
        err.print("\r" + String.format(Locale.ROOT, "%-60s", line));
        err.flush();
    }

    /** Ends the line if one was drawn, so later output starts on a fresh line. */
    void finish() {
        if (drawn) {
            err.println();
            drawn = false;
        }
    }
}
