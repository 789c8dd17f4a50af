package dev.custody.metal.buffer;

import dev.custody.metal.device.IDevice;

/**
 * The arguments of an interleaved {@code CreateBuffer} ({@code InterleavedBufferConfig} in {@code buffer.hpp}).
 *
 * @param device the device
 * @param size the size in bytes
 * @param pageSize the page size in bytes
 * @param bufferType where the buffer lives
 */
public record InterleavedBufferConfig(IDevice device, long size, long pageSize, BufferType bufferType) {}
