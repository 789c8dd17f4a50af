package dev.custody.metal.device;

import dev.custody.metal.allocator.Allocator;
import java.util.OptionalLong;

/** One physical device ({@code Device} in {@code device.cpp}). */
public final class Device implements IDevice, AutoCloseable {
    private Device() {}

    /**
     * Opens device {@code id}.
     *
     * @param id the device id, {@code >= 0}
     * @param spec the architecture numbers
     * @return the open device
     * @throws IllegalArgumentException if {@code id} is negative
     * @throws IllegalStateException if device {@code id} is already open in this process
     */
    public static Device open(int id, DeviceSpec spec) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public int id() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public DeviceSpec spec() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public Allocator allocator() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public boolean isInitialized() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public long l1SizePerCore() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public OptionalLong lowestOccupiedComputeL1Address() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public ProgramCache programCache() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public CoreCoord computeWithStorageGridSize() {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public DeviceMemory memory() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Clears the program cache, frees every buffer still allocated and marks the device closed; idempotent. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }
}
