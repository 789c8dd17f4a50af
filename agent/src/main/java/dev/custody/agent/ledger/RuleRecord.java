package dev.custody.agent.ledger;

/** A resource of a class named in a rules file, tracked by identity. */
final class RuleRecord {
    final String type;
    final int identity;
    final int allocSite;
    Throwable allocStack;
    volatile boolean released;
    volatile int freeSite;
    volatile boolean reported;
    /** Whether a use after its release was reported (once per resource). */
    boolean usedAfterRelease;
    /** For an alias: the record of its owner, if tracked. */
    volatile RuleRecord owner;

    RuleRecord(String type, int identity, int allocSite) {
        this.type = type;
        this.identity = identity;
        this.allocSite = allocSite;
    }
}
