package dev.custody.agent.instrumentation.device;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.device.ProgramCache;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** {@code ProgramCache.clear} and {@code disableAndClear}: evictions, which close the cached programs. */
public final class ProgramCacheInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.device.ProgramCache";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        return advice.advice(
                named("clear").or(named("disableAndClear")),
                ProgramCacheInstrumentation.class.getName() + "$ClearAdvice");
    }

    /** A clear evicts every entry. */
    public static final class ClearAdvice {
        private ClearAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This ProgramCache self) {
            Custody.programCacheCleared(-1, self.numEntries());
        }
    }
}
