package dev.custody.metal.llama;

import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.mesh.MeshDevice;
import java.util.ArrayList;
import java.util.List;

/** Samples the allocator statistics of a mesh and its devices and keeps the maxima. */
final class MemoryPeaks {
    private final MeshDevice mesh;
    /** [0] = mesh, [1 + i] = device i; each {dram, l1}. */
    private final long[][] peaks;

    MemoryPeaks(MeshDevice mesh) {
        this.mesh = mesh;
        this.peaks = new long[1 + mesh.numDevices()][2];
    }

    void sample() {
        record(0, mesh.allocator());
        List<Device> devices = mesh.getDevices();
        for (int i = 0; i < devices.size(); i++) {
            record(1 + i, devices.get(i).allocator());
        }
    }

    private void record(int slot, Allocator a) {
        peaks[slot][0] =
                Math.max(peaks[slot][0], a.getStatistics(BufferType.DRAM).totalAllocatedBytes());
        peaks[slot][1] = Math.max(peaks[slot][1], a.getStatistics(BufferType.L1).totalAllocatedBytes());
    }

    /** {@return bytes still allocated per bank, DRAM plus L1, summed over the mesh and its devices} */
    static long allocatedNow(MeshDevice mesh) {
        long sum = allocated(mesh.allocator());
        for (Device d : mesh.getDevices()) {
            sum += allocated(d.allocator());
        }
        return sum;
    }

    private static long allocated(Allocator a) {
        return a.getStatistics(BufferType.DRAM).totalAllocatedBytes()
                + a.getStatistics(BufferType.L1).totalAllocatedBytes();
    }

    List<MemoryPeak> peaks() {
        List<MemoryPeak> out = new ArrayList<>();
        out.add(new MemoryPeak("mesh " + mesh.id(), peaks[0][0], peaks[0][1]));
        List<Device> devices = mesh.getDevices();
        for (int i = 0; i < devices.size(); i++) {
            out.add(new MemoryPeak("device " + devices.get(i).id(), peaks[1 + i][0], peaks[1 + i][1]));
        }
        return out;
    }
}
