package dev.custody.agent.bootstrap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the agent's own failures: exceptions thrown inside advice (suppressed so that they never reach the
 * application) and class transformation errors. {@code strict=true} turns a non-zero count into a failure
 * at exit.
 */
public final class AgentErrors {
    private static final AtomicLong ADVICE = new AtomicLong();
    private static final AtomicLong TRANSFORM = new AtomicLong();
    // The first errors are kept under the class's monitor, not in AtomicReferences: every run reads them at exit, and
    // AtomicReference's class initialization looks up a VarHandle, which costs most of a millisecond of the exit
    // there, interpreted. Recording an error is rare; the monitor is cheap enough for it.
    private static volatile Throwable first;
    private static volatile String firstTransform;

    private AgentErrors() {}

    /**
     * Records an exception that advice suppressed. Called by the exception handler that Byte Buddy inlines
     * into every advised method, so it must never throw.
     *
     * @param error what the tracker threw
     */
    public static void record(Throwable error) {
        ADVICE.incrementAndGet();
        if (first == null) {
            synchronized (AgentErrors.class) {
                if (first == null) {
                    first = error;
                }
            }
        }
    }

    /**
     * Records a class that could not be transformed.
     *
     * @param typeName the class
     * @param error why
     */
    public static void recordTransform(String typeName, Throwable error) {
        TRANSFORM.incrementAndGet();
        if (firstTransform == null) {
            synchronized (AgentErrors.class) {
                if (firstTransform == null) {
                    firstTransform = typeName + ": " + error;
                }
            }
        }
    }

    /** Returns the number of exceptions suppressed inside advice. */
    public static long adviceErrors() {
        return ADVICE.get();
    }

    /** Returns the number of classes that failed to transform. */
    public static long transformErrors() {
        return TRANSFORM.get();
    }

    /** Returns the first suppressed advice exception, or null. */
    public static Throwable firstAdviceError() {
        return first;
    }

    /** Returns "class: error" of the first transformation error, or null. */
    public static String firstTransformError() {
        return firstTransform;
    }
}
