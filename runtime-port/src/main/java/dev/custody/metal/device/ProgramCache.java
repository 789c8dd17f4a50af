package dev.custody.metal.device;

import java.util.Optional;

/** Compiled programs kept alive by a device ({@code program_cache::detail::ProgramCache}). */
public final class ProgramCache {
    /** Creates a disabled, empty cache. */
    public ProgramCache() {}

    /** Enables caching. */
    public void enable() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return true if enabled} */
    public boolean isEnabled() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the entry cached under {@code key}, empty if none} */
    public Optional<AutoCloseable> find(long key) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Caches {@code entry} under {@code key}; the cache closes it when cleared.
     *
     * @param key the program hash
     * @param entry the cached workload or program
     */
    public void insert(long key, AutoCloseable entry) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Closes every entry in insertion order and empties the cache. */
    public void clear() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Disables the cache, then clears it. */
    public void disableAndClear() {
        throw new UnsupportedOperationException("not yet");
    }

    /** {@return the number of cached entries} */
    public int numEntries() {
        throw new UnsupportedOperationException("not yet");
    }
}
