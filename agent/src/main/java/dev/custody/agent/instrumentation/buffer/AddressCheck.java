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
        if (!(receiver instanceof Buffer b)) {
            return;
        }
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
                Custody.ADDRESS);
    }
}
