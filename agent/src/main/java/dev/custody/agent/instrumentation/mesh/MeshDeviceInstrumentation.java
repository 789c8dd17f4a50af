package dev.custody.agent.instrumentation.mesh;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import dev.custody.metal.mesh.MeshDevice;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** {@code MeshDevice.create}: registers the mesh's own allocator and its physical devices. */
public final class MeshDeviceInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.mesh.MeshDevice";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        return advice.advice(named("create"), MeshDeviceInstrumentation.class.getName() + "$CreateAdvice");
    }

    /** MeshDevice.create. */
    public static final class CreateAdvice {
        private CreateAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Custody.deviceOpening();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Return MeshDevice mesh) {
            if (mesh == null) {
                Custody.deviceOpened(null, null, -1, true, "", 0, 0, 0, 0, null);
                return;
            }
            List<Device> devices = mesh.getDevices();
            int[] ids = new int[devices.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = devices.get(i).id();
            }
            Allocator a = mesh.allocator();
            Custody.deviceOpened(
                    mesh,
                    a,
                    mesh.id(),
                    true,
                    mesh.spec().arch().name(),
                    a.getNumBanks(BufferType.DRAM) * a.getBankSize(BufferType.DRAM),
                    a.getNumBanks(BufferType.L1) * a.getBankSize(BufferType.L1),
                    a.getNumBanks(BufferType.L1_SMALL) * a.getBankSize(BufferType.L1_SMALL),
                    a.getNumBanks(BufferType.TRACE) * a.getBankSize(BufferType.TRACE),
                    ids);
        }
    }
}
