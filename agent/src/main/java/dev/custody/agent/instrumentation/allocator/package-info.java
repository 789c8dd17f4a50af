/** Advice for {@code dev.custody.metal.allocator.Allocator}: the ground truth of which addresses are in use. */
package dev.custody.agent.instrumentation.allocator;
