package dev.custody.agent.ledger;

/**
 * A non-owning buffer created at an address: an alias of the allocation it was created over (for a mesh
 * buffer's device-local buffers, the backing allocation).
 */
final class AliasRecord {
    final long uid;
    final int deviceId;
    volatile Allocation target;
    volatile MeshRecord mesh;
    final int site;

    AliasRecord(long uid, int deviceId, Allocation target, int site) {
        this.uid = uid;
        this.deviceId = deviceId;
        this.target = target;
        this.site = site;
    }
}
