/** Advice for {@code dev.custody.metal.buffer.Buffer}: allocation, explicit frees, aliases, uses after free. */
package dev.custody.agent.instrumentation.buffer;
