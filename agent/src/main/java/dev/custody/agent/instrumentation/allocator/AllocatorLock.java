package dev.custody.agent.instrumentation.allocator;

import dev.custody.agent.bootstrap.AgentErrors;
import dev.custody.agent.ledger.AllocatorGuards;
import java.lang.reflect.Field;

/**
 * The port's allocators hold their private {@code lock} object in every method, and the allocate and free events are
 * delivered inside it ({@link CriticalSectionEvents}). Any other allocator has no lock the ledger can use.
 */
public final class AllocatorLock implements AllocatorGuards {
    /*
     * Design. The field is found by reflection on the allocator's own class, when the ledger first meets an
     * allocator, never through Allocator.class: naming the class here would load it from the agent's code at
     * premain, before the transformer that instruments it is installed. The port runs on the class path (the unnamed
     * module), so the private field is accessible. If it cannot be read, there is no lock to name: the ledger then
     * locks the allocator object for every write (a CAS pair each), and the failure is counted like any agent
     * error.
     */
    private static final String ALLOCATOR = CriticalSectionEvents.ALLOCATOR.replace('/', '.');

    private volatile Field lock;

    @Override
    public Object lockOf(Object allocator) {
        if (!allocator.getClass().getName().equals(ALLOCATOR)) {
            return null;
        }
        try {
            Field f = lock;
            if (f == null) {
                f = allocator.getClass().getDeclaredField("lock");
                f.setAccessible(true);
                lock = f;
            }
            return f.get(allocator);
        } catch (ReflectiveOperationException | RuntimeException e) {
            AgentErrors.record(e);
            return null;
        }
    }
}
