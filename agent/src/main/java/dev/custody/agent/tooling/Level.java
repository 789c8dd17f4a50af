package dev.custody.agent.tooling;

import java.util.Locale;

/** How much the agent does; each level includes the one before. */
public enum Level {
    /** Installs nothing: no class is transformed. */
    OFF,
    /** Counts allocations and frees; no ledger, no findings. */
    COUNT,
    /** The ownership ledger with call sites (the default). */
    TRACK,
    /** As TRACK, plus a full stack for one object in {@code sample}. */
    STACKS,
    /** As TRACK, plus a full stack for every object. */
    PARANOID;

    /** Returns the option spelling, e.g. {@code track}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
