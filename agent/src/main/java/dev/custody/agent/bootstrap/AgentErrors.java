package dev.custody.agent.bootstrap;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the agent's own failures: exceptions thrown inside advice (suppressed so that they never reach the
 * application) and class transformation errors. {@code strict=true} turns a non-zero count into a failure
 * at exit.
 */
public final class AgentErrors {
    private static final AtomicLong ADVICE = new AtomicLong();
    private static final AtomicLong TRANSFORM = new AtomicLong();
    private static final AtomicReference<Throwable> FIRST = new AtomicReference<>();
    private static final AtomicReference<String> FIRST_TRANSFORM = new AtomicReference<>();

    private AgentErrors() {}

    /**
     * Records an exception that advice suppressed. Called by the exception handler that Byte Buddy inlines
     * into every advised method, so it must never throw.
     *
     * @param error what the tracker threw
     */
    public static void record(Throwable error) {
        ADVICE.incrementAndGet();
        FIRST.compareAndSet(null, error);
    }

    /**
     * Records a class that could not be transformed.
     *
     * @param typeName the class
     * @param error why
     */
    public static void recordTransform(String typeName, Throwable error) {
        TRANSFORM.incrementAndGet();
        FIRST_TRANSFORM.compareAndSet(null, typeName + ": " + error);
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
        return FIRST.get();
    }

    /** Returns "class: error" of the first transformation error, or null. */
    public static String firstTransformError() {
        return FIRST_TRANSFORM.get();
    }
}
