package dev.custody.itest.scenario;

/**
 * An application resource outside the port, tracked only through a rules file: constructors acquire,
 * {@link #release()} releases, {@link #holdsResource()} is false for the shared empty lease, and
 * {@link #owner()} names the owner of a shared alias, and {@link #read()} needs the resource.
 */
public final class Lease {
    static final Lease EMPTY = new Lease("empty", null, false);

    private final String name;
    private final Lease owner;
    private final boolean holds;

    Lease(String name) {
        this(name, null, true);
    }

    private Lease(String name, Lease owner, boolean holds) {
        this.name = name;
        this.owner = owner;
        this.holds = holds;
    }

    /** {@return an alias of this lease, owned by it} */
    Lease share() {
        return new Lease(name + "'", this, true);
    }

    boolean holdsResource() {
        return holds;
    }

    Lease owner() {
        return owner;
    }

    void release() {
        // The resource goes back after a last read: a use inside the release is the release's own, not a use after it.
        if (read() == null) {
            throw new IllegalStateException("lease without a name");
        }
    }

    /** {@return what the lease holds}; needs the resource (a {@code use} method in the rules). */
    String read() {
        return name;
    }

    @Override
    public String toString() {
        return "Lease " + name;
    }
}
