package dev.custody.metal.mesh;

import dev.custody.metal.TtException;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.ShardOrientation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One buffer at the same address on every device of a mesh ({@code MeshBuffer} in {@code mesh_buffer.hpp} /
 * {@code mesh_buffer.cpp}).
 *
 * <p>An owned mesh buffer is one owning <em>backing</em> {@link Buffer} whose device is the {@link MeshDevice} (the
 * only allocation, in the mesh's allocator) plus one non-owning device-local {@link Buffer} per device at the same
 * address. {@link #deallocate()} returns the address at once but leaves the device-local buffers ALLOCATED with the
 * stale address until {@link #close()}.
 */
public final class MeshBuffer implements AutoCloseable {
    /*
     * Design. Upstream holds the mesh device as a weak_ptr; here "expired" is MeshDevice.isClosed(). The state
     * variant is an enum plus the backing buffer reference (non-null only while OWNED), so dropping the Owned
     * alternative is closing that reference: the backing Buffer is destroyed (and frees) unless someone else
     * retained it. The device-local buffers are created by this object and closed only by close(), which is
     * ~MeshBuffer: deallocate() first, then the members die. Method names deallocate, close and
     * initializeDeviceBuffers are kept because the Custody agent intercepts them.
     */

    /** The alternatives of upstream's {@code MeshBufferState}. */
    public enum State {
        /** Holds the backing buffer that owns the address. */
        OWNED,
        /** Created over an address someone else owns. */
        EXTERNALLY_OWNED,
        /** Deallocated; the address is stale. */
        DEALLOCATED
    }

    private final MeshBufferConfig config;
    private final DeviceLocalBufferConfig deviceLocalConfig;
    private final MeshDevice meshDevice;
    private final long address;
    private final long deviceLocalSize;
    /** Row-major device-local buffers; filled by {@link #initializeDeviceBuffers()}. */
    private final List<Buffer> buffers = new ArrayList<>();

    private State state;
    /** The Owned alternative's payload; null in every other state. */
    private Buffer backingBuffer;

    private boolean closed;

    private MeshBuffer(
            MeshBufferConfig config,
            DeviceLocalBufferConfig deviceLocalConfig,
            MeshDevice meshDevice,
            long address,
            long deviceLocalSize,
            Buffer backingBuffer) {
        this.config = config;
        this.deviceLocalConfig = deviceLocalConfig;
        this.meshDevice = meshDevice;
        this.address = address;
        this.deviceLocalSize = deviceLocalSize;
        this.backingBuffer = backingBuffer;
        this.state = backingBuffer != null ? State.OWNED : State.EXTERNALLY_OWNED;
    }

    /**
     * Creates an owned mesh buffer: one owning backing buffer allocated in the mesh's allocator, then one non-owning
     * device-local buffer per device at its address. The caller must {@link #close()} it.
     *
     * @param config replicated or sharded
     * @param deviceLocalConfig the layout within each device
     * @param meshDevice the open mesh
     * @return the OWNED mesh buffer
     * @throws TtException with the upstream text if a sharded config does not fit the mesh, or from the backing
     *     buffer's validation
     * @throws dev.custody.metal.allocator.OutOfDeviceMemoryException if the mesh allocator has no room; nothing is
     *     changed
     * @throws IllegalArgumentException if an argument is null or invalid
     * @throws IllegalStateException if the mesh is closed
     */
    public static MeshBuffer create(
            MeshBufferConfig config, DeviceLocalBufferConfig deviceLocalConfig, MeshDevice meshDevice) {
        long localSize = validate(config, deviceLocalConfig, meshDevice);
        Buffer backing = Buffer.create(
                meshDevice,
                localSize,
                deviceLocalConfig.pageSize(),
                deviceLocalConfig.bufferType(),
                deviceLocalConfig.shardingArgs(),
                deviceLocalConfig.bottomUp());
        MeshBuffer meshBuffer;
        try {
            meshBuffer = new MeshBuffer(config, deviceLocalConfig, meshDevice, backing.address(), localSize, backing);
            meshBuffer.initializeDeviceBuffers();
        } catch (RuntimeException e) {
            backing.close();
            throw e;
        }
        return meshBuffer;
    }

    /**
     * Creates an externally owned mesh buffer over {@code address}: device-local buffers only, no allocator call.
     * The caller must {@link #close()} it; that frees nothing.
     *
     * @param address the address on every device, {@code >= 0}
     * @return the EXTERNALLY_OWNED mesh buffer
     * @throws TtException with the upstream text if a sharded config does not fit the mesh
     * @throws IllegalArgumentException if an argument is null or invalid
     * @throws IllegalStateException if the mesh is closed
     */
    public static MeshBuffer create(
            MeshBufferConfig config, DeviceLocalBufferConfig deviceLocalConfig, MeshDevice meshDevice, long address) {
        if (address < 0) {
            throw new IllegalArgumentException("address (" + address + ") must be >= 0");
        }
        long localSize = validate(config, deviceLocalConfig, meshDevice);
        MeshBuffer meshBuffer = new MeshBuffer(config, deviceLocalConfig, meshDevice, address, localSize, null);
        meshBuffer.initializeDeviceBuffers();
        return meshBuffer;
    }

    /** Checks the arguments and returns the device-local size ({@code validate_mesh_buffer_config}). */
    private static long validate(
            MeshBufferConfig config, DeviceLocalBufferConfig deviceLocalConfig, MeshDevice meshDevice) {
        if (config == null || deviceLocalConfig == null || meshDevice == null) {
            throw new IllegalArgumentException("config, deviceLocalConfig and meshDevice must not be null");
        }
        if (meshDevice.isClosed()) {
            throw new IllegalStateException("mesh device " + meshDevice.id() + " is closed; cannot create buffers");
        }
        if (config instanceof ReplicatedBufferConfig replicated) {
            return replicated.size();
        }
        ShardedBufferConfig sharded = (ShardedBufferConfig) config;
        Shape2D global = sharded.globalBufferShape();
        Shape2D shard = sharded.physicalShardShape();
        if (global.height() % shard.height() != 0 || global.width() % shard.width() != 0) {
            throw new TtException("Global buffer shape must be aligned with the shard shape: requested buffer shape: ("
                    + global.height() + ", " + global.width() + "), shard shape: (" + shard.height() + ", "
                    + shard.width() + ")");
        }
        long numShards = (global.height() / shard.height()) * (global.width() / shard.width());
        if (sharded.heightReplicated() && sharded.widthReplicated()) {
            numShards *= (long) meshDevice.numCols() * meshDevice.numRows();
        } else if (sharded.heightReplicated() || sharded.widthReplicated()) {
            numShards *= sharded.shardOrientation() == ShardOrientation.ROW_MAJOR
                    ? meshDevice.numRows()
                    : meshDevice.numCols();
        }
        if (numShards > meshDevice.numDevices()) {
            throw new TtException("The sharded tensor does not fit on the Mesh. Num shards in buffer " + numShards
                    + ", Num Devices " + meshDevice.numDevices());
        }
        return sharded.computeDatumSizeBytes() * shard.height() * shard.width();
    }

    /**
     * Creates one non-owning buffer per device of the (open) mesh at {@link #address()}
     * ({@code initialize_device_buffers}). If one fails, those already created are closed.
     */
    private void initializeDeviceBuffers() {
        if (meshDevice.isClosed()) {
            return;
        }
        try {
            for (var device : meshDevice.getDevices()) {
                buffers.add(Buffer.createAt(
                        device,
                        address,
                        deviceLocalSize,
                        deviceLocalConfig.pageSize(),
                        deviceLocalConfig.bufferType(),
                        deviceLocalConfig.shardingArgs(),
                        deviceLocalConfig.bottomUp()));
            }
        } catch (RuntimeException e) {
            for (Buffer b : buffers) {
                b.close();
            }
            buffers.clear();
            throw e;
        }
    }

    /**
     * Deallocates the mesh buffer ({@code MeshBuffer::deallocate}); later calls do nothing.
     *
     * <p>Mesh alive: the state becomes DEALLOCATED and the Owned state's reference on the backing buffer is
     * released, so the backing buffer frees its address in the mesh allocator unless someone else still holds it.
     * The device-local buffers are untouched: ALLOCATED with the stale address until {@link #close()}. Mesh closed:
     * an owned backing buffer is first {@link Buffer#markAsDeallocated() marked deallocated}, so no allocator is
     * called.
     */
    public synchronized void deallocate() {
        Buffer backing = backingBuffer;
        if (backing != null && meshDevice.isClosed()) {
            backing.markAsDeallocated();
        }
        backingBuffer = null;
        state = State.DEALLOCATED;
        if (backing != null) {
            backing.close();
        }
    }

    /**
     * Destroys the mesh buffer ({@code ~MeshBuffer}): {@link #deallocate()}, then releases the device-local buffers
     * (non-owning, so nothing is freed).
     *
     * @throws IllegalStateException if already closed
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("mesh buffer at address " + address + " on mesh device "
                        + meshDevice.id() + " was already closed; close it exactly once");
            }
            closed = true;
        }
        deallocate();
        for (Buffer b : buffers) {
            b.close();
        }
    }

    /** {@return the state} */
    public synchronized State state() {
        return state;
    }

    /** {@return false once deallocated or once the mesh is closed ({@code is_allocated})} */
    public synchronized boolean isAllocated() {
        return state != State.DEALLOCATED && !meshDevice.isClosed();
    }

    /** {@return true after {@link #close()}} */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** {@return the address on every device; stale after deallocation} */
    public long address() {
        return address;
    }

    /** {@return the replicated size, or the global size of a sharded buffer} */
    public long size() {
        return config.size();
    }

    /** {@return the bytes each device holds} */
    public long deviceLocalSize() {
        return deviceLocalSize;
    }

    /** {@return the mesh-level configuration} */
    public MeshBufferConfig config() {
        return config;
    }

    /** {@return the per-device configuration} */
    public DeviceLocalBufferConfig deviceLocalConfig() {
        return deviceLocalConfig;
    }

    /** {@return REPLICATED or SHARDED} */
    public MeshBufferLayout globalLayout() {
        return config.layout();
    }

    /** {@return the page size of each device's buffer} */
    public long pageSize() {
        return deviceLocalConfig.pageSize();
    }

    /**
     * Returns the mesh device.
     *
     * @return the mesh device
     * @throws TtException "Can't get device from mesh buffer, already deallocated" once the mesh is closed
     */
    public MeshDevice device() {
        if (meshDevice.isClosed()) {
            throw new TtException("Can't get device from mesh buffer, already deallocated");
        }
        return meshDevice;
    }

    /** {@return the backing buffer while OWNED, else null ({@code get_backing_buffer})} */
    public synchronized Buffer getBackingBuffer() {
        return backingBuffer;
    }

    /**
     * Returns the device-local buffer at {@code coord}; no reference is added ({@link Buffer#retain()} to keep it).
     *
     * @param coord the device's coordinate
     * @return the non-owning buffer
     * @throws IllegalArgumentException if {@code coord} is outside the mesh
     * @throws IllegalStateException if the mesh buffer was closed, or the mesh was closed before it was created
     */
    public synchronized Buffer getDeviceBuffer(MeshCoordinate coord) {
        int index = meshDevice.linearIndex(coord);
        requireDeviceBuffers();
        return buffers.get(index);
    }

    /**
     * Returns the first device-local buffer ({@code get_reference_buffer}).
     *
     * @return the buffer of device (0, 0)
     * @throws IllegalStateException if there are no device-local buffers or the mesh buffer was closed
     */
    public synchronized Buffer getReferenceBuffer() {
        requireDeviceBuffers();
        return buffers.get(0);
    }

    /** {@return the device-local buffers in row-major order (empty after close)} */
    public synchronized List<Buffer> deviceBuffers() {
        return closed ? List.of() : Collections.unmodifiableList(new ArrayList<>(buffers));
    }

    private void requireDeviceBuffers() {
        if (closed) {
            throw new IllegalStateException("mesh buffer at address " + address + " was closed");
        }
        if (buffers.isEmpty()) {
            throw new IllegalStateException("mesh buffer at address " + address
                    + " has no device-local buffers (its mesh was closed before it was created)");
        }
    }

    @Override
    public synchronized String toString() {
        return "MeshBuffer{mesh=" + meshDevice.id() + ", " + config.layout() + ", size=" + config.size() + ", address="
                + address + ", " + state + (closed ? ", closed" : "") + "}";
    }
}
