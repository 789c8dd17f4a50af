package dev.custody.agent.ledger;

/** Answers a rules file's predicates about a resource object: whether it owns its resource, and its owner. */
public interface RuleIntrospector {
    /** Returns false when the rules say {@code resource} does not own a resource (it is then not tracked). */
    boolean owns(Object resource);

    /** Returns the owner the rules name for {@code resource} (an alias's owner), or null / the resource itself. */
    Object owner(Object resource);

    /**
     * Returns whether the rules name methods that use a resource ({@code use}): released resources are then
     * remembered, with their release sites, until collected.
     */
    default boolean tracksUse() {
        return false;
    }
}
