package dev.custody.metal;

import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferShardingArgs;
import dev.custody.metal.buffer.InterleavedBufferConfig;
import dev.custody.metal.buffer.ShardedBufferConfig;
import dev.custody.metal.device.CoreRangeSet;
import dev.custody.metal.device.IDevice;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshCoordinate;
import dev.custody.metal.program.CircularBufferConfig;
import dev.custody.metal.program.Program;
import dev.custody.metal.report.MemoryReporter;
import java.nio.file.Path;

/**
 * The host API ({@code tt_metal/api/tt-metalium/host_api.hpp}, {@code tt_metal/tt_metal.cpp}): static entry points
 * grouped by area: buffers, data movement, programs, reports.
 *
 * <p>Data movement is synchronous and simulated: a write stores bytes in the device's
 * {@link dev.custody.metal.device.DeviceMemory} at the pages' bank addresses and a read returns whatever was last
 * written there — another buffer's bytes if the address was freed and reused. Page placement is documented in
 * {@code BufferPages} (interleaved and sharded) and {@code MeshBufferTransfer} (mesh shards).
 */
public final class TtMetal {
    private TtMetal() {}

    // ---- buffers ------------------------------------------------------------------------------------------------

    /**
     * Creates an owning interleaved buffer ({@code CreateBuffer(InterleavedBufferConfig)}); see {@link Buffer#create}.
     *
     * @param config the device, size, page size and type
     * @return the buffer; the caller holds one reference
     */
    public static Buffer createBuffer(InterleavedBufferConfig config) {
        requireConfig(config);
        return Buffer.create(config.device(), config.size(), config.pageSize(), config.bufferType());
    }

    /**
     * Creates an owning sharded buffer ({@code CreateBuffer(ShardedBufferConfig)}); see {@link Buffer#create}.
     *
     * @param config the device, size, page size, type, layout and shard geometry
     * @return the buffer; the caller holds one reference
     */
    public static Buffer createBuffer(ShardedBufferConfig config) {
        requireConfig(config);
        return Buffer.create(
                config.device(),
                config.size(),
                config.pageSize(),
                config.bufferType(),
                new BufferShardingArgs(config.shardParameters(), config.bufferLayout()),
                null);
    }

    /**
     * Creates a non-owning interleaved buffer at {@code address} ({@code CreateBuffer(config, address)}); the
     * allocator is not touched.
     *
     * @param config the device, size, page size and type
     * @param address the base address in every bank
     * @return the buffer; the caller holds one reference
     */
    public static Buffer createBuffer(InterleavedBufferConfig config, long address) {
        requireConfig(config);
        return Buffer.createAt(config.device(), address, config.size(), config.pageSize(), config.bufferType());
    }

    /**
     * Creates a non-owning sharded buffer at {@code address} ({@code CreateBuffer(config, address)}).
     *
     * @param config the device, size, page size, type, layout and shard geometry
     * @param address the base address in every bank
     * @return the buffer; the caller holds one reference
     */
    public static Buffer createBuffer(ShardedBufferConfig config, long address) {
        requireConfig(config);
        return Buffer.createAt(
                config.device(),
                address,
                config.size(),
                config.pageSize(),
                config.bufferType(),
                new BufferShardingArgs(config.shardParameters(), config.bufferLayout()),
                null);
    }

    /**
     * Frees an owning buffer now ({@code DeallocateBuffer} → {@code buffer.deallocate()}), even while views of it are
     * alive: they keep the stale address. A no-op for non-owning buffers and for buffers already deallocated. The
     * caller still closes its reference.
     *
     * @param buffer the buffer
     */
    public static void deallocateBuffer(Buffer buffer) {
        if (buffer == null) {
            throw new IllegalArgumentException("buffer must not be null");
        }
        buffer.deallocate();
    }

    // ---- data movement ------------------------------------------------------------------------------------------

    /**
     * Writes {@code data} into {@code buffer}'s pages ({@code EnqueueWriteBuffer}, blocking). A view writes its region
     * of the root. A deallocated buffer writes at its stale address, as upstream.
     *
     * @param buffer the buffer
     * @param data exactly {@code buffer.size()} bytes
     * @throws IllegalArgumentException if {@code data} has another length
     * @throws IllegalStateException if the buffer's device is closed
     * @throws TtException "Can only query the address of a buffer that has been allocated" for an
     *     ALLOCATION_REQUESTED buffer
     * @throws UnsupportedOperationException for a buffer on a mesh device (write the MeshBuffer instead)
     */
    public static void enqueueWriteBuffer(Buffer buffer, byte[] data) {
        BufferTransfer.write(buffer, data);
    }

