package dev.custody.agent.ledger;

/**
 * A non-owning buffer created at an address: an alias of the allocation it was created over. (A mesh buffer's
 * device-local buffers are not recorded here: their {@link MeshRecord} holds them.)
 */
final class AliasRecord {
    final long uid;
    final int deviceId;
    final Allocation target;
    final int site;

    AliasRecord(long uid, int deviceId, Allocation target, int site) {
        this.uid = uid;
        this.deviceId = deviceId;
        this.target = target;
        this.site = site;
    }
}
