package dev.custody.metal.llama;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An ownership bug the llama job can inject on purpose ({@code --bug KIND}). Each is injected at one source line in
 * a {@link BugInjector} method named for it and marked {@code // <-- injected bug: KIND}.
 */
public enum Bug {
    /** A buffer is created and never freed; the run still closes every device. */
    LEAK("leak"),
    /** A view is read after its root was deallocated and the address reused; the read returns the new owner's bytes. */
    STALE_VIEW("stale-view"),
    /** A program is dropped without being closed while its pool still holds a buffer. */
    POOL("pool"),
    /** The mesh is closed while mesh buffers are live; they are deallocated afterwards (the mesh-gone path). */
    MESH_CLOSED_FIRST("mesh-closed-first"),
    /** DeallocateBuffer twice on the same buffer, then close. */
    DOUBLE_FREE("double-free"),
    /** DeallocateBuffer on a view (a no-op upstream). */
    ALIAS_FREE("alias-free"),
    /** L1 buffers grow down into the static CB region; the next enqueue fails with the CB clash error. */
    CB_CLASH("cb-clash");

    private final String kind;

    Bug(String kind) {
        this.kind = kind;
    }

    /** {@return the command-line name, e.g. {@code stale-view}} */
    public String kind() {
        return kind;
    }

    /**
     * {@return the bug named {@code kind}}
     *
     * @param kind a command-line name
     * @throws IllegalArgumentException if no bug has that name (the message lists the names)
     */
    public static Bug fromKind(String kind) {
        for (Bug b : values()) {
            if (b.kind.equals(kind)) {
                return b;
            }
        }
        throw new IllegalArgumentException("--bug " + kind + " is not a known bug; use one of " + kinds());
    }

    /** {@return every command-line name, separated by {@code |}} */
    public static String kinds() {
        return Arrays.stream(values()).map(Bug::kind).collect(Collectors.joining("|"));
    }
}
