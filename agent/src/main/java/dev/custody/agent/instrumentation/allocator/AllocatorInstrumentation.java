package dev.custody.agent.instrumentation.allocator;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.custody.agent.bootstrap.Custody;
import dev.custody.agent.tooling.PortInstrumentation;
import dev.custody.metal.allocator.Allocator;
import dev.custody.metal.buffer.BufferType;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;

/**
 * {@code Allocator}: its constructor (the allocator and its lock), {@code allocateBuffer} and {@code deallocateBuffer} (the address handed out or about to be freed,
 * from inside the allocator's critical section: {@link CriticalSectionEvents}; and by advice, the out-of-memory
 * error) and {@code deallocateBuffers} (the device's close: whatever is still live is retired).
 */
// BufferType and AllocationStatus ordinals are the values the events carry (BufferType.ordinal() is the wire value).
@SuppressWarnings("EnumOrdinal")
public final class AllocatorInstrumentation implements PortInstrumentation {
    private final boolean advice;

    /** The allocator's whole instrumentation: the constructor, the out-of-memory error, the close, and both events. */
    public AllocatorInstrumentation() {
        this(true);
    }

    private AllocatorInstrumentation(boolean advice) {
        this.advice = advice;
    }

    /**
     * Returns the allocator's allocate and free events without any advice ({@code level=count}, whose sink ignores
     * the constructor, the out-of-memory error and the close).
     */
    public static AllocatorInstrumentation eventsOnly() {
        return new AllocatorInstrumentation(false);
    }

    @Override
    public String typeName() {
        return "dev.custody.metal.allocator.Allocator";
    }

    @Override
    public AgentBuilder.Transformer.ForAdvice apply(AgentBuilder.Transformer.ForAdvice advice) {
        if (!this.advice) {
            return advice;
        }
        String prefix = AllocatorInstrumentation.class.getName();
        return advice.advice(isConstructor(), prefix + "$ConstructorAdvice")
                .advice(named("allocateBuffer"), prefix + "$AllocateBufferAdvice")
                .advice(named("deallocateBuffers"), prefix + "$DeallocateBuffersAdvice");
    }

    @Override
    public AsmVisitorWrapper visitor() {
        return CriticalSectionEvents.wrapper();
    }

    /** A new allocator, and the lock its methods hold (which its allocate and free events arrive under). */
    public static final class ConstructorAdvice {
        private ConstructorAdvice() {}

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Allocator self, @Advice.FieldValue("lock") Object lock) {
            if (Custody.tracking()) {
                Custody.allocatorCreated(self, lock);
            }
        }
    }

    /** The allocator failed to hand out a block (its success is reported from inside it). */
    public static final class AllocateBufferAdvice {
        private AllocateBufferAdvice() {}

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(
                @Advice.This Allocator self,
                @Advice.Argument(0) BufferType type,
                @Advice.Argument(1) long alignedSize,
                @Advice.Thrown Throwable thrown) {
            if (thrown != null) {
                Custody.allocatorFailed(self, type == null ? -1 : type.ordinal(), alignedSize, thrown);
            }
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
