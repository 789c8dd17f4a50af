package dev.custody.agent.ledger;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger's view of one allocator instance: its live blocks by address and, per address, the block
 * freed last (the tombstone that names the first free of a double free or the freed owner of a stale alias).
 */
final class AllocatorState {
    final Object allocator;
    volatile int deviceId;
    volatile boolean mesh;
    final AddressTable live = new AddressTable();
    /** Per address, the block freed there last (kept until another block is freed at that address). */
    final AddressTable freed = new AddressTable();
    /** Blocks still live when the device closed, by address: findings once released later, or at exit. */
    final ConcurrentHashMap<Long, Allocation> closedLive = new ConcurrentHashMap<>();
    /** For a physical device of a mesh: the mesh's allocator state. */
    volatile AllocatorState meshParent;

    volatile int[] physicalIds;
    volatile boolean known;
    volatile boolean closed;
    volatile int closeSite;

    AllocatorState(Object allocator, int deviceId, boolean mesh) {
        this.allocator = allocator;
        this.deviceId = deviceId;
        this.mesh = mesh;
    }

    String device() {
        return (mesh ? "mesh " : "device ") + deviceId;
    }

    boolean partOfMesh() {
        return mesh || meshParent != null;
    }

    String label() {
        return "allocator of " + device();
    }
}
