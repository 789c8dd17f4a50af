package dev.custody.metal.buffer;

/** The lifecycle state of a {@link Buffer} ({@code Buffer::AllocationStatus}, spec §2.4). */
public enum AllocationStatus {
    /** Constructed, no address yet; {@link Buffer#address()} throws. */
    ALLOCATION_REQUESTED,
    /** Has an address (allocated, at-address, view, or size 0). */
    ALLOCATED,
    /** Freed or marked freed; the address is stale but still readable. */
    DEALLOCATED
}
