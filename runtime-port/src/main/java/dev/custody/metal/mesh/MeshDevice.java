package dev.custody.metal.mesh;

import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.allocator.AllocatorConfig;
import dev.custody.metal.device.CoreCoord;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceMemory;
import dev.custody.metal.device.DeviceSpec;
import dev.custody.metal.device.IDevice;
import dev.custody.metal.device.ProgramCache;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rectangle of physical devices driven in lockstep ({@code MeshDevice} in {@code mesh_device.hpp}).
 *
 * <p>A mesh has its own {@link Allocator}, built from the same spec as its devices: mesh buffers reserve their
 * address there once for all devices, and the devices' own allocators are not touched. Mesh ids come from their own
 * counter starting at 0, so the first mesh has id 0 — the same id as physical device 0, exactly as upstream.
 */
public final class MeshDevice implements IDevice, AutoCloseable {
    /** Physical devices in the simulated cluster: a 4×8 Galaxy. */
    public static final int NUM_PHYSICAL_DEVICES = 32;

    /** {@code generate_unique_mesh_id}: static, starts at 0. */
    private static final AtomicInteger NEXT_MESH_ID = new AtomicInteger();

    private final int id;
    private final MeshShape shape;
    private final DeviceSpec spec;
    /** Row-major: the device at (row, col) is {@code devices.get(row * cols + col)}. */
    private final List<Device> devices;

    private final Allocator allocator;
    private final ProgramCache programCache = new ProgramCache();
    private volatile boolean closed;

    private MeshDevice(int id, MeshShape shape, DeviceSpec spec, List<Device> devices, Allocator allocator) {
        this.id = id;
        this.shape = shape;
        this.spec = spec;
        this.devices = List.copyOf(devices);
        this.allocator = allocator;
    }

    /**
     * Opens physical devices {@code 0 .. rows×cols − 1} with {@link Device#open} and builds the mesh's allocator from
     * {@code spec}.
     *
     * <p>If opening any device fails, the devices opened so far are closed again and no mesh id is taken.
     *
     * @param shape the mesh shape, e.g. 1×1, 1×2, 2×4 or 4×8
     * @param spec the architecture numbers of every device
     * @return the open mesh
     * @throws IllegalArgumentException if an argument is null or the shape needs more than
     *     {@value #NUM_PHYSICAL_DEVICES} devices
     * @throws IllegalStateException if one of the devices is already open
     */
    public static MeshDevice create(MeshShape shape, DeviceSpec spec) {
        if (shape == null || spec == null) {
            throw new IllegalArgumentException("shape and spec must not be null");
        }
        if (shape.numDevices() > NUM_PHYSICAL_DEVICES) {
            throw new IllegalArgumentException("mesh shape " + shape + " needs " + shape.numDevices()
                    + " devices but the cluster has " + NUM_PHYSICAL_DEVICES + "; use at most 4x8");
        }
        Allocator allocator = new Allocator(AllocatorConfig.from(spec));
        List<Device> opened = new ArrayList<>(shape.numDevices());
        try {
            for (int i = 0; i < shape.numDevices(); i++) {
                opened.add(Device.open(i, spec));
            }
        } catch (RuntimeException e) {
            for (Device d : opened) {
                d.close();
            }
            throw e;
        }
        return new MeshDevice(NEXT_MESH_ID.getAndIncrement(), shape, spec, opened, allocator);
    }

    /** {@return the mesh id (not a physical device id, though the first mesh's id is 0)} */
    @Override
    public int id() {
        return id;
    }

    /** {@return the mesh shape} */
    public MeshShape shape() {
        return shape;
    }

    /** {@return rows × columns} */
    public int numDevices() {
        return devices.size();
    }

    /** {@return the mesh rows} */
    public int numRows() {
        return shape.rows();
    }

    /** {@return the mesh columns} */
    public int numCols() {
        return shape.cols();
    }

    /** {@return the physical devices in row-major order (closed ones included after {@link #close()})} */
    public List<Device> getDevices() {
        return devices;
    }

    /**
     * Returns the device at {@code coord}.
     *
     * @param coord the coordinate
     * @return the device
     * @throws IllegalArgumentException if {@code coord} is outside the mesh
     */
    public Device getDevice(MeshCoordinate coord) {
        return devices.get(linearIndex(coord));
    }

    /** {@return the row-major index of {@code coord}, validated against the shape} */
    int linearIndex(MeshCoordinate coord) {
        if (coord == null || coord.row() >= shape.rows() || coord.col() >= shape.cols()) {
            throw new IllegalArgumentException(
                    "mesh coordinate " + coord + " is outside mesh " + id + " of shape " + shape);
        }
        return coord.row() * shape.cols() + coord.col();
    }

    /** {@return the coordinate of row-major index {@code index}} */
    MeshCoordinate coordinate(int index) {
        return new MeshCoordinate(index / shape.cols(), index % shape.cols());
    }

    @Override
    public DeviceSpec spec() {
        return spec;
    }

    /**
     * The mesh's own allocator.
     *
     * @return the allocator
     * @throws IllegalStateException if the mesh is closed
     */
    @Override
    public Allocator allocator() {
        requireOpen();
        return allocator;
    }

    @Override
    public boolean isInitialized() {
        return !closed;
    }

    /** {@return true after {@link #close()}; mesh buffers then treat the mesh as gone (an expired weak_ptr)} */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public long l1SizePerCore() {
        return spec.workerL1Size();
    }

    @Override
    public OptionalLong lowestOccupiedComputeL1Address() {
        return allocator().getLowestOccupiedL1Address(0);
    }

    @Override
    public ProgramCache programCache() {
        return programCache;
    }

    @Override
    public CoreCoord computeWithStorageGridSize() {
        return spec.computeGridSize();
    }

    /**
     * A mesh has no memory of its own: data lives on its devices.
     *
     * @throws UnsupportedOperationException always; write a {@link MeshBuffer} with
     *     {@code TtMetal.enqueueWriteMeshBuffer} or a device-local buffer instead
     */
    @Override
    public DeviceMemory memory() {
        throw new UnsupportedOperationException("mesh device " + id + " has no memory of its own; write the"
                + " MeshBuffer (TtMetal.enqueueWriteMeshBuffer) or one of its device-local buffers");
    }

    /**
     * Closes the mesh: disables and clears the program cache (closing cached workloads), frees everything still in
     * the mesh allocator without per-buffer frees ({@code deallocate_buffers}), then closes every device. Closing
     * twice is a no-op.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            programCache.disableAndClear();
            allocator.deallocateBuffers();
            closed = true;
        }
        for (Device d : devices) {
            d.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("mesh device " + id + " (" + shape + ") is closed");
        }
    }

    @Override
    public String toString() {
        return "MeshDevice{id=" + id + ", shape=" + shape + (closed ? ", closed" : "") + "}";
    }
}
