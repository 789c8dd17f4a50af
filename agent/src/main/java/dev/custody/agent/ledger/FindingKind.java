package dev.custody.agent.ledger;

/** The kinds of ownership bug the ledger reports, with the names the reports print. */
public enum FindingKind {
    /** Memory still owned when it should have been freed: at exit, at device close or at an explicit check. */
    LEAK("leak"),
    /** A second free of memory already freed. */
    DOUBLE_FREE("double-free"),
    /** A free of an address the allocator never handed out while tracked. */
    UNKNOWN_FREE("free-of-unknown-memory"),
    /** A free through a view or at-address buffer: ignored by the runtime, a latent bug. */
    ALIAS_FREE("free-through-alias"),
    /** A read, write or address() of memory already freed, through the freed object or a stale alias. */
    USE_AFTER_FREE("use-after-free"),
    /** An owner retired before what it owns: device-local aliases retired while their backing is live. */
    FREE_ORDER("free-order-violation"),
    /** A MeshDevice closed while mesh buffers on it were still allocated. */
    MESH_CLOSED_LIVE("mesh-closed-with-live-buffers"),
    /** A buffer kept alive only by the pool of a program that was never closed or released. */
    PROGRAM_POOL_LEAK("program-pool-leak"),
    /** Static circular buffers of a program overlap L1 buffers (or grow beyond L1). */
    CB_CLASH("cb-clash"),
    /** The allocator could not satisfy a request. */
    OUT_OF_MEMORY("out-of-memory");

    private final String text;

    FindingKind(String text) {
        this.text = text;
    }

    /** Returns the report name, e.g. {@code double-free}. */
    public String text() {
        return text;
    }

    /** Returns whether this kind is a leak (grouped by allocation site in the text report). */
    public boolean isLeak() {
        return this == LEAK || this == PROGRAM_POOL_LEAK;
    }
}
