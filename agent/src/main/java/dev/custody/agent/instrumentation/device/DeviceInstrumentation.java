package dev.custody.agent.instrumentation.device;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.buffer.BufferType;
import dev.custody.metal.device.Device;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code Device.open}: what is allocated while a device opens is its own; the opened device is registered with its
 * capacities. Its close is seen at {@code Allocator.deallocateBuffers}.
 */
public final class DeviceInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.device.Device";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        return advice.advice(named("open"), DeviceInstrumentation.class.getName() + "$OpenAdvice");
    }

    /** Device.open. */
    public static final class OpenAdvice {
        private OpenAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter() {
            Custody.deviceOpening();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Return Device device) {
            if (device == null) {
                Custody.deviceOpened(null, null, -1, false, "", 0, 0, 0, 0, null);
                return;
            }
            Allocator a = device.allocator();
            Custody.deviceOpened(
                    device,
                    a,
                    device.id(),
                    false,
                    device.spec().arch().name(),
                    a.getNumBanks(BufferType.DRAM) * a.getBankSize(BufferType.DRAM),
                    a.getNumBanks(BufferType.L1) * a.getBankSize(BufferType.L1),
                    a.getNumBanks(BufferType.L1_SMALL) * a.getBankSize(BufferType.L1_SMALL),
                    a.getNumBanks(BufferType.TRACE) * a.getBankSize(BufferType.TRACE),
                    null);
        }
    }
}
