package dev.custody.agent.ledger;

/**
 * Receives the ledger's allocations, frees and findings as they happen (the allocation-server stream). A
 * mesh buffer's memory arrives once per physical device, as its device-local aliases.
 */
public interface LedgerListener {
    /** A device or mesh device opened. */
    void deviceOpened(int deviceId, boolean mesh, String arch, long dram, long l1, long l1Small, long trace);

    /** Memory became owned by {@code objectId} on physical device {@code deviceId}. */
    void allocated(long objectId, int deviceId, int bufferType, long address, long size, String site);

    /** The memory of {@code objectId} was freed. */
    void freed(long objectId);

    /** A finding about {@code objectId}; {@code line} is its one-line summary. */
    void finding(long objectId, String kind, String line);
}
