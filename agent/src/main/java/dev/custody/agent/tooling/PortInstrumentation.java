package dev.custody.agent.tooling;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * The advice for one port type: which type, which methods get which advice class, and code inserted where advice
 * cannot reach.
 */
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

    /**
     * Returns the visitor that inserts code inside this type's method bodies (where advice, which wraps whole
     * methods, cannot reach), or {@link AsmVisitorWrapper.NoOp#INSTANCE} for none.
     */
    default AsmVisitorWrapper visitor() {
        return AsmVisitorWrapper.NoOp.INSTANCE;
    }
}
