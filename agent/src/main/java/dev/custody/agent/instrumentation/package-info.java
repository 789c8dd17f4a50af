/**
 * The advice for the port's types: one {@code <Type>Instrumentation} per type with nested
 * {@code <Method>Advice} classes, each thin (read the port's state, call {@link
 * dev.custody.agent.bootstrap.Custody}) and suppressing its own exceptions.
 */
package dev.custody.agent.instrumentation;
