package dev.custody.agent.instrumentation.program;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** {@code MeshWorkload.loadBinaries}: the workload's kernel-binary mesh buffer is kernel-binary memory. */
public final class MeshWorkloadInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.program.MeshWorkload";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        return advice.advice(
                named("loadBinaries"), MeshWorkloadInstrumentation.class.getName() + "$LoadBinariesAdvice");
    }

    /** MeshWorkload.loadBinaries. */
    public static final class LoadBinariesAdvice {
        private LoadBinariesAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Custody.kernelBinaries(true);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit() {
            Custody.kernelBinaries(false);
        }
    }
}
