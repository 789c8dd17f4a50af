/**
 * A hosted, pure-Java port of TT-Metal's device-memory ownership model.
 *
 * <p>The port reproduces how tt-metal (the 2025 mainline host runtime) owns, allocates and frees device memory:
 * devices and their allocators ({@code device}, {@code allocator}), buffers ({@code buffer}), mesh devices and
 * mesh buffers ({@code mesh}), programs with circular buffers and kernel binaries ({@code program}). It contains
 * no tracking code; the Custody agent adds that at load time.
 *
 * <h2>Exceptions</h2>
 *
 * <ul>
 *   <li>{@link dev.custody.metal.TtException} — an upstream {@code TT_FATAL} / {@code TT_THROW}
 *       ({@code tt_stl/assert.hpp}) whose text is fixed upstream; the message is that text, byte for byte.
 *       Out of memory is its subclass {@code allocator.OutOfDeviceMemoryException}.
 *   <li>{@link java.lang.IllegalArgumentException} — bad input the port checks where upstream only asserts in debug
 *       builds (negative sizes, sizes that are not whole pages, unaligned page sizes); the message names the
 *       argument, its value and the rule.
 *   <li>{@link java.lang.IllegalStateException} — misuse of state (a closed device, a device id opened twice).
 * </ul>
 *
 * <h2>Names</h2>
 *
 * Methods are upstream names in camelCase ({@code allocate_buffer} → {@code allocateBuffer}); each package's
 * documentation lists its mapping. All sizes and addresses are {@code long} bytes.
 */
package dev.custody.metal;
