/**
 * {@code dev.custody.metal.allocator.Allocator}: the ground truth of which addresses are in use. Its allocate and free
 * events are inserted inside its critical section ({@link
 * dev.custody.agent.instrumentation.allocator.CriticalSectionEvents}), and {@link
 * dev.custody.agent.instrumentation.allocator.AllocatorLock} tells the ledger which lock they arrive under; the
 * out-of-memory error and the device's close come from advice.
 */
package dev.custody.agent.instrumentation.allocator;
