package dev.custody.agent.ledger;

/** Something that can produce the exit report's snapshot: the ledger, or the counting sink. */
public interface SnapshotSource {
    /** Runs the exit leak check (if any) and returns the final snapshot. */
    Snapshot exitSnapshot();
}
