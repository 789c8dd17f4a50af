package dev.custody.bench;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.bootstrap.NoSink;

/**
 * The {@code advice} configuration's sink: it asks for every event, as the ledger does, so the advice computes and
 * delivers each one, and then drops it. A benchmark fork with {@link #PROPERTY} set installs it in place of the
 * agent's ledger before its first event; {@code track} minus {@code advice} is the ledger's own cost.
 */
final class EventsDropped {
    /** The system property that asks a benchmark fork to install the sink (not {@code custody.*}: the agent owns those). */
    static final String PROPERTY = "dev.custody.bench.dropEvents";

    private EventsDropped() {}

    /**
     * Installs the sink if {@link #PROPERTY} asks for it; call it before the fork's first event (before any device is
     * opened). Without the property this does nothing and needs no agent.
     *
     * @throws IllegalStateException if an event already fixed the agent's sink: the fork would measure the ledger,
     *     not the advice alone, so it must not go on
     */
    static void installIfAsked() {
        if (Boolean.getBoolean(PROPERTY)) {
            Sink.install();
        }
    }

    // A nested class, reached by a static call only: a fork that does not install it never loads it (nor NoSink, which
    // a fork without the agent lacks).
    private static final class Sink extends NoSink {
        static void install() {
            Custody.install(new Sink());
        }

        @Override
        public boolean tracksOwnership() {
            return true;
        }
    }
}
