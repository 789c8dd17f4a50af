package dev.custody.agent.ledger;

/**
 * Live bytes on one physical device at the time of a snapshot, per buffer type (mesh allocations counted on
 * every device of the mesh).
 *
 * @param deviceId the physical device id
 * @param buffers live allocations on the device
 * @param dram DRAM bytes
 * @param l1 L1 bytes
 * @param l1Small L1_SMALL bytes
 * @param trace TRACE bytes
 */
public record DeviceStats(int deviceId, long buffers, long dram, long l1, long l1Small, long trace) {
    /** Returns the sum over all buffer types. */
    public long total() {
        return dram + l1 + l1Small + trace;
    }
}
