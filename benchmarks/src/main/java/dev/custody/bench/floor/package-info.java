/**
 * The floor of the {@code llama} wall-time rows: what the JVM charges any Java agent before that agent does any
 * work of its own, measured side by side with Custody in the same interleaved rounds of {@code benchmarks/run.sh}.
 *
 * <p>{@link dev.custody.bench.floor.FloorAgent} is packaged alone as {@code benchmarks/target/benchmarks-floor-agent.jar}
 * (a few entries, like any small agent jar). It registers a class file transformer that changes nothing, as every
 * instrumenting agent must, and optionally connects once to a Unix socket, as every agent that streams to a server
 * over one must. The difference between its rows and Custody's is Custody's own cost; the difference between its
 * rows and the no-agent row is the JVM's, which no agent can avoid.
 */
package dev.custody.bench.floor;
