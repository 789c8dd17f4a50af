/**
 * Buffers: ranges of device memory and who owns them. Ports {@code tt_metal/api/tt-metalium/buffer.hpp},
 * {@code buffer_types.hpp} and {@code tt_metal/impl/buffers/buffer.cpp} (2025 upstream).
 *
 * <p>Upstream → Java names: {@code Buffer::create(device, size, …)} → {@link dev.custody.metal.buffer.Buffer#create},
 * {@code Buffer::create(device, address, …)} → {@link dev.custody.metal.buffer.Buffer#createAt}, {@code view} →
 * {@code view}, {@code allocate_impl} → {@code allocateImpl}, {@code deallocate} → {@code deallocate},
 * {@code deallocate_impl} → {@code deallocateImpl}, {@code mark_as_deallocated} → {@code markAsDeallocated},
 * {@code ~Buffer} → the last {@link dev.custody.metal.buffer.Buffer#close()}, {@code shared_ptr} copies →
 * {@code retain()}, {@code root_buffer()} → {@code rootBuffer()}, {@code page_address} → {@code pageAddress}, and
 * every other accessor camelCased. {@code AllocationStatus}, {@code ShardSpec}, {@code ShardSpecBuffer},
 * {@code BufferShardingArgs}, {@code BufferRegion}, {@code InterleavedBufferConfig} and {@code ShardedBufferConfig}
 * keep their names; shapes are pairs of ints instead of {@code std::array}.
 *
 * <p>Conventions: sizes and addresses are {@code long} bytes; an address is the same in every bank (lockstep) and
 * bank {@code b}'s copy lives at {@code address + bankOffset(b)}. Not modelled: sub-devices, GraphTracker hooks
 * ({@code hooked_allocation_}; tracking is added by the Custody agent), buffer distribution specs (ND sharding) and
 * LightMetal capture.
 */
package dev.custody.metal.buffer;
