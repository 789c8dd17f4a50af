/**
 * The main job of the runtime port: an LLaMA-like decode loop on a simulated mesh
 * ({@code java -jar runtime-port.jar llama ...}), and the ownership bugs it can inject on purpose.
 *
 * <p>Not a port of a tt-metal file: it plays the role of a ttnn model demo (the LLaMA demo whose trace capture hit the
 * CB clash of spec §4.4) so the Custody agent has a realistic workload. Weights are DRAM mesh buffers, activations L1
 * buffers on the physical devices, every op a cached mesh workload with circular buffers, kernel binaries and (for
 * matmuls) a pooled L1 buffer. The arithmetic is integer math on bytes done on the host with bytes read back from the
 * devices, so a run is bit-for-bit deterministic for a seed. Entry points: {@link dev.custody.metal.llama.LlamaJob}
 * (in-process API, used by tests) and {@link dev.custody.metal.Main}.
 *
 * <p>Injected bugs ({@link dev.custody.metal.llama.Bug}) each live at one line of a
 * {@code BugInjector.inject<Kind>} method, marked {@code // <-- injected bug: kind}.
 */
package dev.custody.metal.llama;