    /**
     * Reads {@code buffer}'s pages ({@code EnqueueReadBuffer}, blocking); never-written bytes read as 0.
     *
     * @param buffer the buffer
     * @return {@code buffer.size()} bytes
     * @throws IllegalStateException if the buffer's device is closed
     * @throws TtException "Can only query the address of a buffer that has been allocated" for an
     *     ALLOCATION_REQUESTED buffer
     * @throws UnsupportedOperationException for a buffer on a mesh device (read the MeshBuffer instead)
     */
    public static byte[] enqueueReadBuffer(Buffer buffer) {
        return BufferTransfer.read(buffer);
    }

    /**
     * Writes a mesh buffer ({@code EnqueueWriteMeshBuffer}): replicated ⇒ every device gets {@code data}; sharded ⇒
     * each device gets its shard of the row-major global buffer.
     *
     * @param meshBuffer the mesh buffer
     * @param data exactly {@code meshBuffer.size()} bytes
     * @throws IllegalArgumentException if {@code data} has another length
     * @throws IllegalStateException if the mesh buffer was closed
     * @throws TtException "Can't get device from mesh buffer, already deallocated" if its mesh was closed
     */
    public static void enqueueWriteMeshBuffer(MeshBuffer meshBuffer, byte[] data) {
        MeshBufferTransfer.write(meshBuffer, data);
    }

    /**
     * Reads the device-local buffer of {@code meshBuffer} at {@code coord} ({@code ReadShard}).
     *
     * @param meshBuffer the mesh buffer
     * @param coord the device
     * @return {@code meshBuffer.deviceLocalSize()} bytes
     * @throws IllegalArgumentException if {@code coord} is outside the mesh
     * @throws IllegalStateException if the mesh buffer was closed or the device is closed
     * @throws TtException "Can't get device from mesh buffer, already deallocated" if its mesh was closed
     */
    public static byte[] enqueueReadMeshBuffer(MeshBuffer meshBuffer, MeshCoordinate coord) {
        return MeshBufferTransfer.read(meshBuffer, coord);
    }

    // ---- programs (added on branch port-program) ----------------------------------------------------------------

    /**
     * Makes {@code program} keep {@code buffer} alive ({@code AssignGlobalBufferToProgram} →
     * {@code ProgramImpl::add_buffer}): the program's pool takes one reference, given back by
     * {@link Program#releaseBuffers()} or {@link Program#close()}. The caller keeps its own reference.
     *
     * @param buffer the buffer
     * @param program the program
     * @throws IllegalArgumentException if an argument is null
     * @throws IllegalStateException if the program is closed or the buffer already destroyed
     */
    public static void assignGlobalBufferToProgram(Buffer buffer, Program program) {
        if (buffer == null || program == null) {
            throw new IllegalArgumentException("buffer and program must not be null");
        }
        program.addBuffer(buffer);
    }

    /**
     * Adds a circular buffer to {@code program} on {@code coreSpec} ({@code CreateCircularBuffer} →
     * {@code ProgramImpl::add_circular_buffer}); see {@link Program#addCircularBuffer}.
     *
     * @param program the program
     * @param coreSpec the cores
     * @param config the CB's size and indices
     * @return the CB's id
     * @throws TtException "Cannot add circular buffer to an already compiled program {id}" or "Invalid circular
     *     buffer index: Cannot add circular buffer at index {i}, another circular buffer already exists"
     * @throws IllegalArgumentException if an argument is null
     */
    public static int createCircularBuffer(Program program, CoreRangeSet coreSpec, CircularBufferConfig config) {
        if (program == null || coreSpec == null || config == null) {
            throw new IllegalArgumentException("program, coreSpec and config must not be null");
        }
        return program.addCircularBuffer(coreSpec, config);
    }

    // ---- reports ------------------------------------------------------------------------------------------------

    /**
     * Writes the three memory reports of {@code device} ({@code DumpDeviceMemoryState}); see
     * {@link MemoryReporter#dumpDeviceMemoryState(IDevice, String)}.
     *
     * @param device the device or mesh device
     * @param prefix prepended to each file name, may be empty
     * @return the directory written
     */
    public static Path dumpDeviceMemoryState(IDevice device, String prefix) {
        return MemoryReporter.dumpDeviceMemoryState(device, prefix);
    }

    private static void requireConfig(Object config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
    }
}
