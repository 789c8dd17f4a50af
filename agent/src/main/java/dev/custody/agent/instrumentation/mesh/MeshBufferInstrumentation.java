package dev.custody.agent.instrumentation.mesh;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.buffer.Buffer;
import dev.custody.metal.mesh.DeviceLocalBufferConfig;
import dev.custody.metal.mesh.MeshBuffer;
import dev.custody.metal.mesh.MeshDevice;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code MeshBuffer}: {@code create} and its last step {@code initializeDeviceBuffers} (the backing allocation and
 * the device-local aliases), {@code deallocate} and {@code close} (backing first, then the aliases retire).
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
                .advice(named("initializeDeviceBuffers"), prefix + "$InitializeDeviceBuffersAdvice")
                .advice(named("deallocate"), prefix + "$DeallocateAdvice")
                .advice(named("close"), prefix + "$CloseAdvice");
    }

    /**
     * MeshBuffer.create, owned or externally owned: what is allocated inside belongs to the mesh buffer. A
     * successful create is reported by {@link InitializeDeviceBuffersAdvice}; only a failed one is reported here.
     */
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
            if (created == null && Custody.tracking()) {
                Custody.meshBufferCreated(null, null, -1, -1, null, null, -1, 0, 0);
            }
        }
    }

    /**
     * The last step of a successful create (both forms call it just before returning): the mesh buffer, its backing
     * buffer and its device-local buffers are complete. Reads the fields directly: the public {@code deviceBuffers()}
     * copies the list under the mesh buffer's lock.
     */
    public static final class InitializeDeviceBuffersAdvice {
        private InitializeDeviceBuffersAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(
                @Advice.This MeshBuffer self,
                @Advice.FieldValue("meshDevice") MeshDevice mesh,
                @Advice.FieldValue("backingBuffer") Buffer backing,
                @Advice.FieldValue("buffers") List<Buffer> locals,
                @Advice.FieldValue("deviceLocalConfig") DeviceLocalBufferConfig localConfig,
                @Advice.FieldValue("address") long address,
                @Advice.FieldValue("deviceLocalSize") long localSize) {
            if (!Custody.tracking()) {
                return;
            }
            if (mesh.isClosed()) {
                // Closed under the create (it then makes no device-local buffers): end the creation, record nothing.
                Custody.meshBufferCreated(null, null, -1, -1, null, null, -1, 0, 0);
                return;
            }
            long[] uids = new long[locals.size()];
            int[] deviceIds = new int[uids.length];
            for (int i = 0; i < uids.length; i++) {
                Buffer local = locals.get(i);
                uids[i] = local.uniqueId();
                deviceIds[i] = local.device().id();
            }
            Custody.meshBufferCreated(
                    self,
                    mesh.allocator(),
                    mesh.id(),
                    backing == null ? -1 : backing.uniqueId(),
                    uids,
                    deviceIds,
                    localConfig.bufferType().ordinal(),
                    address,
                    localSize);
        }
    }

    /** MeshBuffer.deallocate returned: the backing reference is gone, the aliases are stale. */
    public static final class DeallocateAdvice {
        private DeallocateAdvice() {}

        // Whether this call deallocates: close() calls deallocate() again, and a mesh buffer deallocated before was
        // reported then (the ledger keeps the first deallocation), so the repeat costs no lookup.
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static boolean enter(@Advice.FieldValue("state") MeshBuffer.State state) {
            return state != MeshBuffer.State.DEALLOCATED;
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This MeshBuffer self, @Advice.Enter boolean deallocating) {
            if (deallocating && Custody.tracking()) {
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
