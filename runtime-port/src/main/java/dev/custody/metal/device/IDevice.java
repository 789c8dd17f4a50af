package dev.custody.metal.device;

import dev.custody.metal.allocator.Allocator;
import java.util.OptionalLong;

/**
 * What buffers, programs and meshes need from a device ({@code IDevice} in {@code device.hpp}); implemented by
 * {@link Device} and by the mesh device.
 */
public interface IDevice {
    /** {@return the device id} */
    int id();

    /** {@return the architecture numbers} */
    DeviceSpec spec();

    /**
     * The device's allocator.
     *
     * @return the allocator
     * @throws IllegalStateException if the device is closed
     */
    Allocator allocator();

    /** {@return true between open and close} */
    boolean isInitialized();

    /** {@return L1 bytes per worker core} */
    long l1SizePerCore();

    /**
     * The lowest address of any L1 buffer (bank 0; all L1 banks move in lockstep).
     *
     * @return the address, or empty if no L1 buffer is allocated
     * @throws IllegalStateException if the device is closed
     */
    OptionalLong lowestOccupiedComputeL1Address();

    /** {@return the device's program cache} */
    ProgramCache programCache();

    /** {@return the compute-with-storage grid size (columns × rows)} */
    CoreCoord computeWithStorageGridSize();

    /** {@return the simulated device memory} */
    DeviceMemory memory();
}
