/** Advice for {@code Program}: the buffer pool, static circular buffers and their validation. */
package dev.custody.agent.instrumentation.program;
