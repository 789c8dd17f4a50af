package dev.custody.metal.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiled programs and workloads kept alive by a device ({@code program_cache::detail::ProgramCache}).
 *
 * <p>The cache owns its entries: clearing it closes them, which is how cached kernel-binary buffers and program
 * buffer pools get released. Thread-safe.
 */
public final class ProgramCache {
    private final Object lock = new Object();
    /** Entries in insertion order, by program hash. */
    private final Map<Long, AutoCloseable> entries = new LinkedHashMap<>();

    private boolean enabled;

    /** Creates a disabled, empty cache. */
    public ProgramCache() {}

    /** Enables caching ({@code enable_program_cache}); enabling twice is harmless. */
    public void enable() {
        synchronized (lock) {
            enabled = true;
        }
    }

    /** {@return true if enabled} */
    public boolean isEnabled() {
        synchronized (lock) {
            return enabled;
        }
    }

    /**
     * Looks an entry up.
     *
     * @param key the program hash
     * @return the entry cached under {@code key}, empty if none
     */
    public Optional<AutoCloseable> find(long key) {
        synchronized (lock) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    /**
     * Caches {@code entry} under {@code key}; the cache closes it when cleared.
     *
     * @param key the program hash
     * @param entry the cached workload or program; the cache takes ownership
     * @throws IllegalStateException if the cache is disabled (callers check {@link #isEnabled} first, as upstream's
     *     device operations do) or {@code key} is already cached (look it up with {@link #find} instead)
     */
    public void insert(long key, AutoCloseable entry) {
        synchronized (lock) {
            if (!enabled) {
                throw new IllegalStateException(
                        "program cache is disabled; call enable() before inserting entry " + key);
            }
            if (entries.containsKey(key)) {
                throw new IllegalStateException(
                        "program cache already holds an entry for key " + key + "; use find(key) to reuse it");
            }
            entries.put(key, entry);
        }
    }

    /**
     * Empties the cache and closes every entry in insertion order ({@code clear_program_cache}). Every entry is
     * closed even if an earlier one fails.
     *
     * @throws RuntimeException the first entry's unchecked failure, or an {@code IllegalStateException} wrapping its
     *     checked one; later failures are added as suppressed
     */
    public void clear() {
        List<Map.Entry<Long, AutoCloseable>> closing;
        synchronized (lock) {
            closing = new ArrayList<>(entries.entrySet());
            entries.clear();
        }
        // Entries are closed outside the lock: closing one may free buffers that reach back into the device.
        RuntimeException failure = null;
        for (Map.Entry<Long, AutoCloseable> e : closing) {
            try {
                e.getValue().close();
            } catch (Exception ex) {
                if (failure == null) {
                    failure = ex instanceof RuntimeException re
                            ? re
                            : new IllegalStateException("closing program cache entry " + e.getKey() + " failed", ex);
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Disables the cache, then clears it ({@code disable_and_clear_program_cache}). */
    public void disableAndClear() {
        synchronized (lock) {
            enabled = false;
        }
        clear();
    }

    /** {@return the number of cached entries ({@code num_program_cache_entries})} */
    public int numEntries() {
        synchronized (lock) {
            return entries.size();
        }
    }
}
