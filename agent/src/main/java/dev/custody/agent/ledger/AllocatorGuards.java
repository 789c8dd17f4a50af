package dev.custody.agent.ledger;

/**
 * Names the lock the runtime holds while it delivers an allocator's allocate and free events
 * ({@link Ledger#allocatorAllocated}, {@link Ledger#allocatorFreeing}), if there is one. The ledger's writes to that
 * allocator's state are then serialized by that lock: the events write without any lock operation of their own (their
 * thread holds it already), and every other write takes it.
 */
public interface AllocatorGuards {
    /**
     * Returns the monitor {@code allocator}'s thread holds whenever it delivers the allocator's allocate and free
     * events, or null when the events come without one (the ledger then locks the allocator object itself for every
     * write). Called once per allocator, when the ledger first sees it; must not throw.
     *
     * @param allocator the allocator, not null
     * @return the monitor, or null
     */
    Object lockOf(Object allocator);

    /** No allocator's events come under a lock: for callers that deliver them from anywhere (tests). */
    AllocatorGuards NONE = new None();

    /** {@link #NONE}'s class: a named class rather than a lambda, which would be spun at start-up. */
    final class None implements AllocatorGuards {
        private None() {}

        @Override
        public Object lockOf(Object allocator) {
            return null;
        }
    }
}
