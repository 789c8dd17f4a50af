package dev.custody.bench;

import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.device.DeviceSpec;

/**
 * The tiny application of the start-up benchmark: opens a device, creates and closes one 4 KiB DRAM buffer,
 * closes the device and exits. Timed from launch to exit with and without {@code -javaagent}.
 */
public final class StartupApp {
    private StartupApp() {}

    /** Entry point; takes no arguments and prints nothing. */
    public static void main(String[] args) {
        try (Device device = Device.open(0, DeviceSpec.wormholeB0())) {
            Buffer b = Buffer.create(device, 4096, 2048, BufferType.DRAM);
            b.close();
        }
    }
}
