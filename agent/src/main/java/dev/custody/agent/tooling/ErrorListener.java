package dev.custody.agent.tooling;

import dev.custody.agent.bootstrap.AgentErrors;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/** Reports transformation errors only: counted in {@link AgentErrors} and printed once per class. */
final class ErrorListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(String typeName, ClassLoader classLoader, JavaModule module, boolean loaded, Throwable error) {
        AgentErrors.recordTransform(typeName, error);
        System.err.println("custody: could not instrument " + typeName + ": " + error);
    }

    @Override
    public void onTransformation(
            TypeDescription typeDescription,
            ClassLoader classLoader,
            JavaModule module,
            boolean loaded,
            DynamicType dynamicType) {
        // Errors only.
    }
}
