/**
 * The advice for the port's types: one {@code <Type>Instrumentation} per type with nested
 * {@code <Method>Advice} classes, each thin (read the port's state, call {@link
 * dev.custody.agent.bootstrap.Custody}) and suppressing its own exceptions; where advice, which wraps whole methods,
 * cannot reach (inside the allocator's critical section), an ASM visitor inserts the calls, to {@code Custody} methods
 * that never throw.
 */
package dev.custody.agent.instrumentation;
