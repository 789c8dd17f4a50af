package dev.custody.agent.tooling;

import net.bytebuddy.agent.builder.AgentBuilder;

/** The advice for one port type: which type, and which methods get which advice class. */
public interface PortInstrumentation {
    /** Returns the binary name of the instrumented type. */
    String typeName();

    /**
     * Adds this type's advice entries.
     *
     * @param advice the transformer to extend (already configured with the exception handler)
     * @return the extended transformer
     */
    AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice);
}
