package dev.custody.agent.instrumentation.buffer;

import dev.custody.agent.bootstrap.CallCheck;
import dev.custody.agent.bootstrap.Custody;
import dev.custody.metal.buffer.AllocationStatus;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.device.IDevice;
import dev.custody.metal.mesh.MeshDevice;

/**
 * Run before each application call of {@code Buffer.address()} (inserted by the call-site visitor): asks the
 * ledger about a freed owning buffer or an alias; an allocated owning buffer costs two field reads.
 */
// AllocationStatus and BufferType ordinals are the values the events carry.
@SuppressWarnings("EnumOrdinal")
public final class AddressCheck implements CallCheck {
    @Override
    public void check(Object receiver) {
        if (receiver instanceof Buffer b) {
            used(b, Custody.ADDRESS);
        }
    }

    /**
     * Tells the ledger that {@code b} was read, written or asked for its address, unless it is an allocated owning
     * buffer (the common case: two field reads and no call into the ledger) or one whose allocation was only
     * requested. Called by this check and by the advice on the host API's reads and writes.
     *
     * @param b the buffer, not null
     * @param access {@link Custody#READ}, {@link Custody#WRITE} or {@link Custody#ADDRESS}
     */
    public static void used(Buffer b, int access) {
        AllocationStatus status = b.allocationStatus();
        if (status == AllocationStatus.ALLOCATION_REQUESTED || (b.ownsData() && status == AllocationStatus.ALLOCATED)) {
            return;
        }
        IDevice d = b.device();
        Custody.bufferUsed(
                b.uniqueId(),
                b.rootBuffer().uniqueId(),
                b.ownsData(),
                status.ordinal(),
                b.allocator(),
                d.id(),
                d instanceof MeshDevice,
                b.bufferType().ordinal(),
                b.address(),
                b.size(),
                access);
    }
}
