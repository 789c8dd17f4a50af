package dev.custody.agent.instrumentation.allocator;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.buffer.BufferType;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * {@code Allocator}: {@code allocateBuffer} (exit: the address handed out, or the out-of-memory error),
 * {@code deallocateBuffer} (enter: the address about to be freed) and {@code deallocateBuffers} (the device's
 * close: whatever is still live is retired).
 */
// BufferType and AllocationStatus ordinals are the values the events carry (BufferType.ordinal() is the wire value).
@SuppressWarnings("EnumOrdinal")
public final class AllocatorInstrumentation implements PortInstrumentation {
    @Override
    public String typeName() {
        return "dev.custody.metal.allocator.Allocator";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        String prefix = AllocatorInstrumentation.class.getName();
        return advice.advice(named("allocateBuffer"), prefix + "$AllocateBufferAdvice")
                .advice(named("deallocateBuffer"), prefix + "$DeallocateBufferAdvice")
                .advice(named("deallocateBuffers"), prefix + "$DeallocateBuffersAdvice");
    }

    /** The allocator handed out {@code address}, or failed. */
    public static final class AllocateBufferAdvice {
        private AllocateBufferAdvice() {}

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(
                @Advice.This Allocator self,
                @Advice.Argument(0) BufferType type,
                @Advice.Argument(1) long alignedSize,
                @Advice.Return long address,
                @Advice.Thrown Throwable thrown) {
            int t = type == null ? -1 : type.ordinal();
            if (thrown == null) {
                Custody.allocatorAllocated(self, t, address, alignedSize);
            } else {
                Custody.allocatorFailed(self, t, alignedSize, thrown);
            }
        }
    }

    /** The allocator is about to free {@code address}. */
    public static final class DeallocateBufferAdvice {
        private DeallocateBufferAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(
                @Advice.This Allocator self, @Advice.Argument(0) BufferType type, @Advice.Argument(1) long address) {
            Custody.allocatorFreeing(self, type == null ? -1 : type.ordinal(), address);
        }
    }

    /** The device closes its allocator: no per-buffer frees follow. */
    public static final class DeallocateBuffersAdvice {
        private DeallocateBuffersAdvice() {}

        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Allocator self) {
            if (Custody.tracking()) {
                Custody.allocatorClosing(self, -1, false);
            }
        }
    }
}
