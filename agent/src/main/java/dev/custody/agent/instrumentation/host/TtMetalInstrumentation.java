package dev.custody.agent.instrumentation.host;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.instrumentation.buffer.AddressCheck;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.mesh.MeshBuffer;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code TtMetal}: {@code enqueueReadBuffer}, {@code enqueueWriteBuffer} and their mesh variants. An owning
 * allocated buffer or an owned mesh buffer is checked in the advice itself (no call); anything else asks the
 * ledger whether its memory was freed.
 */
// BufferType and AllocationStatus ordinals are the values the events carry (BufferType.ordinal() is the wire value).
@SuppressWarnings("EnumOrdinal")
public final class TtMetalInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.TtMetal";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String prefix = TtMetalInstrumentation.class.getName();
        return advice.advice(named("enqueueReadBuffer"), prefix + "$ReadAdvice")
                .advice(named("enqueueWriteBuffer"), prefix + "$WriteAdvice")
                .advice(named("enqueueReadMeshBuffer"), prefix + "$ReadMeshAdvice")
                .advice(named("enqueueWriteMeshBuffer"), prefix + "$WriteMeshAdvice");
    }

    /** EnqueueReadBuffer. */
    public static final class ReadAdvice {
        private ReadAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Buffer buffer) {
            if (buffer != null && Custody.tracking()) {
                AddressCheck.used(buffer, Custody.READ);
            }
        }
    }

    /** EnqueueWriteBuffer. */
    public static final class WriteAdvice {
        private WriteAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) Buffer buffer) {
            if (buffer != null && Custody.tracking()) {
                AddressCheck.used(buffer, Custody.WRITE);
            }
        }
    }

    /** EnqueueReadMeshBuffer. */
    public static final class ReadMeshAdvice {
        private ReadMeshAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) MeshBuffer meshBuffer) {
            if (meshBuffer != null && Custody.tracking() && meshBuffer.state() != MeshBuffer.State.OWNED) {
                Custody.meshBufferUsed(meshBuffer, meshBuffer.address(), meshBuffer.isAllocated(), Custody.READ);
            }
        }
    }

    /** EnqueueWriteMeshBuffer. */
    public static final class WriteMeshAdvice {
        private WriteMeshAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.Argument(0) MeshBuffer meshBuffer) {
            if (meshBuffer != null && Custody.tracking() && meshBuffer.state() != MeshBuffer.State.OWNED) {
                Custody.meshBufferUsed(meshBuffer, meshBuffer.address(), meshBuffer.isAllocated(), Custody.WRITE);
            }
        }
    }
}
