/** Advice for {@code TtMetal}'s data movement: reads and writes of freed memory. */
package dev.custody.agent.instrumentation.host;
