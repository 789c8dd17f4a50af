package dev.custody.agent.ledger;

/** A map key that compares its object by reference. */
final class IdentityKey {
    private final Object object;
    private final int hash;

    IdentityKey(Object object) {
        this.object = object;
        this.hash = System.identityHashCode(object);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityKey k && k.object == object;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
