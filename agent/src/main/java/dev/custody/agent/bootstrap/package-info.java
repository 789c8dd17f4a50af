/**
 * What inlined advice calls: static entry points ({@link dev.custody.agent.bootstrap.Custody}), the
 * per-thread call-site slot ({@link dev.custody.agent.bootstrap.Sites}) and the agent's own error counter
 * ({@link dev.custody.agent.bootstrap.AgentErrors}).
 *
 * <p>This package may be loaded by the bootstrap class loader (so that JDK classes such as
 * {@code java.io.FileInputStream} can be instrumented), so it uses JDK types only: port objects arrive as
 * {@code Object} and primitives. The ledger behind it is installed at start-up as an {@link
 * dev.custody.agent.bootstrap.EventSink}.
 */
package dev.custody.agent.bootstrap;
