/**
 * Benchmarks of what Custody costs: the agent's overhead on the port's buffer lifecycle (JMH, {@link
 * dev.custody.bench.BufferLifecycleBenchmark} run per agent level by {@link dev.custody.bench.OverheadMain}),
 * and the whole-process load generators {@code benchmarks/run.sh} drives: server ingest ({@link
 * dev.custody.bench.IngestMain} with {@link dev.custody.bench.NativeLoadClient} and {@link
 * dev.custody.bench.LegacyLoadClient}), start-up ({@link dev.custody.bench.StartupApp}) and memory per live
 * allocation ({@link dev.custody.bench.LiveBuffersMain}, {@link dev.custody.bench.ServerMemoryMain}).
 *
 * <p>The agent's classes are on the class path of the load generators only (they use its wire protocol);
 * benchmarks.jar never contains them, so a {@code -javaagent} fork sees the agent jar's own classes.
 * BENCHMARKS.md at the repository root has the figures, the machine and the commands.
 */
package dev.custody.bench;
