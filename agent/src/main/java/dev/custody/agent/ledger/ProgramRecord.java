package dev.custody.agent.ledger;

import java.util.ArrayList;
import java.util.List;

/** A Program with buffers in its pool. Guarded by its own monitor (pool changes are rare). */
final class ProgramRecord {
    final long id;
    final List<Allocation> pool = new ArrayList<>();
    int addSite;

    ProgramRecord(long id) {
        this.id = id;
    }
}
