package dev.custody.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.bootstrap.NoSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

// Custody's sink is JVM-wide: these tests only install (no event fixes it) and put the no-op sink back.
class EventsDroppedTest {
    @AfterEach
    void restore() {
        System.clearProperty(EventsDropped.PROPERTY);
        Custody.install(NoSink.INSTANCE);
    }

    @Test
    void installIfAsked_withoutTheProperty_leavesTheSinkAlone() {
        EventsDropped.installIfAsked();

        assertThat(Custody.sink()).isSameAs(NoSink.INSTANCE);
    }

    @Test
    void installIfAsked_withTheProperty_installsASinkThatAsksForEveryEvent() {
        System.setProperty(EventsDropped.PROPERTY, "true");

        EventsDropped.installIfAsked();

        assertThat(Custody.sink()).isNotSameAs(NoSink.INSTANCE);
        // Asking for every event is what makes the advice compute and deliver each one, as under the ledger.
        assertThat(Custody.sink().tracksOwnership()).isTrue();
    }
}
