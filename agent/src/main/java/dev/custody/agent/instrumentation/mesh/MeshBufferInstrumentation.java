package dev.custody.agent.instrumentation.mesh;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshDevice;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code MeshBuffer}: {@code create} (the backing allocation and the device-local aliases), {@code deallocate}
 * and {@code close} (backing first, then the aliases retire).
 */
// BufferType and AllocationStatus ordinals are the values the events carry (BufferType.ordinal() is the wire value).
@SuppressWarnings("EnumOrdinal")
public final class MeshBufferInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.mesh.MeshBuffer";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String prefix = MeshBufferInstrumentation.class.getName();
        return advice.advice(named("create"), prefix + "$CreateAdvice")
                .advice(named("deallocate"), prefix + "$DeallocateAdvice")
                .advice(named("close"), prefix + "$CloseAdvice");
    }

    /** MeshBuffer.create, owned or externally owned. */
    public static final class CreateAdvice {
        private CreateAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            if (Custody.tracking()) {
                Custody.meshBufferCreating();
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Return MeshBuffer created) {
            if (!Custody.tracking()) {
                return;
            }
            if (created == null) {
                Custody.meshBufferCreated(null, null, -1, -1, null, null, -1, 0, 0);
                return;
            }
            MeshDevice mesh = created.device();
            Buffer backing = created.getBackingBuffer();
            List<Buffer> locals = created.deviceBuffers();
            long[] uids = new long[locals.size()];
            int[] deviceIds = new int[uids.length];
            for (int i = 0; i < uids.length; i++) {
                Buffer local = locals.get(i);
                uids[i] = local.uniqueId();
                deviceIds[i] = local.device().id();
            }
            Custody.meshBufferCreated(
                    created,
                    mesh.allocator(),
                    mesh.id(),
                    backing == null ? -1 : backing.uniqueId(),
                    uids,
                    deviceIds,
                    created.deviceLocalConfig().bufferType().ordinal(),
                    created.address(),
                    created.deviceLocalSize());
        }
    }

    /** MeshBuffer.deallocate returned: the backing reference is gone, the aliases are stale. */
    public static final class DeallocateAdvice {
        private DeallocateAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This MeshBuffer self) {
            if (Custody.tracking()) {
                Custody.meshBufferDeallocated(self, self.address());
            }
        }
    }

    /** MeshBuffer.close returned: the device-local aliases are released. */
    public static final class CloseAdvice {
        private CloseAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This MeshBuffer self) {
            if (Custody.tracking()) {
                Custody.meshBufferClosed(self, self.address());
            }
        }
    }
}
