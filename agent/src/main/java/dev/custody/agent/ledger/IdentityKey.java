package dev.custody.agent.ledger;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A map key that compares its object by reference and does not keep it alive.
 *
 * <p>Two keys are equal while they refer to the same live object. Once the object is collected, a key equals only
 * itself: a map entry under it is then found by the key instance, which its reference queue hands back.
 */
final class IdentityKey extends WeakReference<Object> {
    /*
     * Design. The rules ledger holds every resource acquired and not yet released. Strong keys kept each such object,
     * and whatever it holds, alive for the rest of the run: a stream dropped without close() was never collected, so
     * its Cleaner never closed the file, and under the agent an application that leans on the Cleaner would run out
     * of file descriptors. A weak key leaves the object's life as it was, and its collection is the evidence that it
     * leaked (the object is unreachable and was never released), as Netty's leak detector reads it.
     */
    private final int hash;

    /** A key for looking an object up; it is never enqueued. */
    IdentityKey(Object object) {
        super(object);
        this.hash = System.identityHashCode(object);
    }

    /** A key for storing an object, enqueued on {@code queue} once the object is collected. */
    IdentityKey(Object object, ReferenceQueue<Object> queue) {
        super(object, queue);
        this.hash = System.identityHashCode(object);
    }

    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (!(other instanceof IdentityKey k)) {
            return false;
        }
        Object mine = get();
        return mine != null && k.refersTo(mine);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
