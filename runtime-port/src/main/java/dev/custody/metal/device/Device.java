package dev.custody.metal.device;

import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.allocator.AllocatorConfig;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One physical device ({@code Device} in {@code device.cpp}): its allocator, program cache and simulated memory.
 *
 * <p>A device id can be open at most once per process at a time. {@link #close()} clears the program cache and
 * frees every buffer still allocated; afterwards the allocator, memory and lowest-L1 query refuse to be used.
 * Thread-safe.
 */
public final class Device implements IDevice, AutoCloseable {
    /** Ids currently open in this process. */
    private static final Set<Integer> OPEN_IDS = ConcurrentHashMap.newKeySet();

    private final int id;
    private final DeviceSpec spec;
    private final Allocator allocator;
    private final ProgramCache programCache = new ProgramCache();
    private final DeviceMemory memory = new DeviceMemory();

    /** True between open and close; read without the lock by isInitialized(). */
    private volatile boolean initialized = true;

    private Device(int id, DeviceSpec spec, Allocator allocator) {
        this.id = id;
        this.spec = spec;
        this.allocator = allocator;
    }

    /**
     * Opens device {@code id} ({@code CreateDevice}).
     *
     * @param id the device id, {@code >= 0}
     * @param spec the architecture numbers
     * @return the open device
     * @throws IllegalArgumentException if {@code id} is negative or the spec's regions do not fit
     * @throws IllegalStateException if device {@code id} is already open in this process
     * @throws dev.custody.metal.TtException if the spec breaks an upstream rule (bank count, L1_SMALL size)
     */
    public static Device open(int id, DeviceSpec spec) {
        if (id < 0) {
            throw new IllegalArgumentException("device id (" + id + ") must be >= 0");
        }
        if (!OPEN_IDS.add(id)) {
            throw new IllegalStateException(
                    "device " + id + " is already open in this process; close it before opening it again");
        }
        try {
            return new Device(id, spec, new Allocator(AllocatorConfig.from(spec)));
        } catch (RuntimeException e) {
            OPEN_IDS.remove(id);
            throw e;
        }
    }

    /**
     * {@return true if device {@code id} is open in this process}
     *
     * @param id the device id
     */
    public static boolean isOpen(int id) {
        return OPEN_IDS.contains(id);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public DeviceSpec spec() {
        return spec;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the device is closed
     */
    @Override
    public Allocator allocator() {
        requireOpen("allocator()");
        return allocator;
    }

    @Override
    public boolean isInitialized() {
        return initialized;
    }

    @Override
    public long l1SizePerCore() {
        return spec.workerL1Size();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the device is closed
     */
    @Override
    public OptionalLong lowestOccupiedComputeL1Address() {
        requireOpen("lowestOccupiedComputeL1Address()");
        return allocator.getLowestOccupiedL1Address(0);
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
     * {@inheritDoc}
     *
     * @throws IllegalStateException if the device is closed
     */
    @Override
    public DeviceMemory memory() {
        requireOpen("memory()");
        return memory;
    }

    /**
     * Closes the device ({@code Device::close}): clears the program cache (closing its entries), frees every buffer
     * still allocated without per-buffer frees ({@code deallocate_buffers}), drops the simulated memory and releases
     * the id. Closing a closed device does nothing.
     *
     * @throws RuntimeException if closing a program cache entry fails; the device is closed regardless
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!initialized) {
                return;
            }
            try {
                programCache.clear();
            } finally {
                allocator.deallocateBuffers();
                memory.clear();
                initialized = false;
                OPEN_IDS.remove(id);
            }
        }
    }

    @Override
    public String toString() {
        return "Device " + id + " (" + spec.arch() + (initialized ? "" : ", closed") + ")";
    }

    private void requireOpen(String what) {
        if (!initialized) {
            throw new IllegalStateException("device " + id + " is closed; " + what
                    + " is unavailable after close(). Open it again with Device.open(" + id + ", spec)");
        }
    }
}
