/**
 * {@code dev.custody.metal.allocator.Allocator}: the ground truth of which addresses are in use. Its allocate and free
 * events are inserted inside its critical section ({@link
 * dev.custody.agent.instrumentation.allocator.CriticalSectionEvents}); advice on its constructor tells the ledger which
 * lock they arrive under, and reports the out-of-memory error and the device's close.
 */
package dev.custody.agent.instrumentation.allocator;
