package dev.custody.agent.instrumentation;

import dev.custody.agent.tooling.PortInstrumentation;
import java.util.List;

/** Every port instrumentation, in the order they are installed. */
public final class PortInstrumentations {
    private PortInstrumentations() {}

    /** Returns the instrumentations of all port types. */
    public static List<PortInstrumentation> all() {
        return List.of();
    }
}
